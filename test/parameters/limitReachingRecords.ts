import {
  MAX_NAME_CHARS,
  MAX_PARAMETERS_PER_REQUEST,
  MAX_SOURCE_CHARS_READ,
  MAX_VALUE_CHARS_EXAMINED,
} from "../../shared/parameters/parameterLimits.js";
import { gatewayLogRecord } from "../support/gatewayLogs.js";

/** GatewayLogs records that each reach one limit of `parameterLimits.ts`, or none. */

const ORDERS_URL = "https://contoso.azure-api.net/orders";

/** 3,000 query parameters, 2,000 names, in a URL under the 16,384-character URL limit. */
export function threeThousandParameters(time: string): Record<string, unknown> {
  const query = Array.from({ length: 3_000 }, (_, index) => `${(index % 2_000).toString(36)}=1`);
  return gatewayLogRecord({ time, url: `${ORDERS_URL}?${query.join("&")}` });
}

export function longParameterName(time: string): Record<string, unknown> {
  return gatewayLogRecord({ time, url: `${ORDERS_URL}?${"n".repeat(MAX_NAME_CHARS + 1)}=1` });
}

/** Both a name past `MAX_NAME_CHARS` and a value past `MAX_VALUE_CHARS_EXAMINED`. */
export function longParameterNameAndValue(time: string): Record<string, unknown> {
  const name = "n".repeat(MAX_NAME_CHARS + 1);
  const value = "v".repeat(MAX_VALUE_CHARS_EXAMINED + 1);
  return gatewayLogRecord({ time, url: `${ORDERS_URL}?${name}=${value}&page=2` });
}

/** A JSON body longer than `MAX_SOURCE_CHARS_READ`: its first field is read, the padding cut. */
export function longBody(time: string): Record<string, unknown> {
  const record = gatewayLogRecord({ time, method: "POST", url: ORDERS_URL });
  const padding = "x".repeat(MAX_SOURCE_CHARS_READ);
  (record.properties as Record<string, unknown>).requestBody = `{"a":1,"pad":"${padding}"}`;
  return record;
}

/** Exactly `MAX_PARAMETERS_PER_REQUEST` parameters, each name and value exactly at its limit. */
export function atEveryLimit(time: string): Record<string, unknown> {
  const name = "n".repeat(MAX_NAME_CHARS);
  const value = "v".repeat(MAX_VALUE_CHARS_EXAMINED);
  const query = Array.from({ length: MAX_PARAMETERS_PER_REQUEST - 1 }, (_, index) => `p${index}=1`);
  return gatewayLogRecord({ time, url: `${ORDERS_URL}?${name}=${value}&${query.join("&")}` });
}

export function ordinary(time: string): Record<string, unknown> {
  return gatewayLogRecord({ time, url: `${ORDERS_URL}?page=2&sort=desc` });
}

/**
 * Six records that reach limits (three of them with 3,000 parameters, one reaching two limits)
 * and four that reach none, one second apart from `startMs`.
 */
export function mixedRecords(startMs: number): Record<string, unknown>[] {
  const builders = [
    threeThousandParameters,
    ordinary,
    threeThousandParameters,
    longParameterName,
    atEveryLimit,
    longParameterNameAndValue,
    threeThousandParameters,
    longBody,
    ordinary,
    ordinary,
  ];
  return builders.map((build, index) => build(new Date(startMs + index * 1_000).toISOString()));
}

/** What `mixedRecords` reaches, as the ingest counts it. */
export const MIXED_RECORDS_LIMITS_HIT = {
  records: 6,
  parametersPerRequest: 3,
  nameChars: 2,
  valueChars: 1,
  sourceChars: 1,
};
