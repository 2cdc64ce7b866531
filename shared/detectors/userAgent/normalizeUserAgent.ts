/**
 * The one normalised copy every User-Agent scanner reads. Attackers hide payloads behind URL
 * and string escapes, so those are undone first (`decodeUserAgent`); then the copy is lower-cased
 * (`foldCase`).
 */

const PERCENT_DECODE_ROUNDS = 2;

// Java upper-cases these to ASCII, so `${upper:ı}` yields `I`: Log4j payloads use them to slip
// past filters that only look for ASCII letters.
const ASCII_LOOKALIKES: ReadonlyMap<string, string> = new Map([
  ["\u0131", "i"],
  ["\u017f", "s"],
]);

interface Unescaped {
  char: string;
  length: number;
}

/**
 * Returns the first `maxExaminedChars` characters of `userAgent` with percent escapes decoded
 * (`%41`, `%u0041`, two rounds), then `\uXXXX` and `\xXX` escapes, case kept: what evidence
 * shows, and what `foldCase` turns into the copy scanners read. Each step is one pass, so the
 * whole takes time linear in the examined length. A `%XX` escape becomes one character per byte
 * (no UTF-8 decoding), which is enough for the ASCII words scanners look for.
 */
export function decodeUserAgent(userAgent: string, maxExaminedChars: number): string {
  let text = userAgent.slice(0, maxExaminedChars);
  for (let round = 0; round < PERCENT_DECODE_ROUNDS && text.includes("%"); round += 1) {
    const decoded = replaceEscapes(text, "%", decodePercentEscape);
    if (decoded === text) break;
    text = decoded;
  }
  if (text.includes("\\")) text = replaceEscapes(text, "\\", decodeBackslashEscape);
  return text;
}

/** Lower-cased, with the lookalikes Java upper-cases to ASCII folded: what scanners read. */
export function foldCase(decoded: string): string {
  return foldLookalikes(decoded.toLowerCase());
}

function replaceEscapes(
  text: string,
  marker: string,
  decodeAt: (text: string, index: number) => Unescaped | null,
): string {
  let out = "";
  let copiedUpTo = 0;
  let index = text.indexOf(marker);
  while (index !== -1) {
    const escape = decodeAt(text, index);
    if (escape === null) {
      index = text.indexOf(marker, index + 1);
      continue;
    }
    out += text.slice(copiedUpTo, index) + escape.char;
    copiedUpTo = index + escape.length;
    index = text.indexOf(marker, copiedUpTo);
  }
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}

function decodePercentEscape(text: string, index: number): Unescaped | null {
  if (text[index + 1] === "u" || text[index + 1] === "U") {
    return decodeHexEscape(text, index + 2, 4, 6);
  }
  return decodeHexEscape(text, index + 1, 2, 3);
}

function decodeBackslashEscape(text: string, index: number): Unescaped | null {
  const kind = text[index + 1];
  if (kind === "u") return decodeHexEscape(text, index + 2, 4, 6);
  if (kind === "x") return decodeHexEscape(text, index + 2, 2, 4);
  return null;
}

function decodeHexEscape(
  text: string,
  digitsStart: number,
  digitCount: number,
  escapeLength: number,
): Unescaped | null {
  let code = 0;
  for (let offset = 0; offset < digitCount; offset += 1) {
    const digit = hexValue(text.charCodeAt(digitsStart + offset));
    if (digit < 0) return null;
    code = code * 16 + digit;
  }
  return { char: String.fromCharCode(code), length: escapeLength };
}

function hexValue(charCode: number): number {
  if (charCode >= 48 && charCode <= 57) return charCode - 48;
  if (charCode >= 65 && charCode <= 70) return charCode - 55;
  if (charCode >= 97 && charCode <= 102) return charCode - 87;
  return -1;
}

function foldLookalikes(text: string): string {
  let folded = text;
  for (const [lookalike, ascii] of ASCII_LOOKALIKES) {
    if (folded.includes(lookalike)) folded = folded.replaceAll(lookalike, ascii);
  }
  return folded;
}
