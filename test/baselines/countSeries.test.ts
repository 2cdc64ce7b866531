import { describe, expect, it } from "vitest";
import {
  foldCount,
  historyOf,
  LOOKBACK_WINDOWS,
  pruneSeries,
  type CountSeries,
} from "../../shared/baselines/countSeries.js";
import { WINDOWS_PER_DAY } from "../../shared/windows/window.js";

const DAY = WINDOWS_PER_DAY;
const START = 20_000 * DAY; // a midnight

describe("count series", () => {
  it("counts an evaluated window without traffic as zero and ignores windows before the key existed", () => {
    let series = foldCount(undefined, START + 2, 5, false);
    series = foldCount(series, START + 4, 7, false);

    const history = historyOf(
      series,
      [START, START + 1, START + 2, START + 3, START + 4],
      START + 5,
      0,
      99,
    );

    expect(history.values).toEqual([5, 0, 7]);
    expect(history.windows).toBe(3);
    expect(history.seasonal).toBe(false);
  });

  it("keeps an alerted window out of the key's baseline, its count kept apart", () => {
    let series = foldCount(undefined, START, 5, false);
    series = foldCount(series, START + 1, 900, true);

    expect(historyOf(series, [START, START + 1], START + 2, 0, 99).values).toEqual([5]);
    expect(series.alerted).toEqual([[START + 1, 900]]);
  });

  it("reads a baseline saved with bare excluded windows as alerted windows of unknown count", () => {
    const saved = { firstWindow: START, points: [[START, 5]], excluded: [START + 1] };
    const series = pruneSeries(saved as unknown as CountSeries, START + 2)!;

    expect(series.alerted).toEqual([[START + 1, 0]]);
    expect(historyOf(series, [START, START + 1], START + 2, 0, 99).values).toEqual([5]);
  });

  it("prefers windows at the same time of day when there are enough of them", () => {
    let series: ReturnType<typeof foldCount> | undefined;
    const evaluated: number[] = [];
    for (let day = 0; day < 7; day++) {
      for (let slot = 0; slot < DAY; slot++) {
        const windowIndex = START + day * DAY + slot;
        series = foldCount(series, windowIndex, slot === 30 ? 100 : 1, false);
        evaluated.push(windowIndex);
      }
    }

    const history = historyOf(series!, evaluated, START + 7 * DAY + 30, 0, 6);

    expect(history.seasonal).toBe(true);
    expect(history.values).toEqual([100, 100, 100, 100, 100, 100, 100]);
    expect(history.days).toBe(7);
  });

  it("drops a window from the baseline exactly when it is 30 days old", () => {
    const series = foldCount(foldCount(undefined, START, 5, false), START + 1, 6, false);

    expect(pruneSeries(series, START + LOOKBACK_WINDOWS - 1)?.points).toEqual([
      [START, 5],
      [START + 1, 6],
    ]);
    expect(pruneSeries(series, START + LOOKBACK_WINDOWS)?.points).toEqual([[START + 1, 6]]);
    expect(pruneSeries(series, START + LOOKBACK_WINDOWS + 1)).toBeNull();
  });
});
