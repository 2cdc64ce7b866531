import { isOversized, type LogLine, type OversizedLine } from "./logFileStream.js";
import { tryParseJson } from "./recordFields.js";

/** One JSON value's text as found in a file, with the line it starts on. */
export interface JsonText {
  text: string;
  lineNumber: number;
}

/**
 * Splits a file into JSON value texts without parsing them. When the first non-blank line is a
 * whole JSON value, or does not open an object or array, the file is JSON Lines and each
 * non-blank line is one text, so a broken line stays one broken text. Otherwise the file is one
 * pretty-printed document: its values are cut out by bracket depth, and a top-level array yields
 * its elements one by one, so an array of a million rows is never held as one string. Text
 * between top-level values is one text per line. An oversized line passes through, and ends
 * the value it interrupts. With `firstLine`, the layout is judged by the first non-blank line from
 * there, and each non-blank line before it is one text.
 */
export async function* readJsonTexts(
  lines: AsyncIterable<LogLine | OversizedLine>,
  firstLine = 1,
): AsyncGenerator<JsonText | OversizedLine> {
  let splitter: JsonValueSplitter | undefined;
  let jsonLines = false;
  for await (const line of lines) {
    if (isOversized(line)) {
      const interrupted = splitter?.finish();
      if (interrupted !== undefined) yield interrupted;
      yield line;
      continue;
    }
    const { text, lineNumber } = line;
    if (splitter === undefined && !jsonLines && lineNumber >= firstLine) {
      if (isBlank(text)) continue;
      jsonLines = tryParseJson(text) !== undefined || !opensDocument(text);
      if (!jsonLines) splitter = new JsonValueSplitter();
    }
    if (splitter !== undefined) yield* splitter.push(text, lineNumber);
    else if (!isBlank(text)) yield { text, lineNumber };
  }
  const rest = splitter?.finish();
  if (rest !== undefined) yield rest;
}

/** True when the line's first character other than JSON whitespace opens an object or array. */
function opensDocument(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charAt(index);
    if (!isWhitespace(char)) return char === "{" || char === "[";
  }
  return false;
}

function isBlank(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    if (!isWhitespace(text.charAt(index))) return false;
  }
  return true;
}

function isWhitespace(char: string): boolean {
  return char === " " || char === "\t" || char === "\r" || char === "\n";
}

/** Cuts top-level JSON values (or the elements of a top-level array) out of a stream of lines. */
class JsonValueSplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private inValue = false;
  private inTopArray = false;
  private sawValue = false;
  private parts: string[] = [];
  private valueLine = 0;

  *push(line: string, lineNumber: number): Generator<JsonText> {
    let start = 0;
    for (let index = 0; index < line.length; index += 1) {
      const char = line.charAt(index);
      if (this.inValue) {
        const ending = this.step(char);
        if (ending === "continues") continue;
        this.parts.push(line.slice(start, ending === "ends-with" ? index + 1 : index));
        yield this.take();
        if (ending === "ends-with") continue;
      }
      if (this.skipBetweenValues(char)) continue;
      if (!this.inTopArray && char !== "{" && char !== "[") {
        // Not JSON a document can hold: the rest of the line is one text, rejected as one.
        yield { text: line.slice(index), lineNumber };
        return;
      }
      this.begin(char, lineNumber);
      start = index;
    }
    if (!this.inValue) return;
    this.parts.push(`${line.slice(start)}\n`);
    // A bare scalar cannot continue onto the next line; ending it here keeps lines apart.
    if (this.depth === 0 && !this.inString) yield this.take();
  }

  /** The unterminated value left at the end of input, if any. */
  finish(): JsonText | undefined {
    return this.inValue ? this.take() : undefined;
  }

  private skipBetweenValues(char: string): boolean {
    if (isWhitespace(char)) return true;
    if (this.inTopArray && (char === "," || char === "]")) {
      this.inTopArray = char === ",";
      return true;
    }
    if (char === "[" && !this.sawValue) {
      this.inTopArray = true;
      this.sawValue = true;
      return true;
    }
    return false;
  }

  private begin(char: string, lineNumber: number): void {
    this.inValue = true;
    this.sawValue = true;
    this.valueLine = lineNumber;
    this.depth = char === "{" || char === "[" ? 1 : 0;
    this.inString = char === '"';
  }

  /** Advances over one character of the current value and says whether the value ended. */
  private step(char: string): "continues" | "ends-with" | "ends-before" {
    if (this.inString) return this.stepInString(char);
    if (char === '"') this.inString = true;
    else if (char === "{" || char === "[") this.depth += 1;
    else if (char === "}" || char === "]") return this.close();
    else if (this.depth === 0 && (isWhitespace(char) || char === ",")) return "ends-before";
    return "continues";
  }

  private stepInString(char: string): "continues" | "ends-with" {
    if (this.escaped) this.escaped = false;
    else if (char === "\\") this.escaped = true;
    else if (char === '"') {
      this.inString = false;
      if (this.depth === 0) return "ends-with";
    }
    return "continues";
  }

  private close(): "continues" | "ends-with" | "ends-before" {
    if (this.depth === 0) return "ends-before";
    this.depth -= 1;
    return this.depth === 0 ? "ends-with" : "continues";
  }

  private take(): JsonText {
    const text = { text: this.parts.join(""), lineNumber: this.valueLine };
    this.parts = [];
    this.inValue = false;
    this.inString = false;
    this.escaped = false;
    return text;
  }
}
