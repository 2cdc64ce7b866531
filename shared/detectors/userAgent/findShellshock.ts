import { skipShellWhitespace } from "./characterClasses.js";
import type { TextSpan } from "./textSpan.js";

/**
 * Finds a Bash function definition, `() {`, with any whitespace between its three characters:
 * Bash before the Shellshock fix ran whatever followed one in an environment variable.
 */
export function findShellshock(text: string): TextSpan | null {
  let index = text.indexOf("(");
  while (index !== -1) {
    const close = skipShellWhitespace(text, index + 1);
    if (text[close] === ")" && text[skipShellWhitespace(text, close + 1)] === "{") {
      return { text, start: index, end: text.length };
    }
    index = text.indexOf("(", index + 1);
  }
  return null;
}
