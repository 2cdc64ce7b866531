import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { pipeline, type Readable } from "node:stream";
import { createGunzip } from "node:zlib";

export interface LogLine {
  text: string;
  /** 1-based. */
  lineNumber: number;
}

/** A byte stream of the file's content, gunzipped when the name ends in `.gz`. */
export function openLogStream(path: string): Readable {
  const file = createReadStream(path);
  if (!path.endsWith(".gz")) return file;
  // pipeline, not pipe: a read error must reach the consumer, or its loop would wait forever.
  return pipeline(file, createGunzip(), () => undefined);
}

/** The file's lines without their line ends (LF or CRLF) and without a leading byte-order mark. */
export async function* readLogLines(path: string): AsyncGenerator<LogLine> {
  const input = openLogStream(path);
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  try {
    for await (const line of lines) {
      lineNumber += 1;
      yield { text: lineNumber === 1 ? stripByteOrderMark(line) : line, lineNumber };
    }
  } finally {
    // Closing readline leaves its input open; a caller that stops early would leak the file.
    input.destroy();
  }
}

function stripByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
