/**
 * Endpoint keys: the unit the detectors group requests by. APIM names the matched operation, so
 * `apiId;operationId` is exact there; other sources only have a path, so its id-like segments are
 * replaced by placeholders to stop `/orders/1` and `/orders/2` counting as two endpoints.
 */

const ALL_DIGITS = /^[0-9]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^[0-9a-f]{16,}$/i;
const ALPHANUMERIC = /^[A-Za-z0-9]{8,}$/;
const BASE64URL = /^[A-Za-z0-9_-]{20,}={0,2}$/;

/**
 * Letter/digit alternations an 8+ character alphanumeric token needs to count as an id. Generated
 * ids interleave (`a7Xk29Qz`); names with a number (`hackday06`, `sysadvent2009`) switch once.
 */
const MIN_ID_ALTERNATIONS = 3;

export interface EndpointParts {
  apiId: string;
  operationId: string;
  method: string;
  path: string;
}

/**
 * Replaces id-like path segments with `{int}`, `{uuid}`, `{hex}` or `{id}` and drops a trailing
 * slash. Case is kept because paths are case-sensitive. Known limit: ids that read like words
 * (`/weather/Valparaiso`, `/users/alice`) stay as they are.
 */
export function templatePath(path: string): string {
  const templated = path.split("/").map(templateSegment).join("/");
  let end = templated.length;
  while (end > 0 && templated[end - 1] === "/") end -= 1;
  return end === 0 ? "/" : templated.slice(0, end);
}

/**
 * `${apiId};${operationId}` when the source names both (APIM's own route match, immune to path
 * parameters), otherwise `${METHOD} ${templatePath(path)}` with the method upper-cased.
 */
export function endpointOf(parts: EndpointParts): string {
  if (parts.apiId !== "" && parts.operationId !== "") return `${parts.apiId};${parts.operationId}`;
  return `${parts.method.toUpperCase()} ${templatePath(parts.path)}`;
}

function templateSegment(segment: string): string {
  if (segment === "") return segment;
  if (ALL_DIGITS.test(segment)) return "{int}";
  if (UUID.test(segment)) return "{uuid}";
  if (HEX.test(segment)) return "{hex}";
  if (isOpaqueToken(segment)) return "{id}";
  return segment;
}

function isOpaqueToken(segment: string): boolean {
  if (ALPHANUMERIC.test(segment) && countAlternations(segment) >= MIN_ID_ALTERNATIONS) return true;
  // Base64url needs all three character classes, so hyphenated slugs like
  // `logstash-monitorama-2013` stay readable.
  return (
    BASE64URL.test(segment) &&
    /[A-Z]/.test(segment) &&
    /[a-z]/.test(segment) &&
    /[0-9]/.test(segment)
  );
}

function countAlternations(token: string): number {
  let alternations = 0;
  for (let index = 1; index < token.length; index += 1) {
    if (isDigit(token.charAt(index)) !== isDigit(token.charAt(index - 1))) alternations += 1;
  }
  return alternations;
}

function isDigit(char: string): boolean {
  return char >= "0" && char <= "9";
}
