import { quoteValue } from "../parsing/recordRejection.js";
import { feedLines } from "./feedLines.js";
import { emptyParsedFeed, FeedLineError, type ParsedFeed, readFeedLine } from "./parsedFeed.js";
import { createThreatEntry, type ThreatEntry, type ThreatEntryFields } from "./threatEntry.js";

/** Reads one line's text: its entry fields, null for a comment or blank, or throws FeedLineError. */
export type LineReader = (text: string) => ThreatEntryFields | null;

const keepAll = (): boolean => true;

/**
 * Reads a feed that lists one entry per line. `keep` leaves entries out on purpose, such as those
 * under a score threshold; they are neither entries nor rejections.
 */
export function readLineFeed(
  text: string,
  feedName: string,
  readLine: LineReader,
  keep: (entry: ThreatEntry) => boolean = keepAll,
): ParsedFeed {
  const parsed = emptyParsedFeed();
  for (const { lineNumber, text: line } of feedLines(text)) {
    readFeedLine(parsed, lineNumber, () => {
      const fields = readLine(line);
      if (fields === null) return null;
      const entry = createThreatEntry(feedName, lineNumber, fields);
      return keep(entry) ? entry : null;
    });
  }
  return parsed;
}

/** The part of `line` before the first `marker`. */
export function withoutComment(line: string, marker: string): string {
  const start = line.indexOf(marker);
  return start === -1 ? line : line.slice(0, start);
}

/** The whitespace-separated words of `content`, none for a blank. */
export function wordsOf(content: string): string[] {
  const trimmed = content.trim();
  return trimmed === "" ? [] : trimmed.split(/\s+/);
}

/**
 * The one address or prefix on a line, or null for a blank. Throws FeedLineError when there is
 * more, or, unless `allowPrefix`, when it is a prefix.
 */
export function soleAddress(content: string, allowPrefix: boolean): string | null {
  const words = wordsOf(content);
  if (words.length === 0) return null;

  const expected = allowPrefix ? "one address or prefix" : "one address";
  if (words.length > 1) {
    throw new FeedLineError(`expected ${expected} per line, found ${quoteValue(content.trim())}`);
  }
  const [listed = ""] = words;
  if (!allowPrefix && listed.includes("/")) {
    throw new FeedLineError(
      `expected ${expected} per line, found the prefix ${quoteValue(listed)}`,
    );
  }
  return listed;
}
