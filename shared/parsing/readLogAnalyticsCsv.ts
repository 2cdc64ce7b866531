import type { RequestRecord } from "../records/requestRecord.js";
import { type BrokenCsvRow, type CsvRow, readCsvRows } from "./csvRows.js";
import {
  isOversized,
  type LogLine,
  type OversizedLine,
  readLogLines,
  toOversizedRejection,
} from "./logFileStream.js";
import { type ParsedBatch, rejectedBatch } from "./parsedBatch.js";
import type { ParseOptions } from "./parseOptions.js";
import {
  MissingFieldError,
  RecordFieldError,
  type RecordRejection,
  toRejection,
} from "./recordRejection.js";
import { readLogAnalyticsRow } from "./readLogAnalyticsDocument.js";

/**
 * Streams a Log Analytics CSV export (header row of column names, the portal's ` [UTC]` suffix
 * allowed) one batch per row, each rejection's source being the file line the row starts on. A
 * row that cannot be split into cells is rejected with field `(csv)`; an unclosed quote costs
 * the lines up to the one it opened on, not the rest of the file (see readCsvRows). The header is
 * the first non-blank row from `headerLine`; each non-blank line above it is rejected on its own.
 * Throws when the header row itself cannot be read.
 */
export async function* readLogAnalyticsCsv(
  path: string,
  options: ParseOptions,
  headerLine = 1,
): AsyncGenerator<ParsedBatch> {
  let columns: string[] | undefined;
  const cellName = (index: number) => {
    const column = columns?.[index];
    return column === undefined ? `cell ${index + 1}` : `column ${column}`;
  };
  const aboveHeader: ParsedBatch[] = [];
  const lines = fromHeaderLine(readLogLines(path, options.maxLineBytes), headerLine, (line) =>
    aboveHeader.push(rejectedBatch(toAboveHeaderRejection(line, headerLine, path))),
  );
  for await (const row of readCsvRows(lines, { maxRecordBytes: options.maxLineBytes, cellName })) {
    yield* aboveHeader.splice(0);
    if (columns === undefined) columns = headerColumns(row, path);
    else yield readRow(row, columns, path, options);
  }
  yield* aboveHeader.splice(0);
}

/** A CSV header column name as Log Analytics means it: the portal adds ` [UTC]` to datetimes. */
export function toColumnName(header: string): string {
  const trimmed = header.trim();
  return trimmed.endsWith(" [UTC]") ? trimmed.slice(0, -" [UTC]".length) : trimmed;
}

function headerColumns(row: CsvRow | BrokenCsvRow | OversizedLine, path: string): string[] {
  if (!isOversized(row) && row.kind === "row") return row.cells.map(toColumnName);
  const reason = isOversized(row) ? toOversizedRejection(row, path).reason : row.reason;
  throw new Error(`${path}:${row.lineNumber}: cannot read the CSV header row: ${reason}`);
}

function readRow(
  row: CsvRow | BrokenCsvRow | OversizedLine,
  columns: readonly string[],
  path: string,
  options: ParseOptions,
): ParsedBatch {
  if (isOversized(row)) return rejectedBatch(toOversizedRejection(row, path));
  const source = `${path}:${row.lineNumber}`;
  try {
    if (row.kind === "broken") throw new RecordFieldError("(csv)", row.reason);
    return { records: [readCells(row.cells, columns, options)], rejections: [] };
  } catch (error) {
    return rejectedBatch(toRejection(error, source, row.raw));
  }
}

function readCells(
  cells: readonly string[],
  columns: readonly string[],
  options: ParseOptions,
): RequestRecord {
  // No prototype, so a column named __proto__ is a plain key. Cells past the header are ignored.
  const row: Record<string, string> = Object.create(null) as Record<string, string>;
  columns.forEach((column, index) => {
    const cell = cells[index];
    if (cell !== undefined) row[column] = cell;
  });
  try {
    return readLogAnalyticsRow(row, options);
  } catch (error) {
    throw explainMissingCell(error, row, columns, cells.length);
  }
}

/** Says why a required column has no value: the header lacks it, or the row ends before it. */
function explainMissingCell(
  error: unknown,
  row: Record<string, string>,
  columns: readonly string[],
  cellCount: number,
): unknown {
  if (!(error instanceof MissingFieldError) || row[error.field] !== undefined) return error;
  const index = columns.indexOf(error.field);
  if (index === -1) {
    return new MissingFieldError(
      error.field,
      `missing; the CSV header has no ${error.field} column`,
    );
  }
  return new MissingFieldError(
    error.field,
    `missing; the row has ${cellCount} cells, so it ends before column ${index + 1} of ${columns.length}`,
  );
}

/** The lines from `headerLine` on; each non-blank line before it goes to `onAbove` instead. */
async function* fromHeaderLine(
  lines: AsyncIterable<LogLine | OversizedLine>,
  headerLine: number,
  onAbove: (line: LogLine | OversizedLine) => void,
): AsyncGenerator<LogLine | OversizedLine> {
  for await (const line of lines) {
    if (line.lineNumber >= headerLine) yield line;
    else if (isOversized(line) || line.text.trim() !== "") onAbove(line);
  }
}

function toAboveHeaderRejection(
  line: LogLine | OversizedLine,
  headerLine: number,
  path: string,
): RecordRejection {
  if (isOversized(line)) return toOversizedRejection(line, path);
  const error = new RecordFieldError(
    "(csv)",
    `expected the header row first, got a line above it (the header is on line ${headerLine}) that fits no log format`,
  );
  return toRejection(error, `${path}:${line.lineNumber}`, line.text);
}
