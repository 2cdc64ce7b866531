import { parse as parseCsv } from "csv-parse";
import { pipeline } from "node:stream";
import { openLogStream } from "./logFileStream.js";
import { emptyBatch, type ParsedBatch, readOne } from "./parsedBatch.js";
import type { ParseOptions } from "./parseOptions.js";
import { type RecordRejection, RecordFieldError, toRejection } from "./recordRejection.js";
import { readLogAnalyticsRow } from "./readLogAnalyticsDocument.js";

interface CsvEntry {
  record: Record<string, string>;
  raw: string;
}

interface SkippedRow {
  raw: string;
  reason: string;
}

/**
 * Streams a Log Analytics CSV export (header row of column names, the portal's ` [UTC]` suffix
 * allowed) one batch per row. A row csv-parse cannot split is rejected with field `(csv)`.
 * Line numbers are counted here from each row's raw text, because csv-parse counts a CRLF inside
 * a quoted value as two lines and the portal export writes CRLF.
 */
export async function* readLogAnalyticsCsv(
  path: string,
  options: ParseOptions,
): AsyncGenerator<ParsedBatch> {
  const skipped: SkippedRow[] = [];
  const parser = parseCsv({
    bom: true,
    columns: (header: string[]) => header.map(toColumnName),
    relax_column_count: true,
    raw: true,
    skip_records_with_error: true,
    on_skip: (error, raw) => void skipped.push({ raw: raw ?? "", reason: error?.message ?? "" }),
  });
  pipeline(openLogStream(path), parser, () => undefined);
  let lineNumber = 2;
  for await (const entry of parser as AsyncIterable<CsvEntry>) {
    const batch = emptyBatch();
    for (const skip of skipped.splice(0)) {
      batch.rejections.push(csvRejection(skip, `${path}:${lineNumber}`));
      lineNumber += linesIn(skip.raw);
    }
    if (entry.raw.trim() !== "") {
      const read = (row: Record<string, string>) => readLogAnalyticsRow(row, options);
      readOne(entry.record, `${path}:${lineNumber}`, read, batch);
    }
    lineNumber += linesIn(entry.raw);
    yield batch;
  }
  if (skipped.length === 0) return;
  const rejections = skipped.map((skip) => csvRejection(skip, `${path}:${lineNumber}`));
  yield { records: [], rejections };
}

/** A CSV header column name as Log Analytics means it: the portal adds ` [UTC]` to datetimes. */
export function toColumnName(header: string): string {
  const trimmed = header.trim();
  return trimmed.endsWith(" [UTC]") ? trimmed.slice(0, -" [UTC]".length) : trimmed;
}

function csvRejection(skip: SkippedRow, source: string): RecordRejection {
  return toRejection(new RecordFieldError("(csv)", skip.reason), source, skip.raw);
}

/** Lines a row's raw text spans; csv-parse leaves the final LF off the raw text of CRLF rows. */
function linesIn(raw: string): number {
  const body = raw.endsWith("\n") ? raw.slice(0, -1) : raw;
  let lines = 1;
  for (let index = body.indexOf("\n"); index !== -1; index = body.indexOf("\n", index + 1)) {
    lines += 1;
  }
  return lines;
}
