import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const INFRA_DIR = join(REPO_ROOT, "infra");

export interface BicepFile {
  /** Path from the repository root, with forward slashes. */
  path: string;
  /** The file's text with comments blanked out, so that offsets still match the file. */
  code: string;
}

export interface ResourceDeclaration {
  file: string;
  symbol: string;
  type: string;
  apiVersion: string;
  existing: boolean;
  /** The `{ … }` body, braces included. */
  body: string;
}

/** Every file under `dir` whose name ends with `suffix`, as repository-relative paths. */
export function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(suffix))
    .map((name) => relative(REPO_ROOT, join(dir, name)).split("\\").join("/"))
    .sort();
}

export function readRepoFile(path: string): string {
  return readFileSync(join(REPO_ROOT, path), "utf8");
}

export function readInfraBicep(): BicepFile[] {
  return filesUnder(INFRA_DIR, ".bicep").map((path) => ({
    path,
    code: withoutComments(readRepoFile(path)),
  }));
}

const RESOURCE_HEADER = /^[ \t]*resource\s+(\w+)\s+'([^'@]+)@([^']+)'\s*(existing\s*)?=/gm;

/** The `resource` declarations of a file, each with its body. */
export function resourcesOf(file: BicepFile): ResourceDeclaration[] {
  return [...file.code.matchAll(RESOURCE_HEADER)].map((match) => {
    const bodyStart = file.code.indexOf("{", match.index + match[0].length);
    return {
      file: file.path,
      symbol: match[1]!,
      type: match[2]!,
      apiVersion: match[3]!,
      existing: match[4] !== undefined,
      body: file.code.slice(bodyStart, endOfBlock(file.code, bodyStart)),
    };
  });
}

/**
 * The bracketed value of the first `key: {`, `key: [` or `var key = {` in `code`, or null when
 * there is none.
 */
export function blockOf(code: string, key: string): string | null {
  const match = new RegExp(`\\b${key}\\s*[:=]\\s*([{[])`).exec(code);
  if (!match) return null;
  const start = match.index + match[0].length - 1;
  return code.slice(start, endOfBlock(code, start));
}

/** Index just past the bracket that closes the one at `openIndex`; strings and comments skipped. */
export function endOfBlock(code: string, openIndex: number): number {
  return skipCode(code, openIndex + 1, closerOf(code[openIndex]!));
}

function closerOf(opener: string): string {
  const closers: Record<string, string> = { "{": "}", "[": "]", "(": ")" };
  const closer = closers[opener];
  if (!closer)
    throw new Error(
      `endOfBlock: expected {, [ or ( at the given index, got ${JSON.stringify(opener)}`,
    );
  return closer;
}

/** Scans code from `index` to the unmatched `closer` and returns the index just past it. */
function skipCode(code: string, index: number, closer: string): number {
  const pending: string[] = [];
  let at = index;
  while (at < code.length) {
    const char = code[at]!;
    if (char === "'") {
      at = skipString(code, at);
      continue;
    }
    if (code.startsWith("//", at) || code.startsWith("/*", at)) {
      at = skipComment(code, at);
      continue;
    }
    if (char === "{" || char === "[" || char === "(") pending.push(closerOf(char));
    else if (char === "}" || char === "]" || char === ")") {
      if (pending.length === 0 && char === closer) return at + 1;
      pending.pop();
    }
    at += 1;
  }
  throw new Error(`bicep scan: no ${closer} closes the block that opens before offset ${index}`);
}

/** `code[index]` opens a string; returns the index past its end, through `${…}` and `'''`. */
function skipString(code: string, index: number): number {
  if (code.startsWith("'''", index)) return code.indexOf("'''", index + 3) + 3;
  let at = index + 1;
  while (at < code.length) {
    if (code[at] === "\\") at += 2;
    else if (code[at] === "'") return at + 1;
    else if (code.startsWith("${", at)) at = skipCode(code, at + 2, "}");
    else at += 1;
  }
  throw new Error(`bicep scan: the string that opens at offset ${index} does not end`);
}

function skipComment(code: string, index: number): number {
  if (code.startsWith("//", index)) {
    const end = code.indexOf("\n", index);
    return end === -1 ? code.length : end;
  }
  return code.indexOf("*/", index + 2) + 2;
}

/** The text with `//` and `/* *\/` comments replaced by spaces; strings are left alone. */
export function withoutComments(text: string): string {
  let result = "";
  let at = 0;
  while (at < text.length) {
    if (text[at] === "'") {
      const end = skipString(text, at);
      result += text.slice(at, end);
      at = end;
    } else if (text.startsWith("//", at) || text.startsWith("/*", at)) {
      const end = skipComment(text, at);
      result += text.slice(at, end).replace(/[^\n]/g, " ");
      at = end;
    } else {
      result += text[at];
      at += 1;
    }
  }
  return result;
}
