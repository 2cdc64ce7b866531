/**
 * CSV records (RFC 4180: comma-separated, `"`-quoted, `""` for a quote) read from a file's
 * lines. Own code rather than csv-parse: csv-parse reports a bad record while still inside it,
 * sometimes more than once, and reads everything after an unclosed quote as that quote's value,
 * so the rows after it would be lost. Here each record comes out once, as cells or as a reason,
 * and an unclosed quote costs only the lines up to the one it opened on.
 */
import { isOversized, type LineEnd, type LogLine, type OversizedLine } from "./logFileStream.js";
import { quoteValue } from "./recordRejection.js";

/** One record's cells, the line it starts on and its text as found (line ends included). */
export interface CsvRow {
  kind: "row";
  cells: string[];
  lineNumber: number;
  raw: string;
}

/** A record that cannot be split into cells, with why, by the line it starts on. */
export interface BrokenCsvRow {
  kind: "broken";
  reason: string;
  lineNumber: number;
  raw: string;
}

export interface CsvRowsOptions {
  /** A record still inside a quote past this many bytes is cut at the line the quote opened on. */
  maxRecordBytes: number;
  /** How a reason names the cell at a 0-based index: by its header column, once there is one. */
  cellName?: (index: number) => string;
}

/**
 * The CSV records of a file's lines, blank lines skipped, each as a CsvRow or a BrokenCsvRow;
 * an oversized line passes through. A record whose quoted value crosses a line break and is not
 * closed (by the end of the file, by a valid closing quote, within `maxRecordBytes`, or before an
 * oversized line) is rejected up to the line the quote opened on, and the lines after that are
 * read again as records of their own. Every non-blank line thus ends up in exactly one outcome.
 */
export async function* readCsvRows(
  lines: AsyncIterable<LogLine | OversizedLine>,
  options: CsvRowsOptions,
): AsyncGenerator<CsvRow | BrokenCsvRow | OversizedLine> {
  const assembler = new CsvRowAssembler(options);
  for await (const line of lines) yield* assembler.push(line);
  yield* assembler.finish();
}

/** The cells of one line that holds a whole record, or undefined when it does not. */
export function splitCsvLine(text: string): string[] | undefined {
  const result = new CsvRecordScan(cellNumber).pushLine(text, 1, "");
  return result.kind === "complete" ? result.cells : undefined;
}

type Line = LogLine | OversizedLine;
type Outcome = CsvRow | BrokenCsvRow | OversizedLine;

interface OpenRecord {
  lines: LogLine[];
  bytes: number;
  scan: CsvRecordScan;
}

/** Where an open quoted value began. */
interface QuoteStart {
  lineNumber: number;
  cell: number;
}

type ScanResult =
  { kind: "open" } | { kind: "complete"; cells: string[] } | { kind: "broken"; reason: string };

const QUOTE = 0x22;

function cellNumber(index: number): string {
  return `cell ${index + 1}`;
}

/** Groups lines into records; lines handed back after a cut wait on a stack, last line first. */
class CsvRowAssembler {
  private record: OpenRecord | undefined;
  private readonly cellName: (index: number) => string;

  constructor(private readonly options: CsvRowsOptions) {
    this.cellName = options.cellName ?? cellNumber;
  }

  *push(line: Line): Generator<Outcome> {
    yield* this.drain([line]);
  }

  *finish(): Generator<Outcome> {
    while (this.record !== undefined) {
      const pending: Line[] = [];
      yield this.cut("by the end of the file", pending, true);
      yield* this.drain(pending);
    }
  }

  private *drain(pending: Line[]): Generator<Outcome> {
    for (let line = pending.pop(); line !== undefined; line = pending.pop()) {
      yield* this.step(line, pending);
    }
  }

  private *step(line: Line, pending: Line[]): Generator<Outcome> {
    const open = this.record;
    if (isOversized(line)) {
      if (open === undefined) yield line;
      else {
        const where = `before line ${line.lineNumber}, which is longer than ${line.maxLineBytes} bytes`;
        pending.push(line);
        yield this.cut(where, pending);
      }
      return;
    }
    if (open === undefined && line.text.trim() === "") return;

    const record = open ?? { lines: [], bytes: 0, scan: new CsvRecordScan(this.cellName) };
    record.lines.push(line);
    record.bytes += Buffer.byteLength(line.text) + line.lineEnd.length;
    this.record = record;
    const result = record.scan.pushLine(line.text, line.lineNumber, line.lineEnd);

    if (result.kind === "open") {
      const { maxRecordBytes } = this.options;
      if (record.bytes > maxRecordBytes) yield this.cut(`within ${maxRecordBytes} bytes`, pending);
      return;
    }
    if (result.kind === "broken" && record.lines.length > 1) {
      // The quote that carried the record over a line break is the likelier fault than the line.
      const where = `before line ${line.lineNumber}, which cannot be read with it open`;
      yield this.cut(where, pending);
      return;
    }
    this.record = undefined;
    const lineNumber = record.lines[0]!.lineNumber;
    const raw = rawText(record.lines);
    if (result.kind === "complete") yield { kind: "row", cells: result.cells, lineNumber, raw };
    else yield { kind: "broken", reason: result.reason, lineNumber, raw };
  }

  /**
   * Rejects the open record up to the line where the quote last open at a line break opened, and
   * hands the lines after that back to be read as new records (they go on the stack above
   * anything already there). `atEnd` says the file has no lines after the record's.
   */
  private cut(where: string, pending: Line[], atEnd = false): BrokenCsvRow {
    const { lines, scan } = this.record!;
    const quote = scan.crossingQuote!;
    this.record = undefined;
    const rejected = lines.filter((line) => line.lineNumber <= quote.lineNumber);
    const rest = lines.slice(rejected.length);
    for (let index = rest.length - 1; index >= 0; index -= 1) pending.push(rest[index]!);
    const readOn = atEnd && rest.length === 0 ? "" : "; the lines after it are read as new rows";
    return {
      kind: "broken",
      reason: `${this.cellName(quote.cell)} opens a quote on line ${quote.lineNumber} that is not closed ${where}${readOn}`,
      lineNumber: lines[0]!.lineNumber,
      raw: rawText(rejected),
    };
  }
}

function rawText(lines: readonly LogLine[]): string {
  return lines
    .map((line, index) => (index < lines.length - 1 ? line.text + line.lineEnd : line.text))
    .join("");
}

/** Splits one record into cells, a line at a time, remembering an open quoted value. */
class CsvRecordScan {
  private cells: string[] = [];
  private cell = "";
  private quote: QuoteStart | undefined;
  private crossing: QuoteStart | undefined;

  constructor(private readonly cellName: (index: number) => string) {}

  /** Where the quoted value last open at the end of a line began. */
  get crossingQuote(): QuoteStart | undefined {
    return this.crossing;
  }

  pushLine(text: string, lineNumber: number, lineEnd: LineEnd): ScanResult {
    let index = 0;
    for (;;) {
      if (this.quote !== undefined) {
        const quote = text.indexOf('"', index);
        if (quote === -1) {
          this.cell += text.slice(index) + lineEnd;
          this.crossing = this.quote;
          return { kind: "open" };
        }
        this.cell += text.slice(index, quote);
        if (text.charCodeAt(quote + 1) === QUOTE) {
          this.cell += '"';
          index = quote + 2;
          continue;
        }
        const opened = this.quote;
        this.quote = undefined;
        index = quote + 1;
        if (index === text.length) return this.complete();
        if (text.charAt(index) !== ",") return this.afterClosingQuote(text, index, opened);
        this.endCell();
        index += 1;
        continue;
      }
      if (text.charCodeAt(index) === QUOTE) {
        this.quote = { lineNumber, cell: this.cells.length };
        index += 1;
        continue;
      }
      const comma = text.indexOf(",", index);
      const value = text.slice(index, comma === -1 ? text.length : comma);
      const stray = value.indexOf('"');
      if (stray !== -1) {
        // The value is not quoted: a cell can hold a token or a header map, and reasons get logged.
        const reason = `${this.cellName(this.cells.length)} holds a quote at character ${stray + 1} of its unquoted value; a value with quotes must be quoted whole, each quote doubled`;
        return { kind: "broken", reason };
      }
      this.cell = value;
      if (comma === -1) return this.complete();
      this.endCell();
      index = comma + 1;
    }
  }

  private afterClosingQuote(text: string, index: number, opened: QuoteStart): ScanResult {
    const found = String.fromCodePoint(text.codePointAt(index)!);
    const reason = `${this.cellName(opened.cell)} has ${quoteValue(found)} after its closing quote instead of a comma or the line end`;
    return { kind: "broken", reason };
  }

  private endCell(): void {
    this.cells.push(this.cell);
    this.cell = "";
  }

  private complete(): ScanResult {
    this.endCell();
    return { kind: "complete", cells: this.cells };
  }
}
