import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type LogLine,
  type OversizedLine,
  readLogLines,
  toOversizedRejection,
} from "../../shared/parsing/logFileStream.js";
import { MAX_KEPT_RAW_CHARS } from "../../shared/parsing/recordRejection.js";

const MIB = 1024 * 1024;

async function linesOf(path: string, maxLineBytes?: number) {
  const lines: (LogLine | OversizedLine)[] = [];
  for await (const line of readLogLines(path, maxLineBytes)) lines.push(line);
  return lines;
}

describe("readLogLines", () => {
  let folder = "";
  const file = async (name: string, content: string | Buffer) => {
    const path = join(folder, name);
    await writeFile(path, content);
    return path;
  };
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "gatewarden-lines-"));
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it("splits at LF, drops a CR before it and the byte-order mark, and reports each line end", async () => {
    const path = await file("mixed.txt", "\ufeffa\r\nb\n\nc\rd\ne");

    expect(await linesOf(path)).toEqual([
      { text: "a", lineNumber: 1, lineEnd: "\r\n" },
      { text: "b", lineNumber: 2, lineEnd: "\n" },
      { text: "", lineNumber: 3, lineEnd: "\n" },
      { text: "c\rd", lineNumber: 4, lineEnd: "\n" },
      { text: "e", lineNumber: 5, lineEnd: "" },
    ]);
  });

  it("decodes a UTF-8 character split across read chunks whole", async () => {
    // 65,535 ASCII bytes put the 3-byte "€" across the first 64 KiB chunk boundary.
    const path = await file("euro.txt", `${"a".repeat(65_535)}€\nb\n`);

    const lines = await linesOf(path);

    expect(lines.map((line) => ("text" in line ? line.text.slice(-2) : line))).toEqual(["a€", "b"]);
  });

  it("keeps a line of exactly maxLineBytes and refuses one a byte longer", async () => {
    const path = await file("edge.txt", `${"x".repeat(10)}\n${"y".repeat(11)}\r\nz\n`);

    expect(await linesOf(path, 10)).toEqual([
      { text: "x".repeat(10), lineNumber: 1, lineEnd: "\n" },
      // The CR before the LF counts, since the line is not read far enough to know it is one.
      { lineNumber: 2, lineBytes: 12, maxLineBytes: 10, head: `${"y".repeat(11)}\r` },
      { text: "z", lineNumber: 3, lineEnd: "\n" },
    ]);
  });

  it("refuses a 3 MiB gzipped line of zeros over a 1 MiB cap as one line, and reads on", async () => {
    const bomb = Buffer.concat([
      Buffer.from("first\n"),
      Buffer.alloc(3 * MIB),
      Buffer.from("\nlast\n"),
    ]);
    const path = await file("bomb.log.gz", gzipSync(bomb));

    const lines = await linesOf(path, MIB);

    expect(lines.map((line) => ("text" in line ? line.text : { ...line, head: "…" }))).toEqual([
      "first",
      { lineNumber: 2, lineBytes: 3 * MIB, maxLineBytes: MIB, head: "…" },
      "last",
    ]);
    expect((lines[1] as OversizedLine).head).toBe("\0".repeat(MAX_KEPT_RAW_CHARS));
  });

  it("turns an oversized line into a rejection naming the file, the line and the cap", () => {
    const line = { lineNumber: 2, lineBytes: 3 * MIB, maxLineBytes: MIB, head: "GET /" };

    expect(toOversizedRejection(line, "bomb.log.gz")).toEqual({
      field: "(line)",
      reason:
        "(line): expected a line of at most 1048576 bytes, got one of 3145728 bytes; it was skipped",
      source: "bomb.log.gz:2",
      raw: "GET /",
    });
  });
});
