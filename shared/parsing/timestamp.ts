/**
 * Timestamp parsing for the formats readers meet. Every parser reads the text as UTC unless it
 * carries its own offset, never as the machine's local time, and returns epoch ms or undefined.
 */

const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const PORTAL_US =
  /^(\d{1,2})\/(\d{1,2})\/(\d{4}),? (\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))? ?(AM|PM)$/i;
const ACCESS_LOG = /^(\d{2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-]\d{4})$/;

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

interface TimeParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  fraction: string;
  offset: string;
}

/** ISO 8601 (`2024-05-02T10:15:31.1234567Z`); no offset means UTC, as Log Analytics writes it. */
export function parseIsoTimeMs(text: string): number | undefined {
  const match = ISO_8601.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction, offset] = match;
  return toEpochMs({
    year: toNumber(year),
    month: toNumber(month),
    day: toNumber(day),
    hour: toNumber(hour),
    minute: toNumber(minute),
    second: toNumber(second),
    fraction: fraction ?? "",
    offset: offset ?? "Z",
  });
}

/** The Log Analytics portal's CSV export form, `5/2/2024, 10:15:31.123 AM`, always UTC. */
export function parsePortalTimeMs(text: string): number | undefined {
  const match = PORTAL_US.exec(text);
  if (!match) return undefined;
  const [, month, day, year, hour12, minute, second, fraction, meridiem] = match;
  const hourOfHalfDay = toNumber(hour12);
  if (hourOfHalfDay < 1 || hourOfHalfDay > 12) return undefined;
  return toEpochMs({
    year: toNumber(year),
    month: toNumber(month),
    day: toNumber(day),
    hour: (hourOfHalfDay % 12) + (meridiem?.toUpperCase() === "PM" ? 12 : 0),
    minute: toNumber(minute),
    second: toNumber(second),
    fraction: fraction ?? "",
    offset: "Z",
  });
}

/** Apache / nginx `%d/%b/%Y:%H:%M:%S %z`, e.g. `17/May/2015:10:05:03 +0000`. */
export function parseAccessLogTimeMs(text: string): number | undefined {
  const match = ACCESS_LOG.exec(text);
  if (!match) return undefined;
  const [, day, monthName, year, hour, minute, second, offset] = match;
  const month = MONTHS.indexOf(monthName?.toLowerCase() ?? "") + 1;
  if (month === 0) return undefined;
  return toEpochMs({
    year: toNumber(year),
    month,
    day: toNumber(day),
    hour: toNumber(hour),
    minute: toNumber(minute),
    second: toNumber(second),
    fraction: "",
    offset: offset ?? "",
  });
}

function toNumber(digits: string | undefined): number {
  return Number(digits ?? "0");
}

function toEpochMs(parts: TimeParts): number | undefined {
  const offsetMs = offsetToMs(parts.offset);
  if (offsetMs === undefined || !isValidClockTime(parts)) return undefined;
  const utcMs = Date.UTC(
    parts.year,
    parts.month - 1,
    parts.day,
    parts.hour,
    parts.minute,
    parts.second,
  );
  if (new Date(utcMs).getUTCDate() !== parts.day) return undefined;
  const millis = Number(parts.fraction.padEnd(3, "0").slice(0, 3));
  return utcMs + millis - offsetMs;
}

function isValidClockTime(parts: TimeParts): boolean {
  return (
    parts.month >= 1 &&
    parts.month <= 12 &&
    parts.day >= 1 &&
    parts.hour <= 23 &&
    parts.minute <= 59 &&
    parts.second <= 59
  );
}

function offsetToMs(offset: string): number | undefined {
  if (offset.toUpperCase() === "Z") return 0;
  const digits = offset.slice(1).replace(":", "");
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2, 4));
  if (digits.length !== 4 || hours > 23 || minutes > 59) return undefined;
  const sign = offset.startsWith("-") ? -1 : 1;
  return sign * (hours * 60 + minutes) * 60_000;
}
