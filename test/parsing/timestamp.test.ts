import { describe, expect, it } from "vitest";
import {
  parseAccessLogTimeMs,
  parseIsoTimeMs,
  parsePortalTimeMs,
} from "../../shared/parsing/timestamp.js";

const iso = (timeMs: number | undefined) =>
  timeMs === undefined ? undefined : new Date(timeMs).toISOString();

describe("parseIsoTimeMs", () => {
  it.each([
    ["2024-05-02T10:15:31.1234567Z", "2024-05-02T10:15:31.123Z"],
    ["2024-05-02T10:15:31Z", "2024-05-02T10:15:31.000Z"],
    ["2024-05-02T10:15:31", "2024-05-02T10:15:31.000Z"],
    ["2024-05-02T10:15Z", "2024-05-02T10:15:00.000Z"],
    ["2024-05-02T12:15:31+02:00", "2024-05-02T10:15:31.000Z"],
    ["2024-05-02T05:15:31-0500", "2024-05-02T10:15:31.000Z"],
    ["2024-02-29T00:00:00Z", "2024-02-29T00:00:00.000Z"],
  ])("reads %s as %s", (text, expected) => {
    expect(iso(parseIsoTimeMs(text))).toBe(expected);
  });

  it.each([
    "2020-10-14T17:xx:xx.xx",
    "2023-02-29T00:00:00Z",
    "2024-13-01T00:00:00Z",
    "2024-05-02T24:00:00Z",
    "2024-05-02",
    "May 2, 2024",
  ])("refuses %s", (text) => {
    expect(parseIsoTimeMs(text)).toBeUndefined();
  });
});

describe("parsePortalTimeMs", () => {
  it.each([
    ["5/2/2024, 10:15:31.123 AM", "2024-05-02T10:15:31.123Z"],
    ["5/2/2024, 12:15:31 AM", "2024-05-02T00:15:31.000Z"],
    ["5/2/2024, 12:15:31 PM", "2024-05-02T12:15:31.000Z"],
    ["11/30/2024 1:02:03 pm", "2024-11-30T13:02:03.000Z"],
  ])("reads %s as %s", (text, expected) => {
    expect(iso(parsePortalTimeMs(text))).toBe(expected);
  });

  it.each(["2/30/2024, 10:00:00 AM", "5/2/2024, 13:00:00 PM", "5/2/2024, 0:00:00 AM", "5/2/2024"])(
    "refuses %s",
    (text) => {
      expect(parsePortalTimeMs(text)).toBeUndefined();
    },
  );
});

describe("parseAccessLogTimeMs", () => {
  it("reads the offset and the month name in any case", () => {
    expect(iso(parseAccessLogTimeMs("22/oct/2021:02:28:56 -0700"))).toBe(
      "2021-10-22T09:28:56.000Z",
    );
  });

  it("refuses an unknown month and a missing offset", () => {
    expect(parseAccessLogTimeMs("17/Mai/2015:10:05:03 +0000")).toBeUndefined();
    expect(parseAccessLogTimeMs("17/May/2015:10:05:03")).toBeUndefined();
  });
});
