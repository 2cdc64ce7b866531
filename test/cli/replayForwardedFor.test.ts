import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { envelope, gatewayLogRecord } from "../support/gatewayLogs.js";
import { gatewarden, gatewardenWithEnv } from "./runGatewarden.js";

const TOR_EXIT = "185.241.208.232";
const SPOOFED = "1.1.1.1";

const SPOOFING_WARNING =
  "gatewarden:replay warn --trust-forwarded-for without trusted proxies: X-Forwarded-For is believed from every caller, so a client that reaches APIM directly can name any address as its own and escape the Tor and threat-feed detections; name the proxies in front of APIM with --trusted-proxy <address or CIDR> or GATEWARDEN_TRUSTED_PROXIES\n";

/** A Tor exit calling APIM directly, claiming to be 1.1.1.1 in X-Forwarded-For. */
async function spoofingTorExit(): Promise<{ input: string; torList: string; out: string }> {
  const folder = await mkdtemp(join(tmpdir(), "gatewarden-forwarded-"));
  const input = join(folder, "eh.json");
  const torList = join(folder, "torbulkexitlist");
  const record = gatewayLogRecord({
    time: "2024-03-12T10:01:00Z",
    ip: TOR_EXIT,
    userAgent: "curl/8.0",
    forwardedFor: SPOOFED,
  });
  await writeFile(input, JSON.stringify(envelope([record])));
  await writeFile(torList, `${TOR_EXIT}\n`);
  const out = await mkdtemp(join(tmpdir(), "gatewarden-forwarded-out-"));
  return { input, torList, out: join(out, "alerts.ndjson") };
}

async function alertRows(out: string): Promise<{ AlertType: string; ClientIp: string }[]> {
  const text = await readFile(out, "utf8");
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as { AlertType: string; ClientIp: string });
}

describe("gatewarden replay --trust-forwarded-for", { timeout: 120_000 }, () => {
  it("warns once that any direct caller can choose its address when no proxy is trusted, and still follows X-Forwarded-For", async () => {
    const { input, torList, out } = await spoofingTorExit();

    const result = await gatewarden(
      "replay",
      input,
      "--trust-forwarded-for",
      "--tor-exit-list",
      torList,
      "--out",
      out,
      "--quiet",
    );

    expect(result.code).toBe(0);
    expect(result.stderr).toBe(SPOOFING_WARNING);
    expect(await alertRows(out)).toEqual([]);
  });

  it("names GATEWARDEN_TRUST_FORWARDED_FOR in the warning when the environment turned forwarding on", async () => {
    const { input, out } = await spoofingTorExit();

    const result = await gatewardenWithEnv(
      { GATEWARDEN_TRUST_FORWARDED_FOR: "true", GATEWARDEN_TRUSTED_PROXIES: "" },
      "replay",
      input,
      "--out",
      out,
      "--quiet",
    );

    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      SPOOFING_WARNING.replace("--trust-forwarded-for", "GATEWARDEN_TRUST_FORWARDED_FOR=true"),
    );
  });

  it("attributes a direct caller to itself, and raises API_AccessFromTorExitNode, when --trusted-proxy names the proxies", async () => {
    const { input, torList, out } = await spoofingTorExit();

    const result = await gatewarden(
      "replay",
      input,
      "--trust-forwarded-for",
      "--trusted-proxy",
      "203.0.113.0/24",
      "--trusted-proxy",
      "2001:db8::1",
      "--tor-exit-list",
      torList,
      "--out",
      out,
      "--quiet",
    );
    const rows = await alertRows(out);

    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(rows.map((row) => [row.AlertType, row.ClientIp])).toEqual([
      ["API_AccessFromTorExitNode", TOR_EXIT],
    ]);
  });

  it("refuses a --trusted-proxy that is not an address or CIDR range, naming it", async () => {
    const { input } = await spoofingTorExit();

    const result = await gatewarden(
      "replay",
      input,
      "--trust-forwarded-for",
      "--trusted-proxy",
      "10.0.0.0/8,frontdoor",
    );

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'gatewarden: --trusted-proxy: expected an IP address or CIDR range such as 10.0.0.0/8 (repeat the flag for several), got "10.0.0.0/8,frontdoor"\n',
    );
  });

  it("refuses --trusted-proxy without --trust-forwarded-for, where it would have no effect", async () => {
    const { input } = await spoofingTorExit();

    const result = await gatewarden("replay", input, "--trusted-proxy", "203.0.113.0/24");

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "gatewarden: --trusted-proxy: has no effect while X-Forwarded-For is not trusted; add --trust-forwarded-for\n",
    );
  });
});
