import { isRestError } from "@azure/core-rest-pipeline";
import { DefaultAzureCredential, type TokenCredential } from "@azure/identity";
import {
  LogsIngestionClient,
  isAggregateLogsUploadError,
  type LogsIngestionClientOptions,
  type LogsUploadFailure,
} from "@azure/monitor-ingestion";
import type { Alert } from "../alerts/alert.js";
import type { AlertSink, FailedAlert, SendResult } from "./alertSink.js";
import { encodeAlertRows } from "./encodeAlertRows.js";

/** Where the Log Analytics sink uploads alert rows, and how. */
export interface LogAnalyticsSinkOptions {
  /**
   * Logs ingestion endpoint of the DCR or a DCE:
   * `https://<name>.<region>-1.ingest.monitor.azure.com`.
   */
  endpoint: string;
  /** The DCR's immutable id: `dcr-` followed by 32 hex digits. */
  ruleId: string;
  /** The input stream declared in the DCR, `Custom-…`. */
  streamName: string;
  /** Defaults to `DefaultAzureCredential`. */
  credential?: TokenCredential;
  /**
   * Handed to the SDK client. `retryOptions` (`maxRetries`, default 3; `retryDelayInMs`, default
   * 1000; `maxRetryDelayInMs`, default 64000) tunes retries of 408 and 5xx; a 429 or 503 with
   * `Retry-After` waits as long as the service says, uncapped. `httpClient` replaces the transport.
   */
  clientOptions?: LogsIngestionClientOptions;
  /** How many chunks of under 1 MB upload at once; the SDK's default is 5. */
  maxConcurrency?: number;
}

interface UploadTarget {
  ruleId: string;
  streamName: string;
  maxConcurrency: number | undefined;
}

/** Rows as the SDK takes and returns them; failed rows are the very objects that were passed in. */
type LogRow = Record<string, unknown>;

const RULE_ID_PATTERN = /^dcr-[0-9a-f]{32}$/i;
const STREAM_PREFIX = "Custom-";

/**
 * A sink that uploads alerts as `toAlertRow` rows through the Logs Ingestion API. Chunks that
 * fail after the SDK's retries come back in `failed`; the service does not deduplicate, so a resent
 * alert lands twice and queries should keep one row per `AlertId`.
 */
export function createLogAnalyticsSink(options: LogAnalyticsSinkOptions): AlertSink {
  const endpoint = checkedEndpoint(options.endpoint);
  const target: UploadTarget = {
    ruleId: checkedRuleId(options.ruleId),
    streamName: checkedStreamName(options.streamName),
    maxConcurrency: checkedMaxConcurrency(options.maxConcurrency),
  };

  const credential = options.credential ?? new DefaultAzureCredential();
  const client = new LogsIngestionClient(endpoint, credential, options.clientOptions);

  return {
    name: "log-analytics",
    send: (alerts) => uploadAlerts(client, target, alerts),
  };
}

async function uploadAlerts(
  client: LogsIngestionClient,
  target: UploadTarget,
  alerts: readonly Alert[],
): Promise<SendResult> {
  const { encoded, failed } = encodeAlertRows(alerts);
  if (encoded.length === 0) return { sent: 0, failed };

  const alertByRow = new Map<LogRow, Alert>(encoded.map(({ row, alert }) => [row, alert]));
  const reasonByRow = new Map<LogRow, string>();
  const onError = (failure: LogsUploadFailure) => {
    const reason = reasonOf(failure.cause);
    for (const row of failure.failedLogs) reasonByRow.set(row, reason);
  };

  try {
    await client.upload(target.ruleId, target.streamName, [...alertByRow.keys()], {
      maxConcurrency: target.maxConcurrency,
      onError,
    });
  } catch (error) {
    // Version 1.2.0 calls onError for every failed chunk and then still rejects with an
    // AggregateLogsUploadError of those same chunks, so only other errors are news.
    if (!isAggregateLogsUploadError(error)) markUnreported(alertByRow, reasonByRow, error);
  }

  return resultOf(alertByRow, reasonByRow, failed);
}

function reasonOf(cause: Error): string {
  if (!isRestError(cause) || cause.statusCode === undefined) return cause.message;
  const code = cause.code === undefined ? "" : ` ${cause.code}`;
  return `Logs Ingestion API answered ${cause.statusCode}${code}: ${cause.message}`;
}

/** An error outside any chunk leaves no record of what was delivered, so every row is suspect. */
function markUnreported(
  alertByRow: ReadonlyMap<LogRow, Alert>,
  reasonByRow: Map<LogRow, string>,
  error: unknown,
): void {
  const reason = error instanceof Error ? error.message : String(error);
  for (const row of alertByRow.keys()) {
    if (!reasonByRow.has(row)) reasonByRow.set(row, reason);
  }
}

/** Adds the alerts the upload lost, in batch order, to those `failed` already holds. */
function resultOf(
  alertByRow: ReadonlyMap<LogRow, Alert>,
  reasonByRow: ReadonlyMap<LogRow, string>,
  failed: FailedAlert[],
): SendResult {
  let sent = 0;
  for (const [row, alert] of alertByRow) {
    const reason = reasonByRow.get(row);
    if (reason === undefined) sent += 1;
    else failed.push({ alert, reason });
  }
  return { sent, failed };
}

function checkedEndpoint(value: string): string {
  const expected =
    "an https URL with no path or query, the logs ingestion endpoint of a data collection rule or endpoint";
  let url: URL;
  try {
    url = new URL(value);
  } catch (error) {
    throw optionError("endpoint", value, expected, error);
  }

  if (url.protocol !== "https:") {
    // Not even loopback: the SDK's bearer token policy throws for every URL that is not https,
    // whatever allowInsecureConnection says, so an http endpoint could never deliver an alert.
    throw optionError("endpoint", value, `${expected}; the Azure SDK sends tokens over https only`);
  }
  if (url.pathname !== "/" || url.search !== "" || url.hash !== "") {
    throw optionError("endpoint", value, expected);
  }
  return url.origin;
}

function checkedRuleId(value: string): string {
  if (RULE_ID_PATTERN.test(value)) return value;
  throw optionError(
    "ruleId",
    value,
    '"dcr-" followed by 32 hex digits, the immutableId of the data collection rule',
  );
}

function checkedStreamName(value: string): string {
  if (value.startsWith(STREAM_PREFIX) && value.length > STREAM_PREFIX.length) return value;
  throw optionError(
    "streamName",
    value,
    `"${STREAM_PREFIX}" and a name, a custom stream declared in the data collection rule`,
  );
}

function checkedMaxConcurrency(value: number | undefined): number | undefined {
  if (value === undefined || (Number.isInteger(value) && value >= 1)) return value;
  throw optionError("maxConcurrency", value, "a whole number of at least 1");
}

function optionError(name: string, value: unknown, expected: string, cause?: unknown): Error {
  const message = `Log Analytics sink option ${name} ${JSON.stringify(value)} is invalid: expected ${expected}`;
  return cause === undefined ? new Error(message) : new Error(message, { cause });
}
