import { odata, type TableClient, type TransactionAction } from "@azure/data-tables";
import type { Alert } from "../alerts/alert.js";
import type { AlertSink, SendResult } from "../sinks/alertSink.js";

const OUTBOX_PARTITION = "outbox";
const MAX_TRANSACTION_ENTITIES = 100;
/** Table strings hold 32K UTF-16 characters; an alert row larger than that is cut to its facts. */
const MAX_ALERT_CHARS = 32_000;

export interface DeliveryResult {
  delivered: number;
  /** Alerts still in the outbox after this attempt. */
  remaining: number;
  failures: string[];
}

/**
 * Alerts waiting for Log Analytics. The evaluator writes them here, keyed by AlertId, before it
 * marks a window evaluated; delivery removes them only after the service accepted them. An
 * outage therefore delays alerts instead of losing them or stalling evaluation, and a retried
 * write never makes a second copy.
 */
export class AlertOutbox {
  constructor(private readonly table: TableClient) {}

  /** An AlertSink whose "sent" means "durably queued". */
  asSink(): AlertSink {
    return {
      name: "outbox",
      send: async (alerts): Promise<SendResult> => {
        await this.add(alerts);
        return { sent: alerts.length, failed: [] };
      },
    };
  }

  async add(alerts: readonly Alert[]): Promise<void> {
    const actions: TransactionAction[] = alerts.map((alert) => [
      "upsert",
      { partitionKey: OUTBOX_PARTITION, rowKey: alert.alertId, alert: serialise(alert) },
      "Replace",
    ]);
    for (let start = 0; start < actions.length; start += MAX_TRANSACTION_ENTITIES) {
      await this.table.submitTransaction(actions.slice(start, start + MAX_TRANSACTION_ENTITIES));
    }
  }

  async pending(limit: number): Promise<Alert[]> {
    const alerts: Alert[] = [];
    const entities = this.table.listEntities<{ alert: string }>({
      queryOptions: { filter: odata`PartitionKey eq ${OUTBOX_PARTITION}` },
    });
    for await (const entity of entities) {
      alerts.push(JSON.parse(entity.alert) as Alert);
      if (alerts.length >= limit) break;
    }
    return alerts;
  }

  /**
   * Sends up to `limit` queued alerts through `sink` and removes the ones it accepted. The sink's
   * own pipeline retries throttling and outages (honouring Retry-After); what still fails stays
   * queued for the next run.
   */
  async deliver(sink: AlertSink, limit = 5_000): Promise<DeliveryResult> {
    const alerts = await this.pending(limit);
    if (alerts.length === 0) return { delivered: 0, remaining: 0, failures: [] };
    const result = await sink.send(alerts);
    const failedIds = new Set(result.failed.map((failure) => failure.alert.alertId));
    const accepted = alerts.filter((alert) => !failedIds.has(alert.alertId));
    await this.remove(accepted.map((alert) => alert.alertId));
    return {
      delivered: accepted.length,
      remaining: alerts.length - accepted.length,
      failures: [...new Set(result.failed.map((failure) => failure.reason))],
    };
  }

  private async remove(alertIds: readonly string[]): Promise<void> {
    const actions: TransactionAction[] = alertIds.map((rowKey) => [
      "delete",
      { partitionKey: OUTBOX_PARTITION, rowKey },
    ]);
    for (let start = 0; start < actions.length; start += MAX_TRANSACTION_ENTITIES) {
      await this.table.submitTransaction(actions.slice(start, start + MAX_TRANSACTION_ENTITIES));
    }
  }
}

function serialise(alert: Alert): string {
  const text = JSON.stringify(alert);
  if (text.length <= MAX_ALERT_CHARS) return text;
  // Samples are the bulky part; the facts and the baseline still explain the alert.
  return JSON.stringify({
    ...alert,
    evidence: { ...alert.evidence, samples: [], details: { truncated: true } },
  });
}
