import { quoteValue } from "../parsing/recordRejection.js";
import { readLineFeed, withoutComment, wordsOf } from "./lineFeed.js";
import { FeedLineError, type ParsedFeed } from "./parsedFeed.js";
import type { ThreatEntry } from "./threatEntry.js";

/** Options of `parseScoredIpList`. */
export interface ScoredIpListOptions {
  /** Entries scored below this are left out (not rejected); absent keeps every entry. */
  minScore?: number;
}

const SCORE = /^[0-9]+(?:\.[0-9]+)?$/;

/**
 * Reads an IPsum-style list: `#` comment header, then `address<TAB>count` per line, where the
 * count (how many blocklists name the address) becomes the entry's score.
 */
export function parseScoredIpList(
  text: string,
  feedName: string,
  options: ScoredIpListOptions = {},
): ParsedFeed {
  const { minScore } = options;
  if (minScore !== undefined && !(Number.isFinite(minScore) && minScore >= 0)) {
    throw new Error(
      `minScore of feed ${JSON.stringify(feedName)} is ${String(minScore)}; ` +
        "expected a finite number of at least 0",
    );
  }

  const keep = (entry: ThreatEntry): boolean => minScore === undefined || entry.score! >= minScore;
  return readLineFeed(text, feedName, readScoredLine, keep);
}

function readScoredLine(line: string): { listedAs: string; score: number } | null {
  const words = wordsOf(withoutComment(line, "#"));
  if (words.length === 0) return null;

  const [listedAs = "", score = ""] = words;
  if (words.length !== 2) {
    throw new FeedLineError(
      `expected an address and a score separated by a tab, found ${quoteValue(line.trim())}`,
    );
  }
  if (!SCORE.test(score)) {
    throw new FeedLineError(`score ${quoteValue(score)} of ${listedAs} is not a number`);
  }
  return { listedAs, score: Number(score) };
}
