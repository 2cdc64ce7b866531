import { readLineFeed, soleAddress } from "./lineFeed.js";
import type { ParsedFeed } from "./parsedFeed.js";

/**
 * Reads a Spamhaus DROP-style list: `192.0.2.0/24 ; SBL123456` per line and `;` comment lines.
 * The text after `;` on an entry line (the SBL record id) becomes the entry's detail.
 */
export function parseCidrList(text: string, feedName: string): ParsedFeed {
  return readLineFeed(text, feedName, (line) => {
    const semicolon = line.indexOf(";");
    const content = semicolon === -1 ? line : line.slice(0, semicolon);
    const listedAs = soleAddress(content, true);
    if (listedAs === null) return null;

    const detail = semicolon === -1 ? "" : line.slice(semicolon + 1).trim();
    return detail === "" ? { listedAs } : { listedAs, detail };
  });
}
