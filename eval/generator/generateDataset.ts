import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AttackContext } from "./attacks/attackInjector.js";
import { injectAttacks } from "./attacks/injectAttacks.js";
import { buildClientPopulation, populationSizeFor } from "./clientPopulation.js";
import type { Composer } from "./composeRequest.js";
import type { DatasetLabel } from "./datasetLabel.js";
import type { DatasetManifest } from "./datasetManifest.js";
import { DatasetTimeline } from "./datasetTimeline.js";
import { DatasetWriter } from "./datasetWriter.js";
import { buildDomainVocabulary } from "./domainVocabulary.js";
import { createGeneratorConfig, type GeneratorConfig } from "./generatorConfig.js";
import { HourBuckets } from "./hourBuckets.js";
import { ManifestTally } from "./manifestTally.js";
import { loadReferenceData } from "./referenceData.js";
import { planScenarios } from "./scenarios/planScenarios.js";
import { BatchTraffic } from "./sources/batchTraffic.js";
import { PartnerTraffic } from "./sources/partnerTraffic.js";
import { SessionTraffic } from "./sources/sessionTraffic.js";
import type { GatewayIdentity } from "./toGatewayLogRecord.js";
import { toDatasetManifest } from "./toDatasetManifest.js";
import { TrafficConditions } from "./trafficConditions.js";
import { WindowChoice } from "./windowChoice.js";

export const LABELS_FILE = "labels.ndjson";
export const MANIFEST_FILE = "manifest.json";

const GATEWAY_HOST = "contoso-shop.azure-api.net";
const RESOURCE_ID =
  "/SUBSCRIPTIONS/5E0C6A91-3F2B-4D8E-A1C7-9B4F2E6D8A30/RESOURCEGROUPS/RG-SHOP-PROD/PROVIDERS/MICROSOFT.APIMANAGEMENT/SERVICE/CONTOSO-SHOP";

/** What one run wrote. */
export interface GeneratedDataset {
  outDir: string;
  labels: DatasetLabel[];
  manifest: DatasetManifest;
}

/** Called after each day's file is complete with that day's index and the records written so far. */
export type ProgressListener = (day: number, recordsWritten: number) => void;

/**
 * Generates a labelled dataset into `input.outDir`: one NDJSON file of Event Hubs envelopes per
 * UTC day, `labels.ndjson` and `manifest.json`. The same configuration always writes the same
 * bytes. Memory holds about one hour of records at a time, plus the sessions running past it.
 */
export function generateDataset(
  input: Partial<GeneratorConfig> & Pick<GeneratorConfig, "outDir">,
  onProgress: ProgressListener = () => {},
): GeneratedDataset {
  const config = createGeneratorConfig(input);
  const { context, windows, scenarios } = prepare(config);

  const buckets = new HourBuckets(context.timeline.endTick);
  scenarios.inject(context, buckets);
  const attackLabels = injectAttacks(
    config.attacks,
    config.attacksPerKind,
    context,
    windows,
    buckets,
  );
  const labels = [...attackLabels, ...scenarios.labels].sort(
    (left, right) => left.startMs - right.startMs || left.id.localeCompare(right.id),
  );
  const gateway: GatewayIdentity = {
    startMs: context.timeline.startMs,
    host: GATEWAY_HOST,
    resourceId: RESOURCE_ID,
    location: "West Europe",
  };
  const tally = new ManifestTally(context.timeline);
  const writer = new DatasetWriter(config.outDir, config.seed, gateway);
  writeTraffic(context, buckets, tally, writer, onProgress);

  const manifest = toDatasetManifest({
    config,
    timeline: context.timeline,
    gateway,
    population: context.population,
    tally,
    labels,
    files: writer.files,
    droppedAfterEnd: buckets.droppedAfterEnd,
  });
  writeFileSync(
    join(config.outDir, LABELS_FILE),
    labels.map((label) => `${JSON.stringify(label)}\n`).join(""),
  );
  writeFileSync(join(config.outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return { outDir: config.outDir, labels, manifest };
}

/** Builds the fixed parts of a run: reference data, vocabulary, clients, the scenario plan. */
function prepare(config: Readonly<GeneratorConfig>) {
  const startMs = Date.parse(`${config.startDate}T00:00:00Z`);
  const timeline = new DatasetTimeline(startMs, config.days, config.warmupDays);
  const reference = loadReferenceData(config.dataDir);
  const vocabulary = buildDomainVocabulary(config.seed);
  const size = populationSizeFor(config.requestsPerDay, config.days);
  const population = buildClientPopulation(config.seed, size, reference, vocabulary);
  const windows = new WindowChoice(timeline);
  const scenarios = planScenarios(config.scenarios, config.seed, timeline, windows, population);
  const composer: Composer = {
    seed: config.seed,
    startMs,
    vocabulary,
    conditions: new TrafficConditions(scenarios.changes),
  };
  const context: AttackContext = {
    composer,
    population,
    reference,
    timeline,
    requestsPerDay: config.requestsPerDay,
    scale: config.attackScale,
  };
  return { context, windows, scenarios };
}

// Hour by hour: every source emits what starts in the hour, then the hour is final and written.
function writeTraffic(
  context: AttackContext,
  buckets: HourBuckets,
  tally: ManifestTally,
  writer: DatasetWriter,
  onProgress: ProgressListener,
): void {
  const sources = [
    new PartnerTraffic(context),
    new BatchTraffic(context),
    new SessionTraffic(context),
  ];
  let written = 0;
  for (let hour = 0; hour < context.timeline.hours; hour += 1) {
    for (const source of sources) source.emitHour(hour, buckets);
    const requests = buckets.take(hour);
    tally.count(requests);
    writer.write(requests);
    written += requests.length;
    if (hour % 24 === 23) onProgress(Math.floor(hour / 24), written);
  }
  writer.close(context.timeline.days - 1);
}
