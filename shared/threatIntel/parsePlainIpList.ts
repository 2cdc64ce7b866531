import { readLineFeed, soleAddress, withoutComment } from "./lineFeed.js";
import type { ParsedFeed } from "./parsedFeed.js";

/**
 * Reads a list of one address or prefix per line, with `#` comments (whole-line or trailing) and
 * any surrounding whitespace, as the ET, SSLBL and mirrored Spamhaus lists are written.
 */
export function parsePlainIpList(text: string, feedName: string): ParsedFeed {
  return readLineFeed(text, feedName, (line) => {
    const listedAs = soleAddress(withoutComment(line, "#"), true);
    return listedAs === null ? null : { listedAs };
  });
}
