import type { AlertSink } from "../shared/sinks/alertSink.js";

/** A sink that accepts every alert and keeps none: benchmarks time detection, not delivery. */
export function countingSink(): AlertSink {
  return { name: "count", send: async (alerts) => ({ sent: alerts.length, failed: [] }) };
}
