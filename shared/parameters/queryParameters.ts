import { decodeComponent } from "./decodeComponent.js";
import { normaliseName, type ParameterLocation, type RawParameter } from "./rawParameter.js";

/**
 * Splits a raw `application/x-www-form-urlencoded` text (a query string or a form body) into
 * parameters, in order. Repeated names give one parameter each (`a=1&a=2`); a pair without `=`
 * has the empty value; pairs with an empty name are skipped. Reads at most `maxPairs` pairs.
 */
export function formParameters(
  text: string,
  location: ParameterLocation,
  maxPairs: number,
): { parameters: RawParameter[]; droppedPairs: number } {
  const parameters: RawParameter[] = [];
  let droppedPairs = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("&", start);
    if (end < 0) end = text.length;
    const pair = text.slice(start, end);
    start = end + 1;
    if (pair === "") continue;
    const parameter = pairOf(pair, location);
    if (parameter.name === "") continue;
    if (parameters.length >= maxPairs) droppedPairs += 1;
    else parameters.push(parameter);
  }
  return { parameters, droppedPairs };
}

function pairOf(pair: string, location: ParameterLocation): RawParameter {
  const equals = pair.indexOf("=");
  const rawName = equals < 0 ? pair : pair.slice(0, equals);
  const rawValue = equals < 0 ? "" : pair.slice(equals + 1);
  return {
    name: normaliseName(decodeComponent(rawName, true)),
    location,
    value: decodeComponent(rawValue, true),
  };
}

/**
 * Whether a body reads as a form: every pair's name is made of URL-safe characters. JSON, XML and
 * free text fail this on their first pair, so they are not mistaken for forms.
 */
export function looksLikeForm(text: string): boolean {
  const firstEquals = text.indexOf("=");
  if (firstEquals <= 0) return false;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("&", start);
    if (end < 0) end = text.length;
    const equals = text.indexOf("=", start);
    const nameEnd = equals >= 0 && equals < end ? equals : end;
    if (!isFormName(text, start, nameEnd)) return false;
    start = end + 1;
  }
  return true;
}

const FORM_NAME_PUNCTUATION = new Set(["%", "-", "_", ".", "[", "]", "+", "~", "$", ":"]);

function isFormName(text: string, start: number, end: number): boolean {
  if (end === start) return text.charAt(end) !== "="; // `&&` is harmless, `=x` has no name
  for (let index = start; index < end; index += 1) {
    const char = text.charAt(index);
    const code = text.charCodeAt(index);
    const alphanumeric =
      (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
    if (!alphanumeric && !FORM_NAME_PUNCTUATION.has(char)) return false;
  }
  return true;
}
