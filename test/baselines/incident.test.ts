import { describe, expect, it } from "vitest";
import { foldCount, type CountSeries } from "../../shared/baselines/countSeries.js";
import { incidentOf } from "../../shared/baselines/incident.js";
import { windowRangeOf } from "../../shared/windows/window.js";

const W = 1_440_000; // 2024-10-04T00:00Z

function alertIn(series: CountSeries | undefined, windowIndex: number) {
  return foldCount(series, windowIndex, 500, true);
}

describe("incidents", () => {
  it("keeps the first window's alert id for every window of an ongoing flood", () => {
    let series = alertIn(undefined, W);
    series = alertIn(series, W + 1);

    const third = incidentOf(series.incident, W + 2);

    expect(third.idWindowStartMs).toBe(windowRangeOf(W).startMs);
    expect(third.windows).toBe(3);
    expect(third.sentence).toBe(
      " This continues the incident that began in the window starting 2024-10-04T00:00:00.000Z (3 alerting windows so far).",
    );
  });

  it("continues across quiet windows shorter than two hours and starts anew after longer ones", () => {
    let series = alertIn(undefined, W);
    for (let quiet = W + 1; quiet <= W + 6; quiet++) series = foldCount(series, quiet, 5, false);

    expect(incidentOf(series.incident, W + 6).idWindowStartMs).toBe(windowRangeOf(W).startMs);
    expect(incidentOf(series.incident, W + 7)).toEqual({
      idWindowStartMs: windowRangeOf(W + 7).startMs,
      windows: 1,
      sentence: "",
    });
  });
});
