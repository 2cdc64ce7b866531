import { readdir, realpath, stat } from "node:fs/promises";
import { join } from "node:path";
import type { InputFormat } from "../records/requestRecord.js";
import { locateFormat } from "./detectFormat.js";
import { fromAccessLogLine } from "./fromAccessLogLine.js";
import { fromGatewayLogRecord } from "./fromGatewayLogRecord.js";
import { readJsonTexts } from "./jsonTexts.js";
import { isOversized, readLogLines, toOversizedRejection } from "./logFileStream.js";
import {
  appendBatch,
  emptyBatch,
  type ParsedBatch,
  readUnit,
  rejectedBatch,
} from "./parsedBatch.js";
import type { ParseOptions } from "./parseOptions.js";
import { readJson } from "./recordFields.js";
import { readEventHubPayload } from "./readEventHubPayload.js";
import { readLogAnalyticsCsv } from "./readLogAnalyticsCsv.js";
import { readLogAnalyticsDocument } from "./readLogAnalyticsDocument.js";

/**
 * A chunk is yielded once it holds this many records plus rejections. One unit of input (a line,
 * an envelope, a document) is never split, so a chunk may hold more.
 */
export const CHUNK_ITEMS = 5_000;

const DATASET_NOTES = /^(README|PROVENANCE)[^/]*\.md$/i;

/** Reads a file whose format starts at `firstLine`: the non-blank lines above it fit none. */
type UnitReader = (
  path: string,
  options: ParseOptions,
  firstLine: number,
) => AsyncIterable<ParsedBatch>;

const UNIT_READERS: Record<InputFormat, UnitReader> = {
  eventhub: readEnvelopes,
  "storage-archive": readArchiveRecords,
  "log-analytics-json": readLogAnalyticsJson,
  "log-analytics-csv": readLogAnalyticsCsv,
  "access-log": readAccessLog,
};

/**
 * Streams a log file (gunzipped when it ends in `.gz`) as chunks of about 5,000 records and
 * rejections, each rejection's source being `${path}:${line}`. With "auto" the format is taken
 * from the first line that fits one (see locateFormat), and each non-blank line above it is
 * rejected on its own; an empty file yields nothing. Throws only for I/O errors and undetectable
 * formats; bad records become rejections, and so does a line longer than `options.maxLineBytes`.
 * A file that breaks off (a cut-short .gz) yields what it read before throwing.
 */
export async function* readLogFile(
  path: string,
  format: InputFormat | "auto",
  options: ParseOptions,
): AsyncGenerator<ParsedBatch> {
  const start =
    format === "auto" ? await locateFormat(path, options.maxLineBytes) : { format, lineNumber: 1 };
  if (start === undefined) return;
  let chunk = emptyBatch();
  try {
    for await (const batch of UNIT_READERS[start.format](path, options, start.lineNumber)) {
      appendBatch(chunk, batch);
      if (chunk.records.length + chunk.rejections.length < CHUNK_ITEMS) continue;
      yield chunk;
      chunk = emptyBatch();
    }
  } catch (error) {
    // What was read before a file breaks off (a cut-short .gz) still counts.
    if (chunk.records.length + chunk.rejections.length > 0) yield chunk;
    throw error;
  }
  if (chunk.records.length + chunk.rejections.length > 0) yield chunk;
}

/** A folder entry that could not be listed, and why: a dangling symlink, a loop, no access. */
export type SkippedEntry = (path: string, reason: string) => void;

/**
 * Expands each path into the log files under it: files as given, folders recursively with entries
 * sorted by name (so PT1H.json hour folders come out in time order), skipping dotfiles and the
 * README / PROVENANCE notes that sit beside datasets. A file reached twice (named twice, or by a
 * folder and by name, or through a symlink) is listed once. An entry inside a folder that cannot
 * be read goes to `onSkipped` instead of ending the listing; a path given that cannot be read
 * throws.
 */
export async function listLogFiles(
  paths: string[],
  onSkipped: SkippedEntry = () => {},
): Promise<string[]> {
  const listing: Listing = { files: [], seenFiles: new Set(), seenFolders: new Set(), onSkipped };
  for (const path of paths) await expand(path, listing, true);
  return listing.files;
}

interface Listing {
  files: string[];
  /** Real paths of the files and folders listed so far. */
  seenFiles: Set<string>;
  seenFolders: Set<string>;
  onSkipped: SkippedEntry;
}

async function expand(path: string, listing: Listing, given: boolean): Promise<void> {
  let real: string;
  let isFolder: boolean;
  try {
    real = await realpath(path);
    isFolder = (await stat(real)).isDirectory();
  } catch (error) {
    if (given) throw error;
    listing.onSkipped(path, error instanceof Error ? error.message : String(error));
    return;
  }
  if (!isFolder) {
    if (!listing.seenFiles.has(real)) listing.files.push(path);
    listing.seenFiles.add(real);
    return;
  }
  // A symlink back up the tree would otherwise list the same folder until the path is too long.
  if (listing.seenFolders.has(real)) return;
  listing.seenFolders.add(real);
  const names = (await readdir(path)).filter(isLogFileName).sort(byCodeUnits);
  for (const name of names) await expand(join(path, name), listing, false);
}

function isLogFileName(name: string): boolean {
  return !name.startsWith(".") && !DATASET_NOTES.test(name);
}

function byCodeUnits(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}

async function* readAccessLog(path: string, options: ParseOptions): AsyncGenerator<ParsedBatch> {
  for await (const line of readLogLines(path, options.maxLineBytes)) {
    if (isOversized(line)) yield rejectedBatch(toOversizedRejection(line, path));
    else if (line.text.trim() !== "") {
      const read = (text: string) => fromAccessLogLine(text, options);
      yield readUnit(line.text, `${path}:${line.lineNumber}`, read);
    }
  }
}

/** Reads each JSON text of the file with `read`, and rejects each oversized line. */
async function* readJsonFile(
  path: string,
  options: ParseOptions,
  firstLine: number,
  read: (text: string, source: string) => ParsedBatch,
): AsyncGenerator<ParsedBatch> {
  const lines = readLogLines(path, options.maxLineBytes);
  for await (const item of readJsonTexts(lines, firstLine)) {
    if (isOversized(item)) yield rejectedBatch(toOversizedRejection(item, path));
    else yield read(item.text, `${path}:${item.lineNumber}`);
  }
}

function readArchiveRecords(path: string, options: ParseOptions, firstLine: number) {
  const read = (json: string) => fromGatewayLogRecord(readJson("(record)", json), options);
  return readJsonFile(path, options, firstLine, (text, source) => readUnit(text, source, read));
}

function readEnvelopes(path: string, options: ParseOptions, firstLine: number) {
  return readJsonFile(path, options, firstLine, (text, source) =>
    readEventHubPayload(text, source, options),
  );
}

function readLogAnalyticsJson(path: string, options: ParseOptions, firstLine: number) {
  return readJsonFile(path, options, firstLine, (text, source) =>
    readLogAnalyticsDocument(text, source, options),
  );
}
