import { isIP } from "node:net";

/**
 * The shape of a parameter value. `token` is an enum-like word (`asc`, `en-US`, `price_desc`);
 * `syntax` is text that carries characters with meaning in SQL, HTML, shells or paths (quotes,
 * angle brackets, `;`, `|`, `=`, `#`, `../`, `&&`…), which normal free text (`text`) rarely has.
 * An apostrophe inside a word (`O'Brien`) is text, and allowed in an email's local part.
 */
export type ValueType =
  | "empty"
  | "integer"
  | "decimal"
  | "boolean"
  | "uuid"
  | "date"
  | "datetime"
  | "email"
  | "ip"
  | "hex"
  | "base64"
  | "json"
  | "token"
  | "text"
  | "syntax";

/** Every value type, in a fixed order (used for smoothing and for stable output). */
export const VALUE_TYPES: readonly ValueType[] = [
  "empty",
  "integer",
  "decimal",
  "boolean",
  "uuid",
  "date",
  "datetime",
  "email",
  "ip",
  "hex",
  "base64",
  "json",
  "token",
  "text",
  "syntax",
];

/**
 * The broader types that also accept a value of each type: free text takes any plain value, an
 * enum-like token takes any single word (numbers, hex, UUIDs, dates), a decimal takes integers.
 * Syntax, JSON and empty values are accepted by no other type.
 */
export const ACCEPTED_BY: Readonly<Record<ValueType, readonly ValueType[]>> = {
  empty: [],
  integer: ["decimal", "token", "text"],
  decimal: ["token", "text"],
  boolean: ["token", "text"],
  uuid: ["token", "text"],
  date: ["token", "text"],
  datetime: ["token", "text"],
  email: ["text"],
  ip: ["token", "text"],
  hex: ["token", "text"],
  base64: ["token", "text"],
  json: [],
  token: ["text"],
  text: [],
  syntax: [],
};

// Anchored patterns without nested or overlapping quantifiers: each runs in linear time.
const INTEGER = /^[+-]?[0-9]+$/;
const DECIMAL = /^[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const DATE = /^[0-9]{4}-[01][0-9]-[0-3][0-9]$/;
const DATETIME =
  /^[0-9]{4}-[01][0-9]-[0-3][0-9][T ][0-2][0-9]:[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{1,9})?)?(?:Z|[+-][0-2][0-9]:?[0-5][0-9])?$/;
const HEX = /^(?:[0-9a-f]{8,}|[0-9A-F]{8,})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{16,}={0,2}|[A-Za-z0-9_-]{16,}={0,2})$/;
const TOKEN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const SYNTAX_CHARS = new Set([
  "'",
  '"',
  "<",
  ">",
  ";",
  "|",
  "`",
  "(",
  ")",
  "{",
  "}",
  "\\",
  "=",
  "#",
]);
const SYNTAX_SEQUENCES = ["../", "..\\", "--", "/*", "*/", "${", "$(", "&&"];
const LETTER = /^\p{L}$/u;

/** Classifies a decoded value. Linear in its length; callers bound the length examined. */
export function valueTypeOf(value: string): ValueType {
  if (value === "") return "empty";
  const first = value.charAt(0);
  if (first === "{" || first === "[") {
    if (isJson(value)) return "json";
  }
  return numericOrTemporal(value) ?? identifierType(value) ?? textType(value);
}

function numericOrTemporal(value: string): ValueType | null {
  if (INTEGER.test(value)) return "integer";
  if (DECIMAL.test(value)) return "decimal";
  const lower = value.toLowerCase();
  if (lower === "true" || lower === "false") return "boolean";
  if (DATE.test(value)) return "date";
  if (DATETIME.test(value)) return "datetime";
  return null;
}

function identifierType(value: string): ValueType | null {
  if (UUID.test(value)) return "uuid";
  if (isIP(value) !== 0) return "ip";
  if (isEmail(value)) return "email";
  if (HEX.test(value) && hasDigit(value)) return "hex";
  if (BASE64.test(value) && mixesCharacterClasses(value)) return "base64";
  if (TOKEN.test(value)) return "token";
  return null;
}

function textType(value: string): ValueType {
  for (let index = 0; index < value.length; index += 1) {
    const char = value.charAt(index);
    if (SYNTAX_CHARS.has(char) && !isElisionAt(value, index)) return "syntax";
  }
  for (const sequence of SYNTAX_SEQUENCES) if (value.includes(sequence)) return "syntax";
  return "text";
}

/**
 * The value's only apostrophe, between two letters: `O'Brien`, `d'Artagnan`, `l'Hospitalet`. A
 * lone quote can close a string literal but leaves the query's own closing quote unmatched, so it
 * breaks the statement rather than injects into it; a second quote, or one at a word's edge
 * (`admin'`, `' or 1`), stays syntax. Known limit: `O'Brien` is also an error-based probe.
 */
function isElisionAt(value: string, index: number): boolean {
  if (value.charAt(index) !== "'") return false;
  if (value.indexOf("'") !== index || value.lastIndexOf("'") !== index) return false;
  return LETTER.test(value.charAt(index - 1)) && LETTER.test(value.charAt(index + 1));
}

function isJson(value: string): boolean {
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * One `@`, a non-empty local part, a dotted domain, no spaces, no syntax but an elision in the
 * local part (`o'brien@…`): not RFC 5322, but linear.
 */
function isEmail(value: string): boolean {
  const at = value.indexOf("@");
  if (at <= 0 || at !== value.lastIndexOf("@") || value.length > 254) return false;
  const domain = value.slice(at + 1);
  const dot = domain.lastIndexOf(".");
  if (dot <= 0 || dot === domain.length - 1) return false;
  for (let index = 0; index < value.length; index += 1) {
    const char = value.charAt(index);
    if (char === " ") return false;
    if (SYNTAX_CHARS.has(char) && !(index < at && isElisionAt(value, index))) return false;
  }
  return true;
}

function hasDigit(value: string): boolean {
  for (const char of value) if (char >= "0" && char <= "9") return true;
  return false;
}

/** Base64 of random bytes mixes upper case, lower case and digits; words and slugs do not. */
function mixesCharacterClasses(value: string): boolean {
  let upper = false;
  let lower = false;
  let digit = false;
  for (const char of value) {
    if (char >= "A" && char <= "Z") upper = true;
    else if (char >= "a" && char <= "z") lower = true;
    else if (char >= "0" && char <= "9") digit = true;
  }
  return upper && lower && digit;
}
