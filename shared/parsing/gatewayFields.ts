import type { RequestRecord } from "../records/requestRecord.js";
import { completeRecord } from "./completeRecord.js";
import type { ParseOptions } from "./parseOptions.js";
import {
  headerText,
  isPlainObject,
  readCount,
  readHeaders,
  readIpAddress,
  readMethod,
  readRequestTarget,
  readResourceId,
  readStatusCode,
  readText,
  readTimeMs,
} from "./recordFields.js";

/**
 * Where each gateway field sits in one export of APIM's GatewayLogs: a column name, or a dotted
 * path into nested objects. The Event Hubs and Log Analytics exports differ only in these names.
 */
export interface GatewayFieldNames {
  time: string;
  callerIp: string;
  latencyMs: string;
  method: string;
  url: string;
  statusCode: string;
  requestBytes: string;
  responseBytes: string;
  apiId: string;
  operationId: string;
  subscriptionId: string;
  productId: string;
  userId: string;
  requestHeaders: string;
  requestBody: string;
  correlationId: string;
  resourceId: string;
}

/** Reads and validates a gateway log entry whose fields sit where `names` says. */
export function readGatewayFields(
  source: Record<string, unknown>,
  names: GatewayFieldNames,
  options: ParseOptions,
): RequestRecord {
  const paths = pathsOf(names);
  const at = (key: keyof GatewayFieldNames): unknown => valueAt(source, paths[key]);
  const headers = readHeaders(names.requestHeaders, at("requestHeaders"));
  const timeMs = readTimeMs(names.time, at("time"), options);
  const callerIp = readIpAddress(names.callerIp, at("callerIp"));
  const method = readMethod(names.method, at("method"));
  const target = readRequestTarget(names.url, at("url"));
  const fields = {
    timeMs,
    callerIp,
    method,
    path: target.path,
    query: target.query,
    statusCode: readStatusCode(names.statusCode, at("statusCode")),
    requestBytes: readCount(names.requestBytes, at("requestBytes"), "bytes"),
    responseBytes: readCount(names.responseBytes, at("responseBytes"), "bytes"),
    latencyMs: readCount(names.latencyMs, at("latencyMs"), "milliseconds"),
    apiId: readText(names.apiId, at("apiId")),
    operationId: readText(names.operationId, at("operationId")),
    userAgent: headerText(names.requestHeaders, headers, "User-Agent"),
    subscriptionId: readText(names.subscriptionId, at("subscriptionId")),
    productId: readText(names.productId, at("productId")),
    userId: readText(names.userId, at("userId")),
    requestBody: readText(names.requestBody, at("requestBody")),
    correlationId: readText(names.correlationId, at("correlationId")),
    resourceId: readResourceId(names.resourceId, at("resourceId")),
  };
  const forwardedFor = headerText(names.requestHeaders, headers, "X-Forwarded-For");
  return completeRecord(fields, forwardedFor, options);
}

type FieldPaths = Record<keyof GatewayFieldNames, readonly string[]>;

// Split once per export's names, not once per field of every record (a hot path of ingest).
const splitPaths = new WeakMap<GatewayFieldNames, FieldPaths>();

function pathsOf(names: GatewayFieldNames): FieldPaths {
  let paths = splitPaths.get(names);
  if (paths === undefined) {
    paths = Object.fromEntries(
      Object.entries(names).map(([key, path]) => [key, path.split(".")]),
    ) as FieldPaths;
    splitPaths.set(names, paths);
  }
  return paths;
}

function valueAt(source: Record<string, unknown>, path: readonly string[]): unknown {
  let value: unknown = source[path[0]!];
  for (let index = 1; index < path.length; index++) {
    if (!isPlainObject(value)) return undefined;
    value = value[path[index]!];
  }
  return value;
}
