import { describe, expect, it } from "vitest";
import {
  addRecord,
  emptyAggregate,
  mergeAggregates,
} from "../../shared/aggregation/windowAggregate.js";
import { defaultDetectionSettings } from "../../shared/config/detectionSettings.js";
import { createRecordInspector } from "../../shared/detectors/recordInspector.js";
import { ThreatIntelSet } from "../../shared/threatIntel/threatIntelSet.js";
import { windowIndexOf } from "../../shared/windows/window.js";
import { requestRecord } from "../support/records.js";

const TIME_MS = Date.parse("2024-05-02T10:03:00Z");
const WINDOW = windowIndexOf(TIME_MS);
const inspect = createRecordInspector(defaultDetectionSettings(), {
  current: () => new ThreatIntelSet(),
});

/** A partial holding one request per User-Agent, a second apart. */
function partialOf(userAgents: string[]) {
  const aggregate = emptyAggregate(WINDOW);
  userAgents.forEach((userAgent, index) => {
    const record = requestRecord({ userAgent, timeMs: TIME_MS + index * 1_000 });
    addRecord(aggregate, record, inspect(record));
  });
  return aggregate;
}

function indicatorLines(aggregate: ReturnType<typeof emptyAggregate>) {
  return [...aggregate.indicators.values()].map(({ category, indicator, count }) => ({
    category,
    indicator,
    count,
  }));
}

describe("attack User-Agent fragments in a window", () => {
  it("keep the case they were sent in", () => {
    expect(indicatorLines(partialOf(["Mozilla/5.0 (compatible; Nikto/2.5.0)"]))).toEqual([
      { category: "attack-tool", indicator: "Nikto/2.5.0", count: 1 },
    ]);
  });

  it("make one line whatever their case, showing the same case for any order of merging", () => {
    const first = () => partialOf(["Nikto/2.5.0", "nikto/2.5.0"]);
    const second = () => partialOf(["NIKTO/2.5.0"]);

    const oneWay = first();
    mergeAggregates(oneWay, second());
    const otherWay = second();
    mergeAggregates(otherWay, first());

    const expected = [{ category: "attack-tool", indicator: "NIKTO/2.5.0", count: 3 }];
    expect(indicatorLines(oneWay)).toEqual(expected);
    expect(indicatorLines(otherWay)).toEqual(expected);
  });
});
