import { describe, expect, it } from "vitest";
import { WindowLedger } from "../../shared/stores/windowLedger.js";
import { windowIndexOf } from "../../shared/windows/window.js";
import { openFreshTables } from "../support/azuriteTables.js";

const WINDOW = windowIndexOf(Date.parse("2024-05-02T10:00:00Z"));
const NOW_MS = Date.parse("2024-05-02T11:00:00Z");
const LEASE_MS = 600_000;
const OUTCOME = {
  records: 1,
  alerts: 0,
  partials: 1,
  ignoredPartials: 0,
  clientKeysDropped: 0,
  populationKeysDropped: 0,
  distinctKeysDropped: 0,
};

async function openLedger() {
  return new WindowLedger((await openFreshTables()).ledger);
}

describe("WindowLedger", () => {
  it("lets exactly one of two overlapping evaluators claim a window", async () => {
    const ledger = await openLedger();
    await ledger.noteWindows([WINDOW]);
    const [entry] = await ledger.unevaluated();

    const claims = await Promise.all([
      ledger.claim(entry!, "evaluator-a", NOW_MS, LEASE_MS),
      ledger.claim(entry!, "evaluator-b", NOW_MS, LEASE_MS),
    ]);

    expect(claims.filter((claim) => claim !== null)).toHaveLength(1);
  });

  it("refuses a claim while another evaluator's lease is live and allows it once the lease ran out", async () => {
    const ledger = await openLedger();
    await ledger.noteWindows([WINDOW]);
    const [entry] = await ledger.unevaluated();
    expect(await ledger.claim(entry!, "evaluator-a", NOW_MS, LEASE_MS)).not.toBeNull();

    const [held] = await ledger.unevaluated();
    expect(await ledger.claim(held!, "evaluator-b", NOW_MS + LEASE_MS - 1, LEASE_MS)).toBeNull();
    expect(await ledger.claim(held!, "evaluator-b", NOW_MS + LEASE_MS, LEASE_MS)).not.toBeNull();
  });

  it("reports records for an evaluated window as late and lists it among the evaluated", async () => {
    const ledger = await openLedger();
    await ledger.noteWindows([WINDOW, WINDOW + 1]);
    const [entry] = await ledger.unevaluated();
    const claimed = await ledger.claim(entry!, "evaluator-a", NOW_MS, LEASE_MS);
    expect(await ledger.complete(claimed!, OUTCOME)).toBe(true);

    expect(await ledger.noteWindows([WINDOW, WINDOW + 1, WINDOW + 2])).toEqual(new Set([WINDOW]));
    expect(await ledger.evaluatedSince(WINDOW - 5)).toEqual([WINDOW]);
    expect((await ledger.unevaluated()).map((open) => open.windowIndex)).toEqual([
      WINDOW + 1,
      WINDOW + 2,
    ]);
  });

  it("does not let an evaluator that lost its lease mark the window evaluated", async () => {
    const ledger = await openLedger();
    await ledger.noteWindows([WINDOW]);
    const [entry] = await ledger.unevaluated();
    const slow = await ledger.claim(entry!, "slow", NOW_MS, LEASE_MS);
    const [expired] = await ledger.unevaluated();
    const fast = await ledger.claim(expired!, "fast", NOW_MS + LEASE_MS, LEASE_MS);

    expect(await ledger.complete(slow!, OUTCOME)).toBe(false);
    expect(await ledger.complete(fast!, OUTCOME)).toBe(true);
  });
});
