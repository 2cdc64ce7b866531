import { IpPrefixError } from "./ipPrefix.js";
import type { ThreatEntry } from "./threatEntry.js";

/** A line of a feed that was not turned into entries, and why. Comments and blanks are not. */
export interface FeedRejection {
  /** The 1-based line; 1 for faults of a whole JSON document without a position. */
  line: number;
  /** What was wrong, quoting the offending text. */
  reason: string;
}

/** What a feed parser returns: the entries it read and the lines it refused. */
export interface ParsedFeed {
  entries: ThreatEntry[];
  rejections: FeedRejection[];
}

/** Thrown while reading one line (or one indicator) to refuse it with `message` as the reason. */
export class FeedLineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FeedLineError";
  }
}

/**
 * Runs `read` for one line and keeps its entry, or records a rejection when it throws
 * `FeedLineError` or `IpPrefixError`. Any other error is a fault of the parser and propagates.
 */
export function readFeedLine(into: ParsedFeed, line: number, read: () => ThreatEntry | null): void {
  try {
    const entry = read();
    if (entry !== null) into.entries.push(entry);
  } catch (error) {
    if (!(error instanceof FeedLineError || error instanceof IpPrefixError)) throw error;
    into.rejections.push({ line, reason: error.message });
  }
}

/** A parse result with nothing in it yet. */
export function emptyParsedFeed(): ParsedFeed {
  return { entries: [], rejections: [] };
}
