import { isLowerAlphanumeric } from "./characterClasses.js";
import { findFirstLiteral } from "./findFirstLiteral.js";
import type { TextSpan } from "./textSpan.js";

// Struts OGNL and Java reflection read the same in any wrapper, so they need no braces.
const EXPRESSION_MARKERS = [
  "%{(#",
  "%{#",
  "@java.lang.",
  "#_memberaccess",
  "ognlcontext",
  "java.lang.runtime",
  "getruntime()",
  "processbuilder(",
  "freemarker.template.utility.execute",
  "<#assign",
];

// Characters that make a template body an expression rather than a variable name: products,
// calls, indexing, string literals, concatenation and static member access.
const CODE_CHARACTERS: ReadonlySet<string> = new Set(["*", "(", ")", "[", "]", "'", '"', "+", "@"]);

// Names that Jinja2, Twig, Django, Angular and Spring payloads reach for first.
const CODE_IDENTIFIERS: ReadonlySet<string> = new Set([
  "class",
  "config",
  "constructor",
  "cycler",
  "eval",
  "exec",
  "getruntime",
  "import",
  "joiner",
  "lipsum",
  "namespace",
  "popen",
  "request",
  "self",
  "settings",
  "subprocess",
  "system",
]);

interface OpenExpression {
  start: number;
  bodyStart: number;
}

/**
 * Finds a template or expression-language injection: `{{…}}`, `${…}`, `#{…}` or `%{…}`
 * whose body is code rather than a placeholder name (`{{7*7}}`, `{{config}}`, `${T(…)}`), or
 * an OGNL or Java reflection marker. Log4j lookups are expected to be ruled out first.
 */
export function findExpressionInjection(text: string): TextSpan | null {
  const braces = text.includes("{") ? findCodeInBraces(text) : null;
  if (braces !== null) return braces;

  const markerStart = findFirstLiteral(text, EXPRESSION_MARKERS);
  return markerStart === -1 ? null : { text, start: markerStart, end: text.length };
}

// Only the innermost opening before a `}` is kept, so every character lands in one body at most.
function findCodeInBraces(text: string): TextSpan | null {
  let open: OpenExpression | null = null;
  for (let index = 0; index < text.length; index += 1) {
    if (isExpressionOpening(text, index)) {
      open = { start: index, bodyStart: index + 2 };
      index += 1;
    } else if (text[index] === "}" && open !== null) {
      if (isCode(text.slice(open.bodyStart, index))) {
        const end = text[index + 1] === "}" ? index + 2 : index + 1;
        return { text, start: open.start, end };
      }
      open = null;
    }
  }
  return null;
}

function isExpressionOpening(text: string, index: number): boolean {
  const char = text[index];
  return text[index + 1] === "{" && (char === "{" || char === "$" || char === "#" || char === "%");
}

function isCode(body: string): boolean {
  if (body.includes("__")) return true;
  for (const char of body) {
    if (CODE_CHARACTERS.has(char)) return true;
  }
  return identifiersOf(body).some((identifier) => CODE_IDENTIFIERS.has(identifier));
}

function identifiersOf(body: string): string[] {
  const identifiers: string[] = [];
  let start = -1;
  for (let index = 0; index <= body.length; index += 1) {
    const inIdentifier = isLowerAlphanumeric(body[index]) || body[index] === "_";
    if (inIdentifier && start === -1) start = index;
    if (!inIdentifier && start !== -1) {
      identifiers.push(body.slice(start, index));
      start = -1;
    }
  }
  return identifiers;
}
