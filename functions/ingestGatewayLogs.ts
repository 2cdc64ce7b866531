import { app, type InvocationContext } from "@azure/functions";
import { parameterLimitFieldsOf } from "../shared/parameters/parameterLimitCounts.js";
import {
  ingestEventHubBatch,
  type EventHubBatchSummary,
  type HubEvent,
} from "../shared/pipeline/ingestEventHubBatch.js";
import { pipelineForHost } from "./runtime.js";

/**
 * Event Hubs trigger: one invocation per batch of diagnostic-settings events from one partition.
 * A storage failure throws, and the retry policy runs the same batch again before the host
 * checkpoints; the batch ledger makes that rerun count nothing twice.
 */
export async function ingestGatewayLogs(
  messages: unknown[],
  context: InvocationContext,
): Promise<void> {
  const pipeline = await pipelineForHost();
  await pipeline.threatIntel.reloadIfStale(Date.now());
  const { partitionId, events } = fromTrigger(messages, context);
  const summary = await ingestEventHubBatch(
    partitionId,
    events,
    pipeline.parseOptions(Date.now()),
    pipeline.inspect,
    pipeline.ingest,
  );
  const fields = toBatchLogFields(partitionId, summary);
  if (summary.rejected > 0 || summary.late > 0)
    context.warn("batch ingested with dead letters", fields);
  else if (
    summary.clientKeysDropped > 0 ||
    summary.populationKeysDropped > 0 ||
    summary.distinctKeysDropped > 0
  )
    context.warn("batch ingested past the per-window key caps", fields);
  else if (summary.parameterLimitsHit.records > 0)
    context.warn("batch ingested past the parameter limits", fields);
  else context.log("batch ingested", fields);
}

/** Counts only, flat; the parameter limit fields appear when a record reached a limit. */
function toBatchLogFields(
  partitionId: string,
  summary: EventHubBatchSummary,
): Record<string, string | number> {
  const { parameterLimitsHit, ...counts } = summary;
  return { partition: partitionId, ...counts, ...parameterLimitFieldsOf(parameterLimitsHit) };
}

function fromTrigger(
  messages: unknown[],
  context: InvocationContext,
): { partitionId: string; events: HubEvent[] } {
  const metadata = context.triggerMetadata ?? {};
  const partitionContext = metadata.partitionContext as { partitionId?: string } | undefined;
  const sequenceNumbers = metadata.sequenceNumberArray as number[] | undefined;
  if (
    !partitionContext?.partitionId ||
    !Array.isArray(sequenceNumbers) ||
    sequenceNumbers.length !== messages.length
  ) {
    throw new Error(
      `triggerMetadata: expected partitionContext.partitionId and one sequence number per message, got ${messages.length} message(s) and ${JSON.stringify(sequenceNumbers?.length ?? null)} sequence number(s)`,
    );
  }
  return {
    partitionId: partitionContext.partitionId,
    events: messages.map((body, index) => ({
      sequenceNumber: Number(sequenceNumbers[index]),
      body,
    })),
  };
}

app.eventHub("ingestGatewayLogs", {
  connection: "EventHubConnection",
  eventHubName: "%GATEWARDEN_EVENT_HUB_NAME%",
  consumerGroup: "%GATEWARDEN_CONSUMER_GROUP%",
  cardinality: "many",
  retry: {
    strategy: "exponentialBackoff",
    maxRetryCount: -1,
    minimumInterval: { seconds: 5 },
    maximumInterval: { minutes: 5 },
  },
  handler: ingestGatewayLogs,
});
