import { quoteValue } from "../parsing/recordRejection.js";

/** The addresses a STIX pattern names, or why it cannot be read as a list of addresses. */
export type StixIpPattern =
  { kind: "addresses"; addresses: string[] } | { kind: "rejected"; reason: string };

/**
 * Reads the addresses out of a STIX 2.1 pattern such as
 * `[ipv4-addr:value = '198.51.100.1' OR ipv6-addr:value ISSUBSET '2001:db8::/32']`.
 *
 * Observations joined by OR, comparisons joined by OR, and the `=`, `ISSUBSET` and `IN`
 * operators on `ipv4-addr:value` and `ipv6-addr:value` are understood. Anything that narrows a
 * match (AND, NOT, FOLLOWEDBY, WITHIN and other qualifiers) is refused rather than widened into
 * a plain address match. OR-ed comparisons on other objects are ignored. One pass over the text,
 * one over the tokens, no backtracking.
 */
export function readStixIpPattern(pattern: string): StixIpPattern {
  try {
    const tokens = tokenize(pattern);
    if (!tokens.some(isAddressPath)) return notAnIpIndicator(pattern);

    const addresses = new PatternReader(tokens).readPattern();
    if (addresses.length === 0) return notAnIpIndicator(pattern);
    return { kind: "addresses", addresses };
  } catch (error) {
    if (!(error instanceof StixPatternError)) throw error;
    return { kind: "rejected", reason: error.message };
  }
}

type TokenKind = "punctuation" | "string" | "word" | "operator" | "other";

interface Token {
  kind: TokenKind;
  /** The token as written, except for strings: their value with escapes resolved. */
  text: string;
  /** Where it starts in the pattern, from 0. */
  offset: number;
}

class StixPatternError extends Error {}

const ADDRESS_PATHS = new Set(["ipv4-addr:value", "ipv6-addr:value"]);
const ADDRESS_OPERATORS = new Set(["=", "ISSUBSET", "IN"]);
const PUNCTUATION = "[](),";
const OPERATOR_START = "=!<>";
const WORD_CHAR = /[A-Za-z0-9_\-:.]/;
const WHITESPACE = /\s/;
const TYPED_LITERAL_PREFIXES = new Set(["t", "b", "h"]);

function notAnIpIndicator(pattern: string): StixIpPattern {
  return { kind: "rejected", reason: `pattern ${quoteValue(pattern)} is not an IP indicator` };
}

function isAddressPath(token: Token): boolean {
  return token.kind === "word" && ADDRESS_PATHS.has(token.text);
}

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  let offset = 0;
  while (offset < pattern.length) {
    const char = pattern[offset]!;
    if (WHITESPACE.test(char)) {
      offset += 1;
    } else if (PUNCTUATION.includes(char)) {
      tokens.push({ kind: "punctuation", text: char, offset });
      offset += 1;
    } else if (char === "'") {
      const literal = readQuoted(pattern, offset);
      tokens.push({ kind: "string", text: literal.value, offset });
      offset = literal.end;
    } else if (OPERATOR_START.includes(char)) {
      const text = pattern[offset + 1] === "=" ? `${char}=` : char;
      tokens.push({ kind: "operator", text, offset });
      offset += text.length;
    } else if (WORD_CHAR.test(char)) {
      const word = readWord(pattern, offset);
      tokens.push(word.token);
      offset = word.end;
    } else {
      tokens.push({ kind: "other", text: char, offset });
      offset += 1;
    }
  }
  return tokens;
}

/** A `'…'` literal starting at `start`, where `\'` and `\\` stand for `'` and `\`. */
function readQuoted(pattern: string, start: number): { value: string; end: number } {
  const parts: string[] = [];
  let offset = start + 1;
  while (offset < pattern.length) {
    const char = pattern[offset]!;
    if (char === "'") return { value: parts.join(""), end: offset + 1 };
    if (char === "\\" && offset + 1 < pattern.length) {
      parts.push(pattern[offset + 1]!);
      offset += 2;
    } else {
      parts.push(char);
      offset += 1;
    }
  }
  throw new StixPatternError(`pattern has an unterminated string starting at offset ${start}`);
}

/**
 * A keyword, number or object path starting at `start`. Paths may hold quoted steps
 * (`file:hashes.'SHA-256'`), and `t'…'`, `b'…'`, `h'…'` are typed literals, not words.
 */
function readWord(pattern: string, start: number): { token: Token; end: number } {
  let offset = start;
  while (offset < pattern.length) {
    const char = pattern[offset]!;
    if (WORD_CHAR.test(char)) {
      offset += 1;
    } else if (char === "'" && pattern[offset - 1] === ".") {
      offset = readQuoted(pattern, offset).end;
    } else {
      break;
    }
  }

  const text = pattern.slice(start, offset);
  if (TYPED_LITERAL_PREFIXES.has(text) && pattern[offset] === "'") {
    const literal = readQuoted(pattern, offset);
    return {
      token: { kind: "other", text: `${text}'${literal.value}'`, offset: start },
      end: literal.end,
    };
  }
  return { token: { kind: "word", text, offset: start }, end: offset };
}

/**
 * Recursive descent over the supported subset:
 * pattern = observation *(OR observation); observation = "[" comparison *(OR comparison) "]".
 */
class PatternReader {
  private index = 0;
  private readonly addresses: string[] = [];

  constructor(private readonly tokens: Token[]) {}

  readPattern(): string[] {
    this.readObservation();
    while (this.takeWord("OR")) this.readObservation();
    const rest = this.peek();
    if (rest !== undefined) this.fail("OR or the end of the pattern after an observation", rest);
    return this.addresses;
  }

  private readObservation(): void {
    this.expect("punctuation", "[", "'[' opening an observation");
    this.readComparison();
    while (this.takeWord("OR")) this.readComparison();
    this.expect("punctuation", "]", "OR or ']' after a comparison");
  }

  private readComparison(): void {
    const path = this.next();
    if (path?.kind !== "word" || !path.text.includes(":")) {
      this.fail("an object path such as ipv4-addr:value", path);
    }

    const operator = this.next();
    if (operator === undefined || operator.kind === "punctuation") {
      this.fail("a comparison operator", operator);
    }
    const values = operator.text === "IN" ? this.readValueList() : [this.readValue("a value")];
    if (!ADDRESS_PATHS.has(path.text)) return;

    if (!ADDRESS_OPERATORS.has(operator.text)) {
      this.fail(`=, ISSUBSET or IN after ${path.text}`, operator);
    }
    for (const value of values) {
      if (value.kind !== "string") this.fail(`a quoted address after ${path.text}`, value);
      this.addresses.push(value.text);
    }
  }

  private readValueList(): Token[] {
    this.expect("punctuation", "(", "'(' opening the IN list");
    const values: Token[] = [];
    do {
      values.push(this.readValue("a value in the IN list"));
    } while (this.takePunctuation(","));
    this.expect("punctuation", ")", "',' or ')' in the IN list");
    return values;
  }

  private readValue(expected: string): Token {
    const value = this.next();
    if (value === undefined || value.kind === "punctuation") this.fail(expected, value);
    return value;
  }

  private takeWord(text: string): boolean {
    const token = this.peek();
    if (token?.kind !== "word" || token.text !== text) return false;
    this.index += 1;
    return true;
  }

  private takePunctuation(text: string): boolean {
    const token = this.peek();
    if (token?.kind !== "punctuation" || token.text !== text) return false;
    this.index += 1;
    return true;
  }

  private expect(kind: TokenKind, text: string, expected: string): void {
    const token = this.next();
    if (token?.kind !== kind || token.text !== text) this.fail(expected, token);
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private next(): Token | undefined {
    const token = this.tokens[this.index];
    this.index += 1;
    return token;
  }

  private fail(expected: string, found: Token | undefined): never {
    const where =
      found === undefined
        ? "the end of the pattern"
        : `${quoteValue(found.text)} at offset ${found.offset}`;
    throw new StixPatternError(`unsupported STIX pattern: expected ${expected}, found ${where}`);
  }
}
