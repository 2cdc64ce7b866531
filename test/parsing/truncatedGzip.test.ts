import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { ParsedBatch } from "../../shared/parsing/parsedBatch.js";
import { createParseOptions } from "../../shared/parsing/parseOptions.js";
import { readLogFile } from "../../shared/parsing/readLogFile.js";
import { accessLogLine } from "../replay/accessLogLines.js";

const FIRST_MS = Date.parse("2015-05-17T10:05:03Z");
const OPTIONS = createParseOptions(Date.parse("2016-01-01T00:00:00Z"));

/** 3,000 access-log lines, gzipped: scattered paths keep the compressed form long. */
function gzippedLog(): { bytes: Buffer; lines: string[] } {
  const lines = Array.from({ length: 3_000 }, (_, index) =>
    accessLogLine(FIRST_MS + index * 1_000).replace(
      "GET /",
      `GET /${((index * 2_654_435_761) % 2 ** 32).toString(36)}/`,
    ),
  );
  return { bytes: gzipSync(`${lines.join("\n")}\n`), lines };
}

async function readAll(path: string): Promise<{ batches: ParsedBatch[]; error: unknown }> {
  const batches: ParsedBatch[] = [];
  try {
    for await (const batch of readLogFile(path, "auto", OPTIONS)) batches.push(batch);
    return { batches, error: null };
  } catch (error) {
    return { batches, error };
  }
}

describe("a .gz log that is cut short or is not gzip", () => {
  // A truncated .gz was one rejection and not one of its records counted, though zcat read
  // thousands of lines from it.
  it("yields every complete line before the cut, then fails naming the cut", async () => {
    const folder = await mkdtemp(join(tmpdir(), "gatewarden-gzip-"));
    const { bytes, lines } = gzippedLog();
    const path = join(folder, "cut.log.gz");
    await writeFile(path, bytes.subarray(0, Math.floor(bytes.length * 0.6)));

    const { batches, error } = await readAll(path);

    const records = batches.flatMap((batch) => batch.records);
    expect(records.length).toBeGreaterThan(1_000);
    expect(records.length).toBeLessThan(lines.length);
    expect(records.map((record) => record.timeMs)).toEqual(
      lines.slice(0, records.length).map((_, index) => FIRST_MS + index * 1_000),
    );
    expect(batches.flatMap((batch) => batch.rejections)).toEqual([]);
    expect((error as Error).message).toMatch(
      /^\(gzip\): the compressed data ends early, so the file was cut short; the \d+ complete line\(s\) before the cut were read \(zlib: unexpected end of file\)$/,
    );
    const complete = Number(/the (\d+) complete/.exec((error as Error).message)![1]);
    expect(records).toHaveLength(complete);
  });

  it("fails on a file named .gz that holds no gzip, saying so", async () => {
    const folder = await mkdtemp(join(tmpdir(), "gatewarden-gzip-"));
    const path = join(folder, "plain.log.gz");
    await writeFile(path, `${accessLogLine(FIRST_MS)}\n`);

    const { batches, error } = await readAll(path);

    expect(batches).toEqual([]);
    expect((error as Error).message).toBe(
      "(gzip): not gzip data, although the name ends in .gz (zlib: incorrect header check)",
    );
  });
});
