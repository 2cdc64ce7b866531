import { describe, expect, it } from "vitest";
import { fromLogAnalyticsRow } from "../../shared/parsing/fromLogAnalyticsRow.js";
import { createParseOptions } from "../../shared/parsing/parseOptions.js";

const OPTIONS = createParseOptions(Date.parse("2024-05-03T00:00:00Z"));

/** A row as the portal's CSV export gives it: every value text, "" where nothing was logged. */
function csvRow(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    TimeGenerated: "5/2/2024, 12:05:09 PM",
    CallerIpAddress: "203.0.113.24",
    TotalTime: "15",
    Method: "DELETE",
    Url: "https://contoso.azure-api.net/orders/v1/orders/42",
    ResponseCode: "204",
    RequestSize: "",
    ResponseSize: "",
    ApiId: "",
    OperationId: "",
    ApimSubscriptionId: "",
    ProductId: "",
    UserId: "",
    RequestHeaders: "",
    RequestBody: "",
    CorrelationId: "",
    _ResourceId: "",
    ...overrides,
  };
}

describe("fromLogAnalyticsRow", () => {
  it("reads a CSV-export row of text values, treating empty text as not logged", () => {
    expect(fromLogAnalyticsRow(csvRow(), OPTIONS)).toEqual({
      timeMs: Date.parse("2024-05-02T12:05:09Z"),
      clientIp: "203.0.113.24",
      callerIp: "203.0.113.24",
      method: "DELETE",
      path: "/orders/v1/orders/42",
      query: "",
      apiId: "",
      operationId: "",
      endpoint: "DELETE /orders/v1/orders/{int}",
      statusCode: 204,
      requestBytes: 0,
      responseBytes: 0,
      latencyMs: 15,
      userAgent: "",
      subscriptionId: "",
      productId: "",
      userId: "",
      requestBody: "",
      correlationId: "",
      resourceId: "",
    });
  });

  it.each([
    ["5/2/2024, 12:00:00.5 AM", "2024-05-02T00:00:00.500Z"],
    ["12/31/2023, 11:59:59.999 PM", "2023-12-31T23:59:59.999Z"],
    ["2024-05-02T10:15:31.1234567Z", "2024-05-02T10:15:31.123Z"],
    ["2024-05-02 10:15:31", "2024-05-02T10:15:31.000Z"],
  ])("reads TimeGenerated %s as UTC %s", (text, iso) => {
    const record = fromLogAnalyticsRow(csvRow({ TimeGenerated: text }), OPTIONS);
    expect(new Date(record.timeMs).toISOString()).toBe(iso);
  });

  it("reads RequestHeaders given as JSON text", () => {
    const headers = JSON.stringify({ "User-Agent": "python-requests/2.31" });
    expect(fromLogAnalyticsRow(csvRow({ RequestHeaders: headers }), OPTIONS).userAgent).toBe(
      "python-requests/2.31",
    );
  });

  it("explains an empty CallerIpAddress by the logClientIp setting", () => {
    expect(() => fromLogAnalyticsRow(csvRow({ CallerIpAddress: "" }), OPTIONS)).toThrow(
      "CallerIpAddress: missing; APIM omits the caller address when the diagnostic's logClientIp setting is off, and detections need it",
    );
  });

  it.each([
    [{ ResponseCode: "" }, 'ResponseCode: expected an HTTP status code 100-599, got ""'],
    [{ TotalTime: "-1" }, 'TotalTime: expected a non-negative number of milliseconds, got "-1"'],
    [
      { TimeGenerated: "13/2/2024, 10:00:00 AM" },
      'TimeGenerated: expected a UTC timestamp like 2024-05-02T10:15:31.123Z or 5/2/2024, 10:15:31.123 AM, got "13/2/2024, 10:00:00 AM"',
    ],
  ])("rejects %j naming the column", (overrides, reason) => {
    expect(() => fromLogAnalyticsRow(csvRow(overrides), OPTIONS)).toThrow(reason);
  });
});
