import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { formatAlertTable } from "../../shared/sinks/alertTable.js";
import { alertFixture } from "../support/alertFixture.js";

const ESCAPE = "\u001b";

function visibleLines(table: string): string[] {
  return stripVTControlCharacters(table).split("\n");
}

describe("formatAlertTable", () => {
  it("shows the type, description, window, endpoint, client and numbers of an alert", () => {
    const table = formatAlertTable([alertFixture()]);

    expect(table).toContain("API_SpikeInAPITraffic");
    expect(table).toContain(
      "203.0.113.7 sent orders-api/get-order 412 requests in 20 minutes; its baseline is 18 (score 9.7).",
    );
    expect(table).toContain("│ 2024-05-02  │ API_SpikeInAPITraffic │ Medium        │");
    expect(table).toContain("│ 10:20-10:40 │");
    expect(table).toContain("│ orders-api/get-order    │ 203.0.113.7     │ 412       │ 9.7   │");
    expect(table).toContain("│ vs 18     │");
  });

  it("orders alerts by window, then by highest score first", () => {
    const later = alertFixture({
      windowStartMs: Date.parse("2024-05-02T10:40:00Z"),
      score: 50,
      endpoint: "later/window",
    });
    const low = alertFixture({ score: 3.1, endpoint: "low/score" });
    const high = alertFixture({ score: 12, endpoint: "high/score" });

    const table = formatAlertTable([later, low, high]);

    const order = ["high/score", "low/score", "later/window"].map((text) => table.indexOf(text));
    expect(order).toEqual([...order].sort((left, right) => left - right));
  });

  it("stays within 120 columns with the longest type, an IPv6 client and a long endpoint", () => {
    const alert = alertFixture({
      detectionId: "API_DistributedParameterEnumeration",
      endpoint: "GET /customers/{customerId}/orders/{orderId}/lines/{lineId}/adjustments",
      clientIp: "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
      description: "Clients together tried 1,204 distinct values of one parameter. ".repeat(5),
    });

    const lines = visibleLines(formatAlertTable([alert], { colour: true }));

    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(120);
    expect(lines.join("\n")).toContain("API_Distributed");
    expect(lines.join("\n")).toContain("ParameterEnumeration");
  });

  it("writes no escape codes without colour and colours the severity with it", () => {
    expect(formatAlertTable([alertFixture()], { colour: false })).not.toContain(ESCAPE);
    expect(formatAlertTable([alertFixture()], { colour: true })).toContain(
      `${ESCAPE}[33mMedium${ESCAPE}[39m`,
    );
  });

  it("says so when there are no alerts", () => {
    expect(formatAlertTable([])).toBe("No alerts.");
  });

  it("shows a population alert's client as all clients and a missing baseline as none", () => {
    const table = formatAlertTable([alertFixture({ clientIp: "", baselineValue: null })]);

    expect(table).toContain("│ all clients     │");
    expect(table).toContain("│ vs none   │");
  });
});
