import { readLineFeed, soleAddress, withoutComment } from "./lineFeed.js";
import type { ParsedFeed } from "./parsedFeed.js";

/**
 * Reads the Tor Project's bulk exit list: one exit address per line. Prefixes are refused, since
 * the list names relays, not networks; `#` comments are tolerated.
 */
export function parseTorBulkExitList(text: string, feedName: string): ParsedFeed {
  return readLineFeed(text, feedName, (line) => {
    const listedAs = soleAddress(withoutComment(line, "#"), false);
    return listedAs === null ? null : { listedAs };
  });
}
