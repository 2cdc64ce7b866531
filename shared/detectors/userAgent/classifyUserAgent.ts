import { createAttackToolMatcher } from "./createAttackToolMatcher.js";
import { DEFAULT_ATTACK_TOOL_TOKENS } from "./defaultAttackToolTokens.js";
import { findCommandInjection } from "./findCommandInjection.js";
import { findExpressionInjection } from "./findExpressionInjection.js";
import { findLog4jLookup } from "./findLog4jLookup.js";
import { findScriptCode } from "./findScriptCode.js";
import { findShellshock } from "./findShellshock.js";
import { decodeUserAgent, foldCase } from "./normalizeUserAgent.js";
import { redactSecrets } from "./redactSecrets.js";
import type { TextSpan } from "./textSpan.js";

export type UserAgentCategory =
  | "log4shell"
  | "shellshock"
  | "command-injection"
  | "template-injection"
  | "script-code"
  | "attack-tool";

export interface UserAgentFinding {
  category: UserAgentCategory;
  /**
   * The matched fragment of the User-Agent, escapes decoded and case kept (lower-cased where a
   * scanner read a rewritten copy), cut to 120 chars, secrets redacted.
   */
  fragment: string;
}

export interface UserAgentClassifierOptions {
  /** Characters read from the start of each User-Agent; a payload beyond them goes unseen. */
  maxExaminedChars: number;
  /** Whether a scanner's User-Agent alone is a finding, without any payload in it. */
  reportAttackTools: boolean;
  /** Replaces {@link DEFAULT_ATTACK_TOOL_TOKENS}; spread that list to extend it instead. */
  attackToolTokens?: readonly string[];
}

/** Classifies one raw User-Agent header value; null when it shows no attack. */
export type UserAgentClassifier = (userAgent: string) => UserAgentFinding | null;

type Scanner = (text: string) => TextSpan | null;

const DEFAULT_OPTIONS: UserAgentClassifierOptions = {
  maxExaminedChars: 8192,
  reportAttackTools: true,
};

const MAX_FRAGMENT_CHARS = 120;

/**
 * Builds a classifier that looks for code meant to run on the server (Log4Shell, Shellshock,
 * shell commands, template expressions, script) and for attack-tool signatures, in that order,
 * and reports the first category found. Time is linear in `maxExaminedChars`; invalid options
 * throw here.
 */
export function createUserAgentClassifier(
  options: Partial<UserAgentClassifierOptions> = {},
): UserAgentClassifier {
  const settings = checkOptions({ ...DEFAULT_OPTIONS, ...options });
  const scanners = scannersFor(settings);

  return (userAgent) => {
    const decoded = decodeUserAgent(userAgent, settings.maxExaminedChars);
    const text = foldCase(decoded);
    for (const [category, scan] of scanners) {
      const span = scan(text);
      if (span !== null) return { category, fragment: toFragment(shownSpan(span, text, decoded)) };
    }
    return null;
  };
}

function checkOptions(options: UserAgentClassifierOptions): UserAgentClassifierOptions {
  const { maxExaminedChars } = options;
  if (!Number.isSafeInteger(maxExaminedChars) || maxExaminedChars <= 0) {
    throw new Error(
      `User-Agent classifier option maxExaminedChars is ${String(maxExaminedChars)}; expected a positive integer`,
    );
  }
  return options;
}

function scannersFor(options: UserAgentClassifierOptions): Array<[UserAgentCategory, Scanner]> {
  const scanners: Array<[UserAgentCategory, Scanner]> = [
    ["log4shell", findLog4jLookup],
    ["shellshock", findShellshock],
    ["command-injection", findCommandInjection],
    ["template-injection", findExpressionInjection],
    ["script-code", findScriptCode],
  ];
  if (options.reportAttackTools) {
    const tokens = options.attackToolTokens ?? DEFAULT_ATTACK_TOOL_TOKENS;
    scanners.push(["attack-tool", createAttackToolMatcher(tokens)]);
  }
  return scanners;
}

/**
 * The span over the decoded User-Agent in its own case, where lower-casing kept every character
 * in place; otherwise, as when a scanner read a copy with Log4j lookups resolved, as found.
 */
function shownSpan(span: TextSpan, scanned: string, decoded: string): TextSpan {
  const inPlace = span.text === scanned && scanned.length === decoded.length;
  return inPlace ? { ...span, text: decoded } : span;
}

function toFragment(span: TextSpan): string {
  const end = Math.min(span.end, span.start + MAX_FRAGMENT_CHARS);
  const fragment = redactSecrets(span.text, span.start, end);
  return cutWithoutSplittingPairs(fragment, MAX_FRAGMENT_CHARS);
}

function cutWithoutSplittingPairs(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const lastKept = text.charCodeAt(maxChars - 1);
  const splitsPair = lastKept >= 0xd800 && lastKept <= 0xdbff;
  return text.slice(0, splitsPair ? maxChars - 1 : maxChars);
}
