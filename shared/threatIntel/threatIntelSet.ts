import { basename } from "node:path";
import type { ThreatFeedFormat } from "./detectFeedFormat.js";
import { parseIpPrefix } from "./ipPrefix.js";
import { IpPrefixSet } from "./ipPrefixSet.js";
import { nonPublicOverlapOf } from "./nonPublicRange.js";
import type { FeedRejection, ParsedFeed } from "./parsedFeed.js";
import { parseThreatFeed, type ThreatFeedOptions } from "./parseThreatFeed.js";
import { parseTorExitList, torExitListFormatOf } from "./parseTorExitList.js";
import { readFeedText } from "./readFeedText.js";
import type { ThreatEntry } from "./threatEntry.js";

/** One configured threat-intelligence feed file. */
export interface FeedSource extends ThreatFeedOptions {
  /** Names the feed in alerts, e.g. `spamhaus-drop`; unique among feeds. */
  name: string;
  path: string;
}

/** The files a `ThreatIntelSet` loads; Tor lists are named after their file. */
export interface ThreatIntelSources {
  torExitLists: string[];
  feeds: FeedSource[];
}

/** What loading one list or feed did. */
export interface FeedLoad {
  name: string;
  /** `tor` for exit lists (API_AccessFromTorExitNode), `suspicious` for feeds. */
  role: "tor" | "suspicious";
  format: ThreatFeedFormat;
  /** Entries that can match, after rejections and score filtering. */
  entryCount: number;
  /** Refused lines in line order, including entries for non-public ranges. */
  rejections: FeedRejection[];
}

/** The entry that lists an address, and the other lists or feeds that list it as well. */
export interface ListingMatch {
  /** The most specific entry valid at the time asked, the first loaded among equals. */
  entry: ThreatEntry;
  alsoListedBy: string[];
}

/** A match in a Tor exit list. */
export type TorMatch = ListingMatch;

/** A match in a threat-intelligence feed. */
export type FeedMatch = ListingMatch;

/** What the lists say about one address at one time. */
export interface ThreatClassification {
  tor: TorMatch | null;
  suspicious: FeedMatch | null;
}

/**
 * Tor exit lists and threat-intelligence feeds, loaded once and asked per request which lists
 * name the client. Entries for private, loopback, link-local, unspecified or multicast ranges are
 * rejected at load, so a feed that lists 10.0.0.0/8 cannot flood alerts. Tor lists are snapshots
 * without validity windows: an exit from the list's day matches at any `atMs`, so stale lists
 * report relays that have since closed; reload them daily.
 */
export class ThreatIntelSet {
  private readonly tor = new IpPrefixSet<ThreatEntry>();
  private readonly suspicious = new IpPrefixSet<ThreatEntry>();

  /** How many Tor exit entries can match. */
  get torEntryCount(): number {
    return this.tor.size;
  }

  /** How many feed entries can match. */
  get suspiciousEntryCount(): number {
    return this.suspicious.size;
  }

  /** Adds a Tor exit list in either published form, telling them apart by content. */
  addTorExitList(text: string, listName: string): FeedLoad {
    const parsed = parseTorExitList(text, listName);
    const format = torExitListFormatOf(text);
    return { name: listName, role: "tor", format, ...addPublic(this.tor, parsed) };
  }

  /** Adds a threat-intelligence feed. Throws on contradictory options (see `parseThreatFeed`). */
  addFeed(text: string, feedName: string, options: ThreatFeedOptions = {}): FeedLoad {
    const { format, ...parsed } = parseThreatFeed(text, feedName, options);
    return { name: feedName, role: "suspicious", format, ...addPublic(this.suspicious, parsed) };
  }

  /**
   * Reads and adds every file (gzip or plain), Tor lists first, then feeds in configured order.
   * Throws before adding anything when a source is misconfigured or a file cannot be read.
   */
  async loadFromFiles(sources: ThreatIntelSources): Promise<FeedLoad[]> {
    validateSources(sources);
    const torTexts = await Promise.all(
      sources.torExitLists.map((path) => readSource("Tor exit list", path)),
    );
    const feedTexts = await Promise.all(
      sources.feeds.map((feed) => readSource(`feed ${JSON.stringify(feed.name)}`, feed.path)),
    );

    const loads = torTexts.map((text, index) =>
      this.addTorExitList(text, basename(sources.torExitLists[index]!)),
    );
    sources.feeds.forEach((feed, index) => {
      const options = { format: feed.format, minScore: feed.minScore };
      loads.push(this.addFeed(feedTexts[index]!, feed.name, options));
    });
    return loads;
  }

  /**
   * Which Tor exit list and which feed name `ip` at `atMs` (epoch ms), each null when none does.
   * Throws `IpPrefixError` when `ip` is not an address.
   */
  classify(ip: string, atMs: number): ThreatClassification {
    return {
      tor: listingOf(this.tor.matchAll(ip, atMs)),
      suspicious: listingOf(this.suspicious.matchAll(ip, atMs)),
    };
  }
}

function addPublic(
  set: IpPrefixSet<ThreatEntry>,
  parsed: ParsedFeed,
): Pick<FeedLoad, "entryCount" | "rejections"> {
  const rejections = [...parsed.rejections];
  let entryCount = 0;
  for (const entry of parsed.entries) {
    const prefix = parseIpPrefix(entry.prefix);
    const overlap = nonPublicOverlapOf(prefix);
    if (overlap === null) {
      set.addPrefix(prefix, entry);
      entryCount += 1;
      continue;
    }
    const relation = overlap.relation === "inside" ? "is in" : "covers";
    rejections.push({
      line: entry.line,
      reason:
        `${entry.listedAs} ${relation} the ${overlap.range.kind} range ${overlap.range.cidr}; ` +
        "private, loopback, link-local, unspecified and multicast addresses never match",
    });
  }
  return { entryCount, rejections: rejections.sort((a, b) => a.line - b.line) };
}

function listingOf(entries: ThreatEntry[]): ListingMatch | null {
  const [entry] = entries;
  if (entry === undefined) return null;
  const others = new Set(entries.map((listed) => listed.feedName));
  others.delete(entry.feedName);
  return { entry, alsoListedBy: [...others] };
}

function validateSources(sources: ThreatIntelSources): void {
  const names = new Set<string>();
  for (const feed of sources.feeds) {
    if (feed.name.trim() === "") {
      throw new Error(
        `threat feed at ${JSON.stringify(feed.path)} has an empty name; expected a name for alerts`,
      );
    }
    if (names.has(feed.name)) {
      throw new Error(
        `threat feed name ${JSON.stringify(feed.name)} is used twice; expected unique names`,
      );
    }
    names.add(feed.name);
  }
}

async function readSource(what: string, path: string): Promise<string> {
  try {
    return await readFeedText(path);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot read ${what} from ${JSON.stringify(path)}: ${message}`, {
      cause: error,
    });
  }
}
