import type { Alert } from "../alerts/alert.js";

/** An alert a sink could not deliver, and why, in words fit for a log line or dead-letter row. */
export interface FailedAlert {
  alert: Alert;
  reason: string;
}

/** What one `send` delivered: `sent` counts delivered alerts; every other alert is in `failed`. */
export interface SendResult {
  sent: number;
  failed: FailedAlert[];
}

/**
 * Somewhere alerts go once raised. `send` resolves even when some or all alerts fail, reporting
 * them in `failed`; a sink throws only at construction, for a misconfiguration.
 */
export interface AlertSink {
  /** Short fixed label for logs and counters, e.g. `log-analytics`. */
  readonly name: string;
  send(alerts: readonly Alert[]): Promise<SendResult>;
  /** Releases what the sink opened; a sink that owns nothing leaves this out. */
  close?(): Promise<void>;
}
