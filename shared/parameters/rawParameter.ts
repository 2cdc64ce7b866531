/** Where in the request a parameter was found. */
export type ParameterLocation = "query" | "path" | "body";

/** A parameter as read from the request, before it is classified and hashed. */
export interface RawParameter {
  /** Normalised name: see `normaliseName` (query and form names), `{path:N}` for path segments. */
  name: string;
  location: ParameterLocation;
  /** Decoded value, in clear; never leaves the extraction. */
  value: string;
}

/**
 * Query and form names are lower-cased, because most API frameworks (ASP.NET, which APIM fronts
 * most often, among them) bind them case-insensitively, and `Page` and `page` are then one
 * parameter. An array suffix `[]` or `[3]` is dropped, so `ids[]=1&ids[]=2` is two values of
 * `ids`; a named suffix (`filter[status]`) is kept, because it is a field of its own.
 */
export function normaliseName(decodedName: string): string {
  const lower = decodedName.toLowerCase();
  if (!lower.endsWith("]")) return lower;
  const open = lower.lastIndexOf("[");
  if (open <= 0) return lower;
  const inside = lower.slice(open + 1, -1);
  return isArrayIndex(inside) ? lower.slice(0, open) : lower;
}

function isArrayIndex(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 48 || code > 57) return false;
  }
  return true;
}
