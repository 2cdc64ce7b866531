import type { PrefixPayload } from "./ipPrefixSet.js";
import { formatIpPrefix, parseIpPrefix } from "./ipPrefix.js";

/**
 * One address or prefix as a threat-intelligence feed or Tor exit list lists it. Times are epoch
 * ms; `validFromMs`/`validUntilMs` bound when the entry applies, `lastSeenMs` is only evidence.
 */
export interface ThreatEntry extends PrefixPayload {
  /** The configured name of the feed or list, e.g. `spamhaus-drop`. */
  feedName: string;
  /** The address or prefix exactly as the feed wrote it. */
  listedAs: string;
  /** The canonical prefix, e.g. `198.51.100.0/24` or `198.51.100.7/32`. */
  prefix: string;
  /** The 1-based line of the feed text the entry came from. */
  line: number;
  /** The feed's own weight for the entry: IPsum's blocklist count, STIX `confidence`. */
  score?: number;
  /** What the feed says about the entry: malware family, Spamhaus SBL id, Tor fingerprint. */
  detail?: string;
  /** When the feed last saw the address active, e.g. a Tor `ExitAddress` test time. */
  lastSeenMs?: number;
}

/** The fields a parser knows about an entry; the canonical prefix is derived from `listedAs`. */
export type ThreatEntryFields = Omit<ThreatEntry, "feedName" | "prefix" | "line">;

/**
 * An entry for `fields.listedAs`, which must be an address or a prefix written with its network
 * address. Throws `IpPrefixError` otherwise. Absent optional fields are left out, not undefined.
 */
export function createThreatEntry(
  feedName: string,
  line: number,
  fields: ThreatEntryFields,
): ThreatEntry {
  const entry: ThreatEntry = {
    feedName,
    listedAs: fields.listedAs,
    prefix: formatIpPrefix(parseIpPrefix(fields.listedAs)),
    line,
  };
  if (fields.score !== undefined) entry.score = fields.score;
  if (fields.detail !== undefined) entry.detail = fields.detail;
  if (fields.lastSeenMs !== undefined) entry.lastSeenMs = fields.lastSeenMs;
  if (fields.validFromMs !== undefined) entry.validFromMs = fields.validFromMs;
  if (fields.validUntilMs !== undefined) entry.validUntilMs = fields.validUntilMs;
  return entry;
}
