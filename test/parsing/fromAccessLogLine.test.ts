import { describe, expect, it } from "vitest";
import { fromAccessLogLine } from "../../shared/parsing/fromAccessLogLine.js";
import { createParseOptions } from "../../shared/parsing/parseOptions.js";

const OPTIONS = createParseOptions(Date.parse("2024-01-01T00:00:00Z"));
const PREFIX = "83.149.9.216 - - [17/May/2015:10:05:03 +0000]";

function read(line: string) {
  return fromAccessLogLine(line, OPTIONS);
}

describe("fromAccessLogLine", () => {
  it("reads a combined-format line", () => {
    const line = `${PREFIX} "GET /blog/tags/puppet?flav=rss20 HTTP/1.1" 200 14872 "http://example.com/" "UniversalFeedParser/4.2-pre-314-svn +http://feedparser.org/"`;
    expect(read(line)).toEqual({
      timeMs: Date.parse("2015-05-17T10:05:03Z"),
      clientIp: "83.149.9.216",
      callerIp: "83.149.9.216",
      method: "GET",
      path: "/blog/tags/puppet",
      query: "flav=rss20",
      apiId: "",
      operationId: "",
      endpoint: "GET /blog/tags/puppet",
      statusCode: 200,
      requestBytes: 0,
      responseBytes: 14872,
      latencyMs: 0,
      userAgent: "UniversalFeedParser/4.2-pre-314-svn +http://feedparser.org/",
      subscriptionId: "",
      productId: "",
      userId: "",
      requestBody: "",
      correlationId: "",
      resourceId: "",
    });
  });

  it("reads a common-format line with a '-' size as zero bytes and no user agent", () => {
    const record = read(`${PREFIX} "HEAD / HTTP/1.0" 304 -`);
    expect([record.responseBytes, record.userAgent, record.endpoint]).toEqual([0, "", "HEAD /"]);
  });

  it("applies the line's own UTC offset", () => {
    const record = read(`1.2.3.4 - - [22/Oct/2021:02:28:56 -0700] "GET / HTTP/1.1" 200 1`);
    expect(new Date(record.timeMs).toISOString()).toBe("2021-10-22T09:28:56.000Z");
  });

  it("ignores fields after the user agent, such as nginx request time", () => {
    const record = read(`${PREFIX} "GET /a HTTP/1.1" 200 5 "-" "curl/8.0" 0.012 "10.0.0.1"`);
    expect([record.userAgent, record.latencyMs]).toEqual(["curl/8.0", 0]);
  });

  it("undoes Apache's escaped quotes inside quoted fields", () => {
    const line = `${PREFIX} "GET /user.php HTTP/1.1" 404 305 "a:{s:3:\\"num\\";}" "agent \\"quoted\\" \\\\ end"`;
    expect(read(line).userAgent).toBe('agent "quoted" \\ end');
  });

  it("keeps a line cut off inside the user agent, taking the agent to the end of the line", () => {
    const line = `${PREFIX} "GET /a.py HTTP/1.1" 200 235 "-" "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html`;
    expect(read(line).userAgent).toBe(
      "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html",
    );
  });

  it("reads an IPv6 host and an HTTP/0.9 request line without a version", () => {
    const record = read(`::FFFF:10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET /x" 200 1`);
    expect([record.callerIp, record.path]).toEqual(["10.0.0.1", "/x"]);
  });

  it.each([
    [
      `${PREFIX} "-" 400 0 "-" "-"`,
      "request",
      'request: expected a request line "METHOD target HTTP/x.y", got "-"',
    ],
    [
      `${PREFIX} "\\x16\\x03\\x01\\x00\\xa5\\x01" 400 226 "-" "-"`,
      "request",
      'request: expected a request line "METHOD target HTTP/x.y", got "\\\\x16\\\\x03\\\\x01\\\\x00\\\\xa5\\\\x01"',
    ],
    [
      `${PREFIX} "GET /a b HTTP/1.1" 400 0`,
      "request",
      'request: expected a request line "METHOD target HTTP/x.y", got "GET /a b HTTP/1.1"',
    ],
    [
      `${PREFIX} "GET a.php HTTP/1.1" 404 0`,
      "request",
      'request: expected an absolute URL or a path starting with "/", got "a.php"',
    ],
    [
      `${PREFIX} "GET / SPDY/3" 200 0`,
      "request",
      'request: expected a request line "METHOD target HTTP/x.y", got "GET / SPDY/3"',
    ],
    [
      `example.com - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1`,
      "host",
      'host: expected an IP address, got "example.com"',
    ],
    [
      `1.2.3.4 - - [17/Mai/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1`,
      "time",
      'time: expected [dd/Mon/yyyy:HH:mm:ss +zzzz] such as [17/May/2015:10:05:03 +0000], got "17/Mai/2015:10:05:03 +0000"',
    ],
    [
      `1.2.3.4 - - "GET / HTTP/1.1" 200 1`,
      "time",
      "time: expected [dd/Mon/yyyy:HH:mm:ss +zzzz] such as [17/May/2015:10:05:03 +0000], got undefined",
    ],
    [
      `1.2.3.4 - - [02/Jan/2024:00:00:01 +0000] "GET / HTTP/1.1" 200 1`,
      "time",
      'time: expected a time no later than 2024-01-02T00:00:00.000Z, got "02/Jan/2024:00:00:01 +0000"',
    ],
    [
      `${PREFIX} "GET / HTTP/1.1" - 1`,
      "status",
      'status: expected an HTTP status code 100-599, got "-"',
    ],
    [
      `${PREFIX} "GET / HTTP/1.1" 200 12kB`,
      "bytes",
      'bytes: expected a non-negative number of bytes, got "12kB"',
    ],
  ])("rejects %s on field %s", (line, field, reason) => {
    expect(() => read(line)).toThrow(expect.objectContaining({ field, message: reason }));
  });

  it("rejects a line over 64 KiB, naming its length", () => {
    const line = `${PREFIX} "GET /${"a".repeat(70_000)} HTTP/1.1" 200 1`;
    expect(() => read(line)).toThrow(
      `(line): expected at most 65536 characters, got ${line.length}`,
    );
  });
});
