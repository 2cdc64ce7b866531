import { describe, expect, it } from "vitest";
import { createUserAgentClassifier } from "../../../shared/detectors/userAgent/classifyUserAgent.js";
import { ATTACK_USER_AGENTS } from "./attackUserAgents.js";

const classify = createUserAgentClassifier();

describe("User-Agent classifier on attacks", () => {
  it.each(ATTACK_USER_AGENTS)("reports $technique as $category", ({ userAgent, category }) => {
    expect(classify(userAgent)?.category).toBe(category);
  });

  it("still reports every attack once the whole User-Agent is percent-encoded", () => {
    const missed = ATTACK_USER_AGENTS.filter(({ userAgent }) => !userAgent.includes("%"))
      .filter(
        ({ userAgent, category }) => classify(encodeURIComponent(userAgent))?.category !== category,
      )
      .map(({ technique }) => technique);

    expect(missed).toEqual([]);
  });

  it("still reports every attack behind a browser's User-Agent", () => {
    const browser = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 ";
    const missed = ATTACK_USER_AGENTS.filter(
      ({ userAgent, category }) => classify(browser + userAgent)?.category !== category,
    ).map(({ technique }) => technique);

    expect(missed).toEqual([]);
  });

  // `\U003C` is no escape in JavaScript or Java, so attacks spelled with backslash escapes sit out.
  it("still reports every attack without backslash escapes once upper-cased", () => {
    const missed = ATTACK_USER_AGENTS.filter(({ userAgent }) => !userAgent.includes("\\"))
      .filter(({ userAgent, category }) => classify(userAgent.toUpperCase())?.category !== category)
      .map(({ technique }) => technique);

    expect(missed).toEqual([]);
  });

  it("keeps a corpus of at least 60 attacks with every category and 15 Log4Shell disguises", () => {
    const categories = new Set(ATTACK_USER_AGENTS.map((attack) => attack.category));
    const log4shell = ATTACK_USER_AGENTS.filter((attack) => attack.category === "log4shell");
    const disguised = log4shell.filter((attack) => !attack.userAgent.includes("${jndi:"));

    expect(ATTACK_USER_AGENTS.length).toBeGreaterThanOrEqual(60);
    expect(categories.size).toBe(6);
    expect(disguised.length).toBeGreaterThanOrEqual(15);
  });
});
