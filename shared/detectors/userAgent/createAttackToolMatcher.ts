import { isLowerAlphanumeric } from "./characterClasses.js";
import type { TextSpan } from "./textSpan.js";

/** Finds the first attack-tool token in normalised User-Agent text. */
export type AttackToolMatcher = (text: string) => TextSpan | null;

const MIN_TOKEN_CHARS = 3;

/**
 * Builds a matcher for `tokens` (at least 3 characters, starting with a letter or digit). A token
 * matches only at a word start and, when it ends in a letter or digit, only where the word ends
 * too, so `nmap` does not match inside `unmapped`. Tokens are grouped by first character, so a
 * word start costs one array look-up and a comparison per token that shares its first two.
 */
export function createAttackToolMatcher(tokens: readonly string[]): AttackToolMatcher {
  const tokensByFirstChar = groupByFirstChar(
    tokens.map((token, index) => checkToken(token, index)),
  );

  return (text) => {
    let atWordStart = true;
    for (let index = 0; index < text.length; index += 1) {
      if (atWordStart) {
        const token = tokenAt(text, index, tokensByFirstChar[text.charCodeAt(index)]);
        if (token !== undefined) {
          return { text, start: index, end: endOfProductToken(text, index + token.length) };
        }
      }
      atWordStart = !isLowerAlphanumeric(text[index]);
    }
    return null;
  };
}

function checkToken(token: string, index: number): string {
  const normalized = token.trim().toLowerCase();
  if (normalized.length < MIN_TOKEN_CHARS || !isLowerAlphanumeric(normalized[0])) {
    throw new Error(
      `attackToolTokens[${index}] is ${JSON.stringify(token)}; expected at least ${MIN_TOKEN_CHARS} characters starting with a letter or digit`,
    );
  }
  return normalized;
}

// Indexed by character code: the look-up runs at every word start, where a Map costs more.
function groupByFirstChar(tokens: readonly string[]): Array<string[] | undefined> {
  const groups: Array<string[] | undefined> = [];
  for (const token of tokens) {
    const code = token.charCodeAt(0);
    groups[code] = [...(groups[code] ?? []), token];
  }
  return groups;
}

function tokenAt(
  text: string,
  index: number,
  candidates: readonly string[] | undefined,
): string | undefined {
  if (candidates === undefined) return undefined;
  const secondCode = text.charCodeAt(index + 1);
  for (const token of candidates) {
    if (token.charCodeAt(1) === secondCode && matchesAt(text, index, token)) return token;
  }
  return undefined;
}

function matchesAt(text: string, index: number, token: string): boolean {
  if (!text.startsWith(token, index)) return false;
  const endsInWordChar = isLowerAlphanumeric(token[token.length - 1]);
  return !endsInWordChar || !isLowerAlphanumeric(text[index + token.length]);
}

/** Extends a match over the rest of its product token, such as a `/1.6.2#stable` version. */
function endOfProductToken(text: string, index: number): number {
  let end = index;
  while (end < text.length && !" ;,()".includes(text[end] ?? " ")) end += 1;
  return end;
}
