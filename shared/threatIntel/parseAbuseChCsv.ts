import { parse as parseCsv } from "csv-parse/sync";
import type { CsvError, InfoRecord } from "csv-parse/sync";
import { quoteValue } from "../parsing/recordRejection.js";
import { parseIsoTimeMs } from "../parsing/timestamp.js";
import { emptyParsedFeed, FeedLineError, type ParsedFeed, readFeedLine } from "./parsedFeed.js";
import { createThreatEntry, type ThreatEntry } from "./threatEntry.js";

/** Where the columns abuse.ch names sit in its rows; only `dst_ip` is required. */
interface Columns {
  address: number;
  port: number;
  status: number;
  lastOnline: number;
  malware: number;
}

const ADDRESS_COLUMN = "dst_ip";

/**
 * Reads an abuse.ch CSV blocklist (Feodo Tracker `ipblocklist.csv`): a `#` comment header, a
 * header row naming `first_seen_utc`, `dst_ip`, `dst_port`, `c2_status`, `last_online` and
 * `malware`, then one C2 server per row. The entry is `dst_ip`; malware, status and port become
 * its detail and `last_online` its `lastSeenMs`. Rows before the header row are rejected.
 */
export function parseAbuseChCsv(text: string, feedName: string): ParsedFeed {
  const parsed = emptyParsedFeed();
  let columns: Columns | null = null;
  const readRow = (row: string[], line: number): ThreatEntry | null => {
    if (columns !== null) return toEntry(row, columns, feedName, line);
    columns = columnsOf(row);
    return null;
  };

  parseCsv(text, {
    comment: "#",
    comment_no_infix: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      parsed.rejections.push({
        line: lineOfError(error),
        reason: `not valid CSV: ${error?.message}`,
      });
    },
    on_record: (row: string[], context: InfoRecord) => {
      readFeedLine(parsed, context.lines, () => readRow(row, context.lines));
      return null;
    },
  });
  return parsed;
}

function columnsOf(header: string[]): Columns {
  const address = header.indexOf(ADDRESS_COLUMN);
  if (address === -1) {
    throw new FeedLineError(
      `expected the header row naming ${ADDRESS_COLUMN} before any data, found ${quoteValue(header.join(","))}`,
    );
  }
  return {
    address,
    port: header.indexOf("dst_port"),
    status: header.indexOf("c2_status"),
    lastOnline: header.indexOf("last_online"),
    malware: header.indexOf("malware"),
  };
}

function toEntry(row: string[], columns: Columns, feedName: string, line: number): ThreatEntry {
  const listedAs = row[columns.address]?.trim() ?? "";
  if (listedAs === "") {
    throw new FeedLineError(`row has no ${ADDRESS_COLUMN} value`);
  }

  const detail = describeRow(row, columns);
  const lastSeenMs = dateMs(valueAt(row, columns.lastOnline));
  return createThreatEntry(feedName, line, {
    listedAs,
    ...(detail === "" ? {} : { detail }),
    ...(lastSeenMs === undefined ? {} : { lastSeenMs }),
  });
}

/** E.g. `Pikabot, C2 online, port 1194`. */
function describeRow(row: string[], columns: Columns): string {
  const malware = valueAt(row, columns.malware);
  const status = valueAt(row, columns.status);
  const port = valueAt(row, columns.port);
  return [malware, status && `C2 ${status}`, port && `port ${port}`].filter(Boolean).join(", ");
}

function valueAt(row: string[], column: number): string {
  return column === -1 ? "" : (row[column]?.trim() ?? "");
}

/** `last_online` is a bare date in Feodo's list; a date and time is accepted as well. */
function dateMs(text: string): number | undefined {
  if (text === "") return undefined;
  return parseIsoTimeMs(text) ?? parseIsoTimeMs(`${text} 00:00:00`);
}

function lineOfError(error: CsvError | undefined): number {
  const lines = error?.lines;
  return typeof lines === "number" && lines > 0 ? lines : 1;
}
