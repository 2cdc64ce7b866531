import { isDigit, isLowerAlphanumeric, isShellWhitespace } from "./characterClasses.js";
import { SHELL_COMMAND_WORDS } from "./shellCommandWords.js";
import type { TextSpan } from "./textSpan.js";

type Separator = ";" | "|" | "&" | "\n" | "`" | "$(";

// Longer than any listed command or short absolute path to one; reading stops there.
const MAX_COMMAND_CHARS = 40;

const WORD_TERMINATORS = new Set([";", "|", "&", "`", "$", "<", ">", "'", '"', "(", ")"]);

/**
 * Finds a shell separator (`;`, `|`, `&`, a newline, a backtick or `$(`) followed by a command
 * word from {@link SHELL_COMMAND_WORDS} or a path through a `bin/` directory. A separator alone
 * is not enough: browser User-Agents are full of semicolons.
 */
export function findCommandInjection(text: string): TextSpan | null {
  for (let index = 0; index < text.length; index += 1) {
    const separator = separatorAt(text, index);
    if (separator === null) continue;

    const wordStart = skipCommandSpace(text, index + separator.length);
    if (isCommandAt(text, wordStart, separator)) return { text, start: index, end: text.length };
    // Whitespace after the separator leads to the same word from anywhere inside it.
    index = Math.max(index, wordStart - 1);
  }
  return null;
}

function separatorAt(text: string, index: number): Separator | null {
  const char = text[index];
  if (char === ";" || char === "|" || char === "&" || char === "\n" || char === "`") return char;
  if (char === "$" && text[index + 1] === "(") return "$(";
  return null;
}

function isCommandAt(text: string, wordStart: number, separator: Separator): boolean {
  const wordEnd = endOfWord(text, wordStart);
  if (wordEnd === -1 || wordEnd === wordStart) return false;
  if (!endsCommandWord(text[wordEnd], separator)) return false;

  const word = text.slice(wordStart, wordEnd);
  if (word.startsWith("/") && word.includes("bin/")) return true;

  const rule = SHELL_COMMAND_WORDS.get(word.startsWith("/") ? baseName(word) : word);
  switch (rule) {
    case undefined:
      return false;
    case "any":
      return true;
    case "path":
      return isPathArgument(argumentPrefix(text, wordEnd));
    case "not-version":
      return !isVersionArgument(argumentPrefix(text, wordEnd));
  }
}

/** The end of the word at `start`, or -1 when it runs past {@link MAX_COMMAND_CHARS}. */
function endOfWord(text: string, start: number): number {
  const limit = Math.min(text.length, start + MAX_COMMAND_CHARS + 1);
  for (let index = start; index < limit; index += 1) {
    const char = text[index];
    if (isShellWhitespace(char) || (char !== undefined && WORD_TERMINATORS.has(char))) {
      return index;
    }
  }
  return limit === text.length ? limit : -1;
}

// A browser's `(…; Tablet)` comment ends with `)`: only `$(…)` lets a command end there.
function endsCommandWord(char: string | undefined, separator: Separator): boolean {
  if (char === ")") return separator === "$(";
  if (char === "(") return false;
  return true;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** The first two characters of the argument after a command word; empty when it has none. */
function argumentPrefix(text: string, wordEnd: number): string {
  const start = skipCommandSpace(text, wordEnd);
  return start === wordEnd ? "" : text.slice(start, start + 2);
}

// Injected commands spell a space as `${IFS}` or `$IFS` to pass filters that look for one, and
// pad with `$9`, an unset positional parameter that expands to nothing.
function skipCommandSpace(text: string, index: number): number {
  let next = index;
  for (;;) {
    if (isShellWhitespace(text[next])) {
      next += 1;
    } else if (text.startsWith("${ifs}", next)) {
      next += "${ifs}".length;
    } else if (text.startsWith("$ifs", next) && !isLowerAlphanumeric(text[next + 4])) {
      next += "$ifs".length;
    } else if (text[next] === "$" && isDigit(text[next + 1])) {
      next += 2;
    } else {
      return next;
    }
  }
}

function isPathArgument(prefix: string): boolean {
  return prefix.startsWith("/") || prefix.startsWith(".") || prefix.startsWith("~");
}

function isVersionArgument(prefix: string): boolean {
  return isDigit(prefix[0]) || (prefix[0] === "v" && isDigit(prefix[1]));
}
