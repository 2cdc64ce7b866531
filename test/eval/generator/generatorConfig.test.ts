import { describe, expect, it } from "vitest";
import { ATTACK_KINDS } from "../../../eval/generator/attacks/attackInjectors.js";
import { BENIGN_SCENARIOS } from "../../../eval/generator/datasetLabel.js";
import { createGeneratorConfig, parseSelection } from "../../../eval/generator/generatorConfig.js";

describe("createGeneratorConfig", () => {
  it("defaults to 10 days from Monday 2024-03-04, 200,000 requests a day and a 7-day warm-up", () => {
    const config = createGeneratorConfig({ outDir: "/tmp/out" });
    expect(config).toMatchObject({
      seed: 1,
      days: 10,
      requestsPerDay: 200_000,
      startDate: "2024-03-04",
      warmupDays: 7,
      attackScale: 1,
      attacksPerKind: 1,
    });
    expect(config.attacks).toEqual(ATTACK_KINDS);
    expect(config.scenarios).toEqual(BENIGN_SCENARIOS);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("warms up for 70% of the days, rounded down", () => {
    expect(createGeneratorConfig({ outDir: "/tmp/out", days: 2 }).warmupDays).toBe(1);
    expect(createGeneratorConfig({ outDir: "/tmp/out", days: 3 }).warmupDays).toBe(2);
  });

  it("rejects settings naming the setting, the value and what was expected", () => {
    const outDir = "/tmp/out";
    expect(() => createGeneratorConfig({ outDir, attackScale: 0 })).toThrow(
      "attack-scale: expected a number above 0 and at most 100, got 0",
    );
    expect(() => createGeneratorConfig({ outDir, days: 1.5 })).toThrow(
      "days: expected an integer from 1 to 3650, got 1.5",
    );
    expect(() => createGeneratorConfig({ outDir, startDate: "2024-3-4" })).toThrow(
      'start-date: expected a date like 2024-03-04, got "2024-3-4"',
    );
    expect(() => createGeneratorConfig({ outDir, days: 2, warmupDays: 2 })).toThrow(
      "warmup-days: 2 leaves none of the 2 days for attacks and scenarios; use fewer warm-up days, more days, or --attacks none --scenarios none",
    );
  });

  it("allows a dataset that is all warm-up when nothing is to be labelled", () => {
    const config = createGeneratorConfig({
      outDir: "/tmp/out",
      days: 1,
      warmupDays: 1,
      attacks: [],
      scenarios: [],
    });
    expect(config.warmupDays).toBe(1);
  });
});

describe("parseSelection", () => {
  it("reads all, none and a list, keeping the catalog's order", () => {
    expect(parseSelection("attacks", "all", ATTACK_KINDS)).toEqual(ATTACK_KINDS);
    expect(parseSelection("attacks", "none", ATTACK_KINDS)).toEqual([]);
    expect(
      parseSelection(
        "attacks",
        "API_SprayInRequests, API_PopulationSpikeInAPITraffic",
        ATTACK_KINDS,
      ),
    ).toEqual(["API_PopulationSpikeInAPITraffic", "API_SprayInRequests"]);
  });

  it("names the unknown entries and the valid choices", () => {
    expect(() =>
      parseSelection("scenarios", "marketing-day,black-friday", BENIGN_SCENARIOS),
    ).toThrow(
      'scenarios: unknown "black-friday"; expected all, none or a comma-separated list of deploy-slowdown, marketing-day, pagination-run, new-api-version, search-long-tail, spa-startup',
    );
  });
});
