import { formParameters, looksLikeForm } from "./queryParameters.js";
import type { RawParameter } from "./rawParameter.js";

/**
 * The top-level fields of a logged request body: the members of a JSON object, or the pairs of a
 * form. APIM logs at most 8,192 bytes, so a JSON body may be cut anywhere: the fields before the
 * cut are kept and the one it splits is dropped. Anything else (XML, arrays, text) has no fields.
 */
export function bodyParameters(
  body: string,
  maxParameters: number,
): { parameters: RawParameter[]; droppedFields: number } {
  const start = skipSpace(body, 0);
  if (start >= body.length) return { parameters: [], droppedFields: 0 };
  if (body.charAt(start) === "{") return jsonMembers(body, start + 1, maxParameters);
  if (looksLikeForm(body)) {
    const form = formParameters(body, "body", maxParameters);
    return { parameters: form.parameters, droppedFields: form.droppedPairs };
  }
  return { parameters: [], droppedFields: 0 };
}

/** A hand scanner rather than JSON.parse, which rejects a cut body outright. Linear in the text. */
function jsonMembers(
  text: string,
  from: number,
  maxParameters: number,
): { parameters: RawParameter[]; droppedFields: number } {
  const parameters: RawParameter[] = [];
  let droppedFields = 0;
  let index = skipSpace(text, from);
  while (index < text.length && text.charAt(index) === '"') {
    const keyEnd = stringEnd(text, index);
    if (keyEnd < 0) break;
    const colon = skipSpace(text, keyEnd);
    if (text.charAt(colon) !== ":") break;
    const valueStart = skipSpace(text, colon + 1);
    const valueEnd = jsonValueEnd(text, valueStart);
    if (valueEnd < 0) break;
    const name = jsonString(text.slice(index, keyEnd)).toLowerCase();
    if (name !== "" && parameters.length < maxParameters) {
      parameters.push({
        name,
        location: "body",
        value: jsonValue(text.slice(valueStart, valueEnd)),
      });
    } else if (name !== "") {
      droppedFields += 1;
    }
    index = skipSpace(text, valueEnd);
    if (text.charAt(index) !== ",") break;
    index = skipSpace(text, index + 1);
  }
  return { parameters, droppedFields };
}

/** End (exclusive) of the JSON value at `start`, or -1 when the text ends inside it. */
function jsonValueEnd(text: string, start: number): number {
  const first = text.charAt(start);
  if (first === '"') return stringEnd(text, start);
  if (first === "{" || first === "[") return containerEnd(text, start);
  let index = start;
  while (index < text.length && !isLiteralEnd(text.charAt(index))) index += 1;
  // A literal that runs to the end of the text may have been cut (`12` of `1234`).
  return index === start || index >= text.length ? -1 : index;
}

function isLiteralEnd(char: string): boolean {
  return char === "," || char === "}" || char === "]" || isSpace(char);
}

/** End (exclusive) of the string whose opening quote is at `start`, or -1 when unterminated. */
function stringEnd(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length) {
    const char = text.charAt(index);
    if (char === "\\") index += 2;
    else if (char === '"') return index + 1;
    else index += 1;
  }
  return -1;
}

function containerEnd(text: string, start: number): number {
  let depth = 0;
  let index = start;
  while (index < text.length) {
    const char = text.charAt(index);
    if (char === '"') {
      index = stringEnd(text, index);
      if (index < 0) return -1;
      continue;
    }
    if (char === "{" || char === "[") depth += 1;
    else if (char === "}" || char === "]") depth -= 1;
    index += 1;
    if (depth === 0) return index;
  }
  return -1;
}

function jsonString(token: string): string {
  try {
    const parsed: unknown = JSON.parse(token);
    return typeof parsed === "string" ? parsed : token.slice(1, -1);
  } catch {
    return token.slice(1, -1);
  }
}

/** Strings are unquoted; `null` is the empty value; numbers, booleans and containers stay as JSON. */
function jsonValue(token: string): string {
  if (token.startsWith('"')) return jsonString(token);
  return token === "null" ? "" : token;
}

function skipSpace(text: string, from: number): number {
  let index = from;
  while (index < text.length && isSpace(text.charAt(index))) index += 1;
  return index;
}

function isSpace(char: string): boolean {
  return char === " " || char === "\n" || char === "\r" || char === "\t";
}
