/** Builders for Apache access-log lines, for replay tests that need many records or a bad one. */

/** A common-log-format line from 203.0.113.9 for `GET /a` at `timeMs`, answered with `status`. */
export function accessLogLine(timeMs: number, status = 200): string {
  const time = new Date(timeMs);
  const month = time.toLocaleString("en-US", { month: "short", timeZone: "UTC" });
  const day = String(time.getUTCDate()).padStart(2, "0");
  const clock = time.toISOString().slice(11, 19);
  return `203.0.113.9 - - [${day}/${month}/${time.getUTCFullYear()}:${clock} +0000] "GET /a HTTP/1.1" ${status} 5 "-" "curl"`;
}
