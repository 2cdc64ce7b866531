import { detectFeedFormat, type ThreatFeedFormat } from "./detectFeedFormat.js";
import { parseAbuseChCsv } from "./parseAbuseChCsv.js";
import { parseCidrList } from "./parseCidrList.js";
import type { ParsedFeed } from "./parsedFeed.js";
import { parsePlainIpList } from "./parsePlainIpList.js";
import { parseScoredIpList } from "./parseScoredIpList.js";
import { parseStixBundle } from "./parseStixBundle.js";
import { parseTorBulkExitList } from "./parseTorBulkExitList.js";
import { parseTorExitAddresses } from "./parseTorExitAddresses.js";

/** How to read one feed. */
export interface ThreatFeedOptions {
  /** The feed's format; `auto` (the default) uses `detectFeedFormat`. */
  format?: ThreatFeedFormat | "auto";
  /** For `scored-ip-list` feeds only: entries scored below this are left out. */
  minScore?: number;
}

/** A parsed feed and the format it was read as. */
export interface ParsedThreatFeed extends ParsedFeed {
  format: ThreatFeedFormat;
}

const PARSERS: Record<ThreatFeedFormat, (text: string, feedName: string) => ParsedFeed> = {
  "plain-ip-list": parsePlainIpList,
  "cidr-list": parseCidrList,
  "abusech-csv": parseAbuseChCsv,
  "scored-ip-list": parseScoredIpList,
  "stix-bundle": parseStixBundle,
  "tor-bulk-exit-list": parseTorBulkExitList,
  "tor-exit-addresses": parseTorExitAddresses,
};

/**
 * Reads a feed in the given or detected format. Throws when `minScore` is set for a format that
 * has no scores, since that is a configuration mistake rather than a fault in the feed.
 */
export function parseThreatFeed(
  text: string,
  feedName: string,
  options: ThreatFeedOptions = {},
): ParsedThreatFeed {
  const format = resolveFormat(text, feedName, options.format);
  if (format === "scored-ip-list") {
    return { format, ...parseScoredIpList(text, feedName, { minScore: options.minScore }) };
  }
  if (options.minScore !== undefined) {
    throw new Error(
      `minScore is set for feed ${JSON.stringify(feedName)}, whose format is ${format}; ` +
        "expected minScore only on scored-ip-list feeds",
    );
  }
  return { format, ...PARSERS[format](text, feedName) };
}

function resolveFormat(
  text: string,
  feedName: string,
  format: ThreatFeedFormat | "auto" | undefined,
): ThreatFeedFormat {
  if (format === undefined || format === "auto") return detectFeedFormat(text);
  if (!Object.hasOwn(PARSERS, format)) {
    throw new Error(
      `format of feed ${JSON.stringify(feedName)} is ${JSON.stringify(format)}; ` +
        `expected auto or one of ${Object.keys(PARSERS).join(", ")}`,
    );
  }
  return format;
}
