import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/*
 * gatewarden authenticates with managed identity everywhere, so no file it ships (code, settings
 * examples, Bicep, docs, samples) holds a key, a SAS signature or a connection string with a
 * secret in it. The one exception is Azurite's development key, which Microsoft publishes.
 */

const AZURITE_DEVELOPMENT_KEY =
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

const CREDENTIAL_PATTERNS: [string, RegExp][] = [
  ["storage account key", /AccountKey=([A-Za-z0-9+/]{40,}={0,2})/g],
  ["Event Hubs or Service Bus key", /SharedAccessKey=([A-Za-z0-9+/]{20,}={0,2})/g],
  ["SAS signature", /[?&]sig=([A-Za-z0-9%+/]{20,})/g],
  ["private key", /(-----BEGIN [A-Z ]*PRIVATE KEY-----)/g],
  ["Application Insights key", /InstrumentationKey=([0-9a-f-]{36})/gi],
  ["GitHub token", /\b(gh[pousr]_[A-Za-z0-9]{36})\b/g],
  ["client secret", /client_?secret["']?\s*[:=]\s*["']([^"'<$]{8,})["']/gi],
];

/** Tracked files that ship: everything but the tests, whose canaries are fake on purpose. */
function shippedFiles(): string[] {
  const listed = execFileSync("git", ["ls-files", "-z"], { encoding: "utf8" });
  return listed
    .split("\0")
    .filter((path) => path !== "" && !path.startsWith("test/"))
    .filter((path) => !/\.(png|svg|gz|zip|ico)$/.test(path));
}

function findings(path: string): string[] {
  const text = readFileSync(path, "utf8");
  return CREDENTIAL_PATTERNS.flatMap(([kind, pattern]) =>
    [...text.matchAll(pattern)]
      .filter((match) => match[1] !== AZURITE_DEVELOPMENT_KEY)
      .map((match) => `${path}: ${kind} ${match[1]!.slice(0, 8)}…`),
  );
}

describe("shipped files", () => {
  it("hold no key, SAS signature, token or client secret", () => {
    const files = shippedFiles();

    expect(files).toContain("local.settings.example.json");
    expect(files.flatMap(findings)).toEqual([]);
  });

  it("catch a storage key when one is there", () => {
    const leaked = `DefaultEndpointsProtocol=https;AccountName=prod;AccountKey=${"k".repeat(86)}==`;
    const [, pattern] = CREDENTIAL_PATTERNS[0]!;

    expect([...leaked.matchAll(pattern)]).toHaveLength(1);
  });
});
