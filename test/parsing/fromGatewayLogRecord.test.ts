import { describe, expect, it } from "vitest";
import { fromGatewayLogRecord } from "../../shared/parsing/fromGatewayLogRecord.js";
import { createParseOptions } from "../../shared/parsing/parseOptions.js";

const OPTIONS = createParseOptions(Date.parse("2024-05-03T00:00:00Z"));

function recordWith(properties: Record<string, unknown>, top: Record<string, unknown> = {}) {
  return {
    time: "2024-05-02T10:15:31Z",
    callerIpAddress: "203.0.113.24",
    properties: { method: "GET", url: "/orders", responseCode: 200, ...properties },
    ...top,
  };
}

describe("fromGatewayLogRecord", () => {
  it("fills what APIM did not log with empty text and zero", () => {
    expect(fromGatewayLogRecord(recordWith({}), OPTIONS)).toEqual({
      timeMs: Date.parse("2024-05-02T10:15:31Z"),
      clientIp: "203.0.113.24",
      callerIp: "203.0.113.24",
      method: "GET",
      path: "/orders",
      query: "",
      apiId: "",
      operationId: "",
      endpoint: "GET /orders",
      statusCode: 200,
      requestBytes: 0,
      responseBytes: 0,
      latencyMs: 0,
      userAgent: "",
      subscriptionId: "",
      productId: "",
      userId: "",
      requestBody: "",
      correlationId: "",
      resourceId: "",
    });
  });

  it("finds headers whatever their case and joins array values", () => {
    const headers = { "user-agent": ["curl/8.0", "extra"], "x-FORWARDED-for": "198.51.100.7" };
    const trusting = createParseOptions(OPTIONS.nowMs, { trustForwardedFor: true });
    const record = fromGatewayLogRecord(recordWith({ requestHeaders: headers }), trusting);
    expect([record.userAgent, record.clientIp]).toEqual(["curl/8.0, extra", "198.51.100.7"]);
  });

  it("rejects a header value that is neither text nor a list of text, naming the header", () => {
    const record = recordWith({ requestHeaders: { "User-Agent": 5 } });
    expect(() => fromGatewayLogRecord(record, OPTIONS)).toThrow(
      "properties.requestHeaders.User-Agent: expected a string or an array of strings, got 5",
    );
  });

  it("accepts numeric text for status, sizes and duration", () => {
    const record = fromGatewayLogRecord(
      recordWith(
        { responseCode: "503", requestSize: "10", responseSize: "0" },
        { durationMs: "7.5" },
      ),
      OPTIONS,
    );
    expect([
      record.statusCode,
      record.requestBytes,
      record.responseBytes,
      record.latencyMs,
    ]).toEqual([503, 10, 0, 7.5]);
  });

  it.each([
    ["https://h.example/a/../b/%2e?x=1&y#frag", "/a/../b/%2e", "x=1&y"],
    ["https://h.example", "/", ""],
    ["https://h.example?only=query", "/", "only=query"],
    ["/relative/path?", "/relative/path", ""],
    ["*", "*", ""],
  ])("keeps the path of %s as sent", (url, path, query) => {
    const record = fromGatewayLogRecord(recordWith({ url }), OPTIONS);
    expect([record.path, record.query]).toEqual([path, query]);
  });

  it.each([
    ["relative/path", '"relative/path"'],
    ["https://exa mple.com/", '"https://exa mple.com/"'],
    ["https://[bad/x", '"https://[bad/x"'],
    [42, "42"],
  ])("rejects the url %s", (url, quoted) => {
    expect(() => fromGatewayLogRecord(recordWith({ url }), OPTIONS)).toThrow(
      `properties.url: expected an absolute URL or a path starting with "/", got ${quoted}`,
    );
  });

  it.each([
    [{ responseCode: 99 }, "properties.responseCode: expected an HTTP status code 100-599, got 99"],
    [
      { responseCode: 200.5 },
      "properties.responseCode: expected an HTTP status code 100-599, got 200.5",
    ],
    [
      { requestSize: "1e999" },
      'properties.requestSize: expected a non-negative number of bytes, got "1e999"',
    ],
    [{ apiId: 7 }, "properties.apiId: expected a string, got 7"],
    [
      { requestHeaders: "{broken" },
      "properties.requestHeaders: expected an object of request headers, got text of 7 characters that is not a JSON object",
    ],
  ])("rejects %j with a reason naming the field", (properties, reason) => {
    expect(() => fromGatewayLogRecord(recordWith(properties), OPTIONS)).toThrow(reason);
  });

  it("accepts a record from a hub that does not label its category", () => {
    const record = recordWith({}, { category: undefined });
    expect(fromGatewayLogRecord(record, OPTIONS).statusCode).toBe(200);
  });
});
