import { quoteValue } from "../parsing/recordRejection.js";
import { parseIsoTimeMs } from "../parsing/timestamp.js";
import { feedLines } from "./feedLines.js";
import { wordsOf } from "./lineFeed.js";
import { emptyParsedFeed, FeedLineError, type ParsedFeed, readFeedLine } from "./parsedFeed.js";
import { createThreatEntry, type ThreatEntry } from "./threatEntry.js";

const FINGERPRINT = /^[0-9A-F]{40}$/i;

/**
 * Reads TorDNSEL's `exit-addresses`: records of `ExitNode <fingerprint>`, `Published`,
 * `LastStatus` and one or more `ExitAddress <address> <UTC date> <time>` lines. Each ExitAddress
 * line is one entry whose detail is the relay fingerprint and whose `lastSeenMs` is the time
 * the exit was last tested; relays sharing an address give one entry each.
 */
export function parseTorExitAddresses(text: string, feedName: string): ParsedFeed {
  const parsed = emptyParsedFeed();
  let fingerprint: string | null = null;
  for (const { lineNumber, text: line } of feedLines(text)) {
    const words = wordsOf(line);
    const keyword = words[0] ?? "";
    if (keyword === "ExitNode") fingerprint = null;

    readFeedLine(parsed, lineNumber, () => {
      if (keyword === "" || keyword.startsWith("#")) return null;
      if (keyword === "ExitNode") {
        fingerprint = readExitNode(words);
        return null;
      }
      const node = requireNode(fingerprint, keyword);
      return readRecordLine(words, node, feedName, lineNumber);
    });
  }
  return parsed;
}

function readExitNode(words: string[]): string {
  const [, fingerprint = ""] = words;
  if (words.length !== 2 || !FINGERPRINT.test(fingerprint)) {
    throw new FeedLineError(
      `ExitNode line ${quoteValue(words.join(" "))} does not hold one 40-digit hex fingerprint`,
    );
  }
  return fingerprint.toUpperCase();
}

function requireNode(fingerprint: string | null, keyword: string): string {
  if (fingerprint === null) {
    throw new FeedLineError(`${keyword} line is outside a valid ExitNode record`);
  }
  return fingerprint;
}

function readRecordLine(
  words: string[],
  fingerprint: string,
  feedName: string,
  line: number,
): ThreatEntry | null {
  const [keyword = ""] = words;
  switch (keyword) {
    case "Published":
    case "LastStatus":
      readTime(keyword, words.slice(1));
      return null;
    case "ExitAddress":
      return createThreatEntry(feedName, line, {
        listedAs: words[1] ?? "",
        detail: fingerprint,
        lastSeenMs: readTime(keyword, words.slice(2)),
      });
    default:
      throw new FeedLineError(
        `unknown keyword ${quoteValue(keyword)}; expected ExitNode, Published, LastStatus or ExitAddress`,
      );
  }
}

function readTime(keyword: string, words: string[]): number {
  const text = words.join(" ");
  const timeMs = words.length === 2 ? parseIsoTimeMs(text) : undefined;
  if (timeMs === undefined) {
    throw new FeedLineError(
      `${keyword} time ${quoteValue(text)} is not a UTC date and time (YYYY-MM-DD HH:MM:SS)`,
    );
  }
  return timeMs;
}
