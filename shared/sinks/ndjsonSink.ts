import { appendFile, mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { Alert } from "../alerts/alert.js";
import type { AlertSink, FailedAlert, SendResult } from "./alertSink.js";
import { encodeAlertRows, type EncodedAlertRow } from "./encodeAlertRows.js";

export interface NdjsonSinkOptions {
  /**
   * Called with the error of a failed write (a full disk, a refused device) before `send`
   * resolves with that batch's alerts as failed, for an owner that stops on it or names its cause.
   */
  onWriteError?: (error: unknown) => void;
}

type Write = (text: string) => Promise<void>;

/**
 * A sink that writes each alert as one line of JSON, the same row the Log Analytics sink uploads.
 * `target` is `-` for stdout, a writable stream, or a file path appended to (its folder is made).
 * A batch is written at once, so a failed write fails every alert of that batch. A stream's owner
 * keeps its `error` events: the sink only reads the outcome of its own writes.
 */
export function createNdjsonSink(
  target: string | NodeJS.WritableStream,
  options: NdjsonSinkOptions = {},
): AlertSink {
  const sinkOf = (write: Write): AlertSink => ({
    name: "ndjson",
    send: (alerts) => writeAlerts(alerts, write, options),
  });
  if (typeof target !== "string") return sinkOf(streamWrite(target));
  if (target === "-") return sinkOf(streamWrite(process.stdout));
  if (target.trim() === "") {
    throw new Error(
      `NDJSON sink target ${JSON.stringify(target)} is invalid: expected "-" for stdout, a file path or a writable stream`,
    );
  }
  return sinkOf(fileAppend(resolve(target)));
}

function fileAppend(path: string): Write {
  return async (text) => {
    await mkdir(dirname(path), { recursive: true });
    await appendFile(path, text, "utf8");
  };
}

function streamWrite(stream: NodeJS.WritableStream): Write {
  return (text) =>
    new Promise<void>((done, fail) => {
      stream.write(text, (error) => (error ? fail(error) : done()));
    });
}

async function writeAlerts(
  alerts: readonly Alert[],
  write: Write,
  options: NdjsonSinkOptions,
): Promise<SendResult> {
  const { encoded, failed } = encodeAlertRows(alerts);
  if (encoded.length === 0) return { sent: 0, failed };

  try {
    await write(linesOf(encoded));
  } catch (error) {
    options.onWriteError?.(error);
    return { sent: 0, failed: [...failed, ...writeFailures(encoded, error)] };
  }
  return { sent: encoded.length, failed };
}

function linesOf(encoded: readonly EncodedAlertRow[]): string {
  return encoded.map(({ json }) => `${json}\n`).join("");
}

function writeFailures(encoded: readonly EncodedAlertRow[], error: unknown): FailedAlert[] {
  const message = error instanceof Error ? error.message : String(error);
  const reason = `NDJSON write failed: ${message}`;
  return encoded.map(({ alert }) => ({ alert, reason }));
}
