import { describe, expect, it } from "vitest";
import { createParameterExtractor } from "../../shared/parameters/extractParameters.js";
import {
  addParameterLimitCounts,
  countParameterLimitsHit,
  describeParameterLimitsHit,
  noParameterLimitsHit,
  parameterLimitFieldsOf,
} from "../../shared/parameters/parameterLimitCounts.js";
import {
  MAX_NAME_CHARS,
  MAX_PARAMETERS_PER_REQUEST,
  MAX_SOURCE_CHARS_READ,
  MAX_VALUE_CHARS_EXAMINED,
} from "../../shared/parameters/parameterLimits.js";
import type { RequestRecord } from "../../shared/records/requestRecord.js";
import { requestRecord } from "../support/records.js";

const extract = createParameterExtractor({ hashKey: "test-key", showValues: false });

function countsOf(records: RequestRecord[]) {
  const counts = noParameterLimitsHit();
  for (const record of records) countParameterLimitsHit(counts, extract(record).limitsHit);
  return counts;
}

const manyParameters = Array.from({ length: 3_000 }, (_, index) => `p${index}=1`).join("&");
const longName = "n".repeat(MAX_NAME_CHARS + 1);
const longValue = "v".repeat(MAX_VALUE_CHARS_EXAMINED + 1);

describe("countParameterLimitsHit", () => {
  it("counts a record once per limit it reached, however many of its parameters reached it", () => {
    const counts = countsOf([
      requestRecord({ query: manyParameters.slice(0, MAX_SOURCE_CHARS_READ) }),
      requestRecord({ query: `${longName}=1&${longName}x=2&${longName}y=3` }),
      requestRecord({ query: `${longName}=${longValue}` }),
      requestRecord({ requestBody: `{"a":1,"pad":"${"x".repeat(MAX_SOURCE_CHARS_READ)}"}` }),
    ]);

    expect(counts).toEqual({
      records: 4,
      parametersPerRequest: 1,
      nameChars: 2,
      valueChars: 1,
      sourceChars: 1,
    });
  });

  it("counts a query string past the characters read and the parameters past the cap apart", () => {
    expect(countsOf([requestRecord({ query: manyParameters })])).toEqual({
      records: 1,
      parametersPerRequest: 1,
      nameChars: 0,
      valueChars: 0,
      sourceChars: 1,
    });
  });

  it("counts nothing for records at every limit but not past it", () => {
    const atLimits = Array.from({ length: MAX_PARAMETERS_PER_REQUEST - 1 }, (_, i) => `p${i}=1`);
    const name = "n".repeat(MAX_NAME_CHARS);
    const value = "v".repeat(MAX_VALUE_CHARS_EXAMINED);
    const counts = countsOf([
      requestRecord({ query: `${name}=${value}&${atLimits.join("&")}` }),
      requestRecord({ query: "page=2", requestBody: '{"email":"a@example.com"}' }),
    ]);

    expect(counts).toEqual(noParameterLimitsHit());
  });
});

describe("addParameterLimitCounts", () => {
  it("adds every limit and the records", () => {
    const counts = countsOf([requestRecord({ query: `${longName}=1` })]);
    addParameterLimitCounts(counts, countsOf([requestRecord({ query: `q=${longValue}` })]));

    expect(counts).toEqual({
      records: 2,
      parametersPerRequest: 0,
      nameChars: 1,
      valueChars: 1,
      sourceChars: 0,
    });
  });
});

describe("parameterLimitFieldsOf", () => {
  it("gives no field when no record reached a limit", () => {
    expect(parameterLimitFieldsOf(noParameterLimitsHit())).toEqual({});
  });

  it("gives the records and one count per limit when one did", () => {
    const counts = countsOf([requestRecord({ query: manyParameters.slice(0, 8_000) })]);

    expect(parameterLimitFieldsOf(counts)).toEqual({
      parameterLimitsHit: 1,
      parametersPerRequestHit: 1,
      parameterNameCharsHit: 0,
      parameterValueCharsHit: 0,
      parameterSourceCharsHit: 0,
    });
  });
});

describe("describeParameterLimitsHit", () => {
  it("names the limits reached, in a fixed order, with their records", () => {
    const counts = {
      records: 4,
      parametersPerRequest: 3,
      nameChars: 0,
      valueChars: 1,
      sourceChars: 2,
    };

    expect(describeParameterLimitsHit(counts)).toBe(
      "parameters per request: 3, value length examined: 1, query or body length read: 2",
    );
  });
});
