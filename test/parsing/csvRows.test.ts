import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type BrokenCsvRow,
  type CsvRow,
  type CsvRowsOptions,
  readCsvRows,
  splitCsvLine,
} from "../../shared/parsing/csvRows.js";
import type { LogLine, OversizedLine } from "../../shared/parsing/logFileStream.js";

const OPTIONS: CsvRowsOptions = { maxRecordBytes: 1_000 };

/** The file's lines as readLogLines gives them: split at LF, a CR before the LF dropped. */
function linesOf(content: string): LogLine[] {
  const texts = content.split("\n");
  if (texts.at(-1) === "") texts.pop();
  return texts.map((text, index) => {
    const last = index === texts.length - 1 && !content.endsWith("\n");
    const crlf = !last && text.endsWith("\r");
    return {
      text: crlf ? text.slice(0, -1) : text,
      lineNumber: index + 1,
      lineEnd: last ? "" : crlf ? "\r\n" : "\n",
    };
  });
}

async function rowsOf(lines: (LogLine | OversizedLine)[], options = OPTIONS) {
  async function* source() {
    yield* lines;
  }
  const rows: (CsvRow | BrokenCsvRow | OversizedLine)[] = [];
  for await (const row of readCsvRows(source(), options)) rows.push(row);
  return rows;
}

/** Each outcome as "line: cells" or "line: reason". */
async function outcomesOf(content: string, options = OPTIONS) {
  return (await rowsOf(linesOf(content), options)).map((row) => {
    if ("lineBytes" in row) return `${row.lineNumber}: oversized`;
    return `${row.lineNumber}: ${row.kind === "row" ? JSON.stringify(row.cells) : row.reason}`;
  });
}

describe("readCsvRows", () => {
  it("reads quoted cells with doubled quotes and CRLF line breaks, numbered by their first line", async () => {
    const content = 'a,"b ""q"", c"\r\n\r\n"x\r\ny",\r\nlast,"\r\n"\r\n';

    expect(await outcomesOf(content)).toEqual([
      '1: ["a","b \\"q\\", c"]',
      '3: ["x\\r\\ny",""]',
      '5: ["last","\\r\\n"]',
    ]);
  });

  it("keeps the raw text of a row that spans lines, line ends included", async () => {
    const [row] = await rowsOf(linesOf('a,"x\r\ny"\r\n'));

    expect(row).toEqual({ kind: "row", cells: ["a", "x\r\ny"], lineNumber: 1, raw: 'a,"x\r\ny"' });
  });

  it("rejects only the line of a quote that never closes and reads the lines after it as rows", async () => {
    expect(await outcomesOf('a,b\nc,"d\ne,f\n\ng,h\n')).toEqual([
      '1: ["a","b"]',
      "2: cell 2 opens a quote on line 2 that is not closed by the end of the file; the lines after it are read as new rows",
      '3: ["e","f"]',
      '5: ["g","h"]',
    ]);
  });

  it("resynchronises at the next row whose quoted cell cannot close the open quote", async () => {
    const content = '"t1",/a,"c\n"t2",/b,200\n"t3",/c,200\n';

    expect(await outcomesOf(content)).toEqual([
      "1: cell 3 opens a quote on line 1 that is not closed before line 2, which cannot be read with it open; the lines after it are read as new rows",
      '2: ["t2","/b","200"]',
      '3: ["t3","/c","200"]',
    ]);
  });

  it("rejects a multi-line row up to the line where the quote that broke it opened", async () => {
    const content = 'a,"x\ny",b,"c\nd"e\nf,g\n';
    const cellName = (index: number) => `column ${"ABCD".charAt(index)}`;

    expect(await outcomesOf(content, { ...OPTIONS, cellName })).toEqual([
      "1: column D opens a quote on line 2 that is not closed before line 3, which cannot be read with it open; the lines after it are read as new rows",
      "3: column A holds a quote at character 2 of its unquoted value; a value with quotes must be quoted whole, each quote doubled",
      '4: ["f","g"]',
    ]);
  });

  it("cuts a quote still open past maxRecordBytes, so an open quote never holds the rest of a file", async () => {
    const content = `a,"b\n${"c,d\n".repeat(5)}`;

    expect(await outcomesOf(content, { maxRecordBytes: 10 })).toEqual([
      "1: cell 2 opens a quote on line 1 that is not closed within 10 bytes; the lines after it are read as new rows",
      ...[2, 3, 4, 5, 6].map((line) => `${line}: ["c","d"]`),
    ]);
  });

  it("cuts a quote still open at an oversized line, and passes that line through after the rows before it", async () => {
    const oversized = { lineNumber: 3, lineBytes: 2_000, maxLineBytes: 1_000, head: "" };
    const [first, second] = linesOf('a,"b\nc,d\n');

    expect(await rowsOf([first!, second!, oversized])).toEqual([
      {
        kind: "broken",
        reason:
          "cell 2 opens a quote on line 1 that is not closed before line 3, which is longer than 1000 bytes; the lines after it are read as new rows",
        lineNumber: 1,
        raw: 'a,"b',
      },
      { kind: "row", cells: ["c", "d"], lineNumber: 2, raw: "c,d" },
      oversized,
    ]);
  });

  it("rejects a quote inside an unquoted value, and text after a closing quote, one row each", async () => {
    expect(await outcomesOf('a,/e"x,b\n"a"b,c\nok\n')).toEqual([
      "1: cell 2 holds a quote at character 3 of its unquoted value; a value with quotes must be quoted whole, each quote doubled",
      '2: cell 1 has "b" after its closing quote instead of a comma or the line end',
      '3: ["ok"]',
    ]);
  });

  it("accounts for every non-blank line exactly once, whatever quotes and commas the lines hold", async () => {
    const line = fc
      .array(fc.constantFrom('"', '"', ",", "a", " ", "\r"), { maxLength: 12 })
      .map((chars) => chars.join(""));
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 15 }),
        fc.integer({ min: 1, max: 40 }),
        async (texts, maxRecordBytes) => {
          const lines = linesOf(texts.map((text) => `${text}\n`).join(""));
          const rows = await rowsOf(lines, { maxRecordBytes });

          const covered = new Set<number>();
          for (const row of rows) {
            if ("lineBytes" in row) continue;
            const spanned = row.raw.split("\n").length;
            for (let offset = 0; offset < spanned; offset += 1) {
              expect(covered.has(row.lineNumber + offset)).toBe(false);
              covered.add(row.lineNumber + offset);
            }
          }
          for (const { text, lineNumber } of lines) {
            if (text.trim() !== "") expect(covered.has(lineNumber)).toBe(true);
          }
        },
      ),
      { numRuns: 300, seed: 20261203 },
    );
  });
});

describe("splitCsvLine", () => {
  it("splits a whole record and refuses a line that is not one", () => {
    expect(splitCsvLine('TimeGenerated [UTC],"a,b",')).toEqual(["TimeGenerated [UTC]", "a,b", ""]);
    expect(splitCsvLine('a,"b')).toBeUndefined();
    expect(splitCsvLine('a,b"c')).toBeUndefined();
  });
});
