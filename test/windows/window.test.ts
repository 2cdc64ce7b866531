import { describe, expect, it } from "vitest";
import {
  isWindowClosed,
  slotOfDay,
  windowIdOf,
  windowIndexFromId,
  windowIndexOf,
  windowRangeOf,
} from "../../shared/windows/window.js";

describe("windows", () => {
  it("puts a record in the 20-minute UTC window that holds its own timestamp", () => {
    const index = windowIndexOf(Date.parse("2024-05-02T10:39:59.999Z"));
    expect(windowIdOf(index)).toBe("2024-05-02T10:20Z");
    expect(windowRangeOf(index)).toEqual({
      startMs: Date.parse("2024-05-02T10:20:00Z"),
      endMs: Date.parse("2024-05-02T10:40:00Z"),
    });
  });

  it("numbers the slots of a day from 0 at midnight to 71 at 23:40", () => {
    expect(slotOfDay(windowIndexOf(Date.parse("2024-05-02T00:00:00Z")))).toBe(0);
    expect(slotOfDay(windowIndexOf(Date.parse("2024-05-02T23:59:00Z")))).toBe(71);
  });

  it("round-trips a window id and rejects a time that is not a window start", () => {
    const index = windowIndexOf(Date.parse("2024-05-02T10:20:00Z"));
    expect(windowIndexFromId(windowIdOf(index))).toBe(index);
    expect(() => windowIndexFromId("2024-05-02T10:25Z")).toThrow(
      'window id "2024-05-02T10:25Z" is not the start of a 20-minute window',
    );
  });

  it("closes a window only after its end plus the allowed lateness", () => {
    const index = windowIndexOf(Date.parse("2024-05-02T10:00:00Z"));
    const latenessMs = 5 * 60_000;
    expect(isWindowClosed(index, Date.parse("2024-05-02T10:24:59Z"), latenessMs)).toBe(false);
    expect(isWindowClosed(index, Date.parse("2024-05-02T10:25:00Z"), latenessMs)).toBe(true);
  });
});
