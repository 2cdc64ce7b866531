import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { envelope, gatewayLogRecord } from "../support/gatewayLogs.js";
import { familiesCoveredWhole } from "../../shared/cli/proxyRangeCoverage.js";
import { gatewarden, gatewardenWithEnv } from "./runGatewarden.js";

const CONSEQUENCE =
  "so a client that reaches APIM directly can name any address as its own and escape the Tor and threat-feed detections; name the proxies in front of APIM with --trusted-proxy <address or CIDR> or GATEWARDEN_TRUSTED_PROXIES";

async function forwardedRecord(): Promise<{ input: string; out: string }> {
  const folder = await mkdtemp(join(tmpdir(), "gatewarden-proxy-coverage-"));
  const input = join(folder, "eh.json");
  const record = gatewayLogRecord({
    time: "2024-03-12T10:01:00Z",
    ip: "185.241.208.232",
    forwardedFor: "1.1.1.1",
  });
  await writeFile(input, JSON.stringify(envelope([record])));
  const out = join(await mkdtemp(join(tmpdir(), "gatewarden-proxy-coverage-out-")), "a.ndjson");
  return { input, out };
}

function replayTrusting(input: string, out: string, ...proxies: string[]) {
  const flags = proxies.flatMap((proxy) => ["--trusted-proxy", proxy]);
  return gatewarden("replay", input, "--trust-forwarded-for", ...flags, "--out", out, "--quiet");
}

describe("familiesCoveredWhole", () => {
  it("finds a family covered by one /0 range, by ranges together, and none by partial ranges", () => {
    expect(familiesCoveredWhole(["0.0.0.0/0"])).toEqual([
      { family: "IPv4", entries: ["0.0.0.0/0"] },
    ]);
    expect(familiesCoveredWhole(["10.0.0.1", "::/0"])).toEqual([
      { family: "IPv6", entries: ["::/0"] },
    ]);
    expect(familiesCoveredWhole(["203.0.113.9/0"])).toEqual([
      { family: "IPv4", entries: ["203.0.113.9/0"] },
    ]);
    expect(familiesCoveredWhole(["128.0.0.0/1", "0.0.0.0/2", "64.0.0.0/2"])).toEqual([
      { family: "IPv4", entries: ["128.0.0.0/1", "0.0.0.0/2", "64.0.0.0/2"] },
    ]);
    expect(familiesCoveredWhole(["0.0.0.0/1", "128.0.0.0/2", "2001:db8::/32"])).toEqual([]);
    expect(familiesCoveredWhole(["10.0.0.0/8", "255.255.255.255", "::ffff:0:0/96"])).toEqual([]);
  });
});

describe("gatewarden replay --trusted-proxy covering every address", { timeout: 120_000 }, () => {
  it("warns as for no trusted proxies when --trusted-proxy is 0.0.0.0/0, ::/0 or ranges that cover a family together", async () => {
    const { input, out } = await forwardedRecord();

    const results = await Promise.all([
      replayTrusting(input, out, "0.0.0.0/0"),
      replayTrusting(input, out, "::/0"),
      replayTrusting(input, out, "10.0.0.1", "0.0.0.0/1", "128.0.0.0/1"),
      replayTrusting(input, out, "0.0.0.0/0", "::/0"),
    ]);

    expect(results.map((result) => result.code)).toEqual([0, 0, 0, 0]);
    expect(results.map((result) => result.stderr)).toEqual([
      `gatewarden:replay warn --trusted-proxy 0.0.0.0/0 trusts every IPv4 address as a proxy: X-Forwarded-For is believed from every IPv4 caller, ${CONSEQUENCE}\n`,
      `gatewarden:replay warn --trusted-proxy ::/0 trusts every IPv6 address as a proxy: X-Forwarded-For is believed from every IPv6 caller, ${CONSEQUENCE}\n`,
      `gatewarden:replay warn --trusted-proxy 10.0.0.1 --trusted-proxy 0.0.0.0/1 --trusted-proxy 128.0.0.0/1 trusts every IPv4 address as a proxy: X-Forwarded-For is believed from every IPv4 caller, ${CONSEQUENCE}\n`,
      `gatewarden:replay warn --trusted-proxy 0.0.0.0/0 --trusted-proxy ::/0 trusts every IPv4 and IPv6 address as a proxy: X-Forwarded-For is believed from every caller, ${CONSEQUENCE}\n`,
    ]);
  });

  it("names GATEWARDEN_TRUSTED_PROXIES in the warning when the environment trusts every address", async () => {
    const { input, out } = await forwardedRecord();

    const result = await gatewardenWithEnv(
      {
        GATEWARDEN_TRUST_FORWARDED_FOR: "true",
        GATEWARDEN_TRUSTED_PROXIES: "10.0.0.0/8,0.0.0.0/0",
      },
      "replay",
      input,
      "--out",
      out,
      "--quiet",
    );

    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `gatewarden:replay warn GATEWARDEN_TRUSTED_PROXIES=10.0.0.0/8,0.0.0.0/0 trusts every IPv4 address as a proxy: X-Forwarded-For is believed from every IPv4 caller, ${CONSEQUENCE}\n`,
    );
  });

  it("does not warn when the trusted proxies leave part of each family out", async () => {
    const { input, out } = await forwardedRecord();

    const result = await replayTrusting(input, out, "0.0.0.0/1", "2001:db8::/32");

    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
  });
});
