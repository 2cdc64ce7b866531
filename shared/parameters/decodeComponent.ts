/**
 * Percent-decoding that never throws. `decodeURIComponent` rejects `%zz` and broken UTF-8, which
 * attack traffic sends on purpose; here a malformed escape stays as written and broken UTF-8
 * becomes U+FFFD, so the value is still classified and hashed.
 */

const UTF8 = new TextDecoder("utf-8", { fatal: false });

/** Decodes `%XX` escapes, and `+` as a space when `plusIsSpace` (query strings and form bodies). */
export function decodeComponent(text: string, plusIsSpace: boolean): string {
  if (!text.includes("%"))
    return plusIsSpace && text.includes("+") ? text.replaceAll("+", " ") : text;
  const withSpaces = plusIsSpace ? text.replaceAll("+", " ") : text;
  try {
    return decodeURIComponent(withSpaces);
  } catch {
    return decodeTolerantly(withSpaces);
  }
}

function decodeTolerantly(text: string): string {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  let index = 0;
  while (index < text.length) {
    const char = text.charAt(index);
    const byte = char === "%" ? hexByteAt(text, index + 1) : -1;
    if (byte >= 0) {
      bytes.push(byte);
      index += 3;
      continue;
    }
    const codePoint = text.codePointAt(index) ?? 0;
    const width = codePoint > 0xffff ? 2 : 1;
    for (const encoded of encoder.encode(text.slice(index, index + width))) bytes.push(encoded);
    index += width;
  }
  return UTF8.decode(Uint8Array.from(bytes));
}

function hexByteAt(text: string, index: number): number {
  if (index + 2 > text.length) return -1;
  const high = hexDigit(text.charCodeAt(index));
  const low = hexDigit(text.charCodeAt(index + 1));
  return high < 0 || low < 0 ? -1 : high * 16 + low;
}

function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}
