import { createReadStream } from "node:fs";
import { pipeline, type Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { MAX_KEPT_RAW_CHARS, type RecordRejection } from "./recordRejection.js";

/**
 * The longest line a file may hold, in bytes before the line end. An Event Hubs event is at most
 * 1 MB and an APIM log record far less, so a longer line is damage or a decompression bomb. The
 * cap keeps the line below V8's string limit (about 512 MiB), past which reading it would crash.
 */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

export type LineEnd = "\n" | "\r\n" | "";

export interface LogLine {
  text: string;
  /** 1-based. */
  lineNumber: number;
  /** The line end that followed the text: "" on a last line that has none. */
  lineEnd: LineEnd;
}

/** A line longer than the cap: only its first bytes are kept, the rest was skipped unread. */
export interface OversizedLine {
  lineNumber: number;
  /** The line's full length in bytes, line end excluded. */
  lineBytes: number;
  /** The cap it broke. */
  maxLineBytes: number;
  /** Its first MAX_KEPT_RAW_CHARS bytes, decoded, to sniff the format and keep as the raw record. */
  head: string;
}

/** True for an oversized line, among lines or the texts cut from them. */
export function isOversized(line: { lineNumber: number }): line is OversizedLine {
  return "lineBytes" in line;
}

/** The rejection of a line past the cap, with field `(line)` and source `${path}:${line}`. */
export function toOversizedRejection(line: OversizedLine, path: string): RecordRejection {
  return {
    field: "(line)",
    reason: `(line): expected a line of at most ${line.maxLineBytes} bytes, got one of ${line.lineBytes} bytes; it was skipped`,
    source: `${path}:${line.lineNumber}`,
    raw: line.head.slice(0, MAX_KEPT_RAW_CHARS),
  };
}

/** A byte stream of the file's content, gunzipped when the name ends in `.gz`. */
export function openLogStream(path: string): Readable {
  const file = createReadStream(path);
  if (!path.endsWith(".gz")) return file;
  // pipeline, not pipe: a read error must reach the consumer, or its loop would wait forever.
  return pipeline(file, createGunzip(), () => undefined);
}

/**
 * The file's lines, split at LF, without their line ends (LF or CRLF) and without a leading
 * byte-order mark, so line numbers match `sed -n` and `grep -n`. A line longer than
 * `maxLineBytes` comes out as an OversizedLine: it is counted but never held in memory.
 */
export async function* readLogLines(
  path: string,
  maxLineBytes = MAX_LINE_BYTES,
): AsyncGenerator<LogLine | OversizedLine> {
  const input = openLogStream(path);
  const splitter = new LineSplitter(maxLineBytes);
  try {
    try {
      for await (const chunk of input as AsyncIterable<Buffer>) yield* splitter.push(chunk);
    } catch (error) {
      throw gzipErrorInWords(error, splitter.completeLines);
    }
    const last = splitter.finish();
    if (last !== undefined) yield last;
  } finally {
    // A caller that stops early must not leak the file.
    input.destroy();
  }
}

/**
 * zlib's error for a `.gz` that is cut short or not gzip at all, in words that say which; other
 * errors as they are. The lines before the damage have been read by then.
 */
function gzipErrorInWords(error: unknown, linesRead: number): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  if (code === "Z_BUF_ERROR") {
    return new Error(
      `(gzip): the compressed data ends early, so the file was cut short; the ${linesRead} complete line(s) before the cut were read (zlib: ${detail})`,
      { cause: error },
    );
  }
  if (code === "Z_DATA_ERROR") {
    const where = linesRead === 0 ? "not gzip data" : `damaged gzip data after line ${linesRead}`;
    return new Error(`(gzip): ${where}, although the name ends in .gz (zlib: ${detail})`, {
      cause: error,
    });
  }
  return error;
}

const LF = 0x0a;
const CR = 0x0d;

/** Cuts byte chunks into lines, holding at most `maxLineBytes` of the current line. */
class LineSplitter {
  private parts: Buffer[] = [];
  private lineBytes = 0;
  private head: string | undefined;
  private linesTaken = 0;

  constructor(private readonly maxLineBytes: number) {}

  /** Lines taken so far, each ended by LF. */
  get completeLines(): number {
    return this.linesTaken;
  }

  *push(chunk: Buffer): Generator<LogLine | OversizedLine> {
    let start = 0;
    for (let newline = chunk.indexOf(LF); newline !== -1; newline = chunk.indexOf(LF, start)) {
      this.append(chunk.subarray(start, newline));
      yield this.take(true);
      start = newline + 1;
    }
    this.append(chunk.subarray(start));
  }

  finish(): LogLine | OversizedLine | undefined {
    return this.lineBytes > 0 ? this.take(false) : undefined;
  }

  private append(bytes: Buffer): void {
    this.lineBytes += bytes.length;
    if (this.head !== undefined || bytes.length === 0) return;
    this.parts.push(bytes);
    if (this.lineBytes <= this.maxLineBytes) return;
    // Keep a short head and drop the rest: the remainder of the line is only counted.
    const kept = Buffer.concat(this.parts, Math.min(this.lineBytes, MAX_KEPT_RAW_CHARS));
    this.head = this.withoutByteOrderMark(kept.toString("utf8"));
    this.parts = [];
  }

  private take(endsWithLf: boolean): LogLine | OversizedLine {
    const line = this.head === undefined ? this.lineOf(endsWithLf) : this.oversizedLine();
    this.linesTaken += 1;
    this.parts = [];
    this.lineBytes = 0;
    this.head = undefined;
    return line;
  }

  private lineOf(endsWithLf: boolean): LogLine {
    let bytes = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    const crlf = endsWithLf && bytes.length > 0 && bytes[bytes.length - 1] === CR;
    if (crlf) bytes = bytes.subarray(0, -1);
    const text = this.withoutByteOrderMark(bytes.toString("utf8"));
    const lineEnd = crlf ? "\r\n" : endsWithLf ? "\n" : "";
    return { text, lineNumber: this.linesTaken + 1, lineEnd };
  }

  private oversizedLine(): OversizedLine {
    return {
      lineNumber: this.linesTaken + 1,
      lineBytes: this.lineBytes,
      maxLineBytes: this.maxLineBytes,
      head: this.head ?? "",
    };
  }

  /** Strips a byte-order mark from the first line (none taken yet). */
  private withoutByteOrderMark(text: string): string {
    return this.linesTaken === 0 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
}
