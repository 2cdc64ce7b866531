import type { RequestRecord } from "../records/requestRecord.js";
import { fromLogAnalyticsRow } from "./fromLogAnalyticsRow.js";
import {
  appendBatch,
  emptyBatch,
  type ParsedBatch,
  readOne,
  readUnit,
  rejectedBatch,
} from "./parsedBatch.js";
import type { ParseOptions } from "./parseOptions.js";
import { quoteValue, RecordFieldError, toRejection } from "./recordRejection.js";
import { isPlainObject, readJson, requireObject } from "./recordFields.js";

/**
 * Reads one JSON text of Log Analytics rows: a row object, an array of rows, or a query API
 * response `{"tables":[{"columns":[{"name"}],"rows":[[...]]}]}`. Never throws; rows that fail are
 * rejected with sources `${source} row ${n}` or `${source} table ${t} row ${n}`, counting from 1.
 */
export function readLogAnalyticsDocument(
  text: string,
  source: string,
  options: ParseOptions,
): ParsedBatch {
  try {
    const document = readJson("(row)", text);
    if (Array.isArray(document)) return readRows(document, `${source} row`, options);
    if (isPlainObject(document) && "tables" in document) {
      return readTables(document.tables, source, options);
    }
    return readUnit(document, source, (row) => readLogAnalyticsRow(row, options));
  } catch (error) {
    return rejectedBatch(toRejection(error, source, text));
  }
}

/** `fromLogAnalyticsRow` for a value not yet known to be an object. */
export function readLogAnalyticsRow(raw: unknown, options: ParseOptions): RequestRecord {
  return fromLogAnalyticsRow(requireObject("(row)", raw, "a Log Analytics row object"), options);
}

function readTables(tables: unknown, source: string, options: ParseOptions): ParsedBatch {
  if (!Array.isArray(tables)) {
    throw new RecordFieldError("tables", `expected an array of tables, got ${quoteValue(tables)}`);
  }
  const batch = emptyBatch();
  tables.forEach((table: unknown, index) => {
    const rows = tableRows(table, `tables[${index}]`);
    appendBatch(batch, readRows(rows, `${source} table ${index + 1} row`, options));
  });
  return batch;
}

/** A query API table's rows as objects keyed by column name. */
function tableRows(raw: unknown, field: string): unknown[] {
  const table = requireObject(field, raw, "a table with columns and rows");
  const { columns, rows } = table;
  if (!Array.isArray(columns) || !Array.isArray(rows)) {
    throw new RecordFieldError(field, `expected columns and rows arrays, got ${quoteValue(raw)}`);
  }
  const names = columns.map((column: unknown, index) =>
    columnName(column, `${field}.columns[${index}]`),
  );
  return rows.map((row: unknown) => (Array.isArray(row) ? zipRow(names, row) : row));
}

function columnName(column: unknown, field: string): string {
  const name = isPlainObject(column) ? column.name : undefined;
  if (typeof name === "string") return name;
  throw new RecordFieldError(field, `expected a column {"name": ...}, got ${quoteValue(column)}`);
}

function zipRow(names: string[], values: unknown[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  names.forEach((name, index) => (row[name] = values[index]));
  return row;
}

function readRows(rows: unknown[], sourcePrefix: string, options: ParseOptions): ParsedBatch {
  const batch = emptyBatch();
  rows.forEach((row, index) => {
    readOne(row, `${sourcePrefix} ${index + 1}`, (raw) => readLogAnalyticsRow(raw, options), batch);
  });
  return batch;
}
