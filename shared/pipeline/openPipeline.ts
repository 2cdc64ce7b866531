import type { TableServiceClientOptions } from "@azure/data-tables";
import { populationFamily, type BaselineFamily } from "../baselines/baselineFamily.js";
import { clientFamily } from "../baselines/clientBaseline.js";
import { sprayClientFamily, sprayPopulationFamily } from "../baselines/sprayBaseline.js";
import {
  parameterClientFamily,
  parameterEndpointFamily,
} from "../baselines/parameterValuesBaseline.js";
import type { Settings } from "../config/settings.js";
import type { Detector } from "../detectors/detector.js";
import { populationSpikeDetector } from "../detectors/populationSpike.js";
import { clientSpikesDetector } from "../detectors/clientSpikes.js";
import { sprayInRequestsDetector } from "../detectors/sprayInRequests.js";
import { parameterEnumerationDetector } from "../detectors/parameterEnumeration.js";
import { distributedParameterEnumerationDetector } from "../detectors/distributedParameterEnumeration.js";
import {
  createRecordInspector,
  type RecordInspector,
  type ThreatIntelSource,
} from "../detectors/recordInspector.js";
import { suspiciousUserAgentDetector } from "../detectors/suspiciousUserAgent.js";
import { unseenParamDetector } from "../detectors/unseenParam.js";
import { unseenParamTypeDetector } from "../detectors/unseenParamType.js";
import { parameterNamesFamily } from "../baselines/parameterNamesBaseline.js";
import { parameterTypesFamily } from "../baselines/parameterTypesBaseline.js";
import { suspiciousIpDetector, torExitNodeDetector } from "../detectors/listedAddress.js";
import { createParseOptions, type ParseOptions } from "../parsing/parseOptions.js";
import { createParameterExtractor } from "../parameters/extractParameters.js";
import type { AlertSink } from "../sinks/alertSink.js";
import { BaselineStore } from "../stores/baselineStore.js";
import { BatchLedger } from "../stores/batchLedger.js";
import { DeadLetterStore } from "../stores/deadLetterStore.js";
import { PartialStore } from "../stores/partialStore.js";
import { openTables, type GatewardenTables, type StorageTarget } from "../stores/tableClients.js";
import { WindowLedger } from "../stores/windowLedger.js";
import type { EvaluationDependencies } from "./evaluateWindows.js";
import type { IngestStores } from "./ingestRecords.js";

/** Every detector, in the order their alerts are listed. */
export const DETECTORS: readonly Detector[] = [
  populationSpikeDetector,
  clientSpikesDetector,
  suspiciousUserAgentDetector,
  torExitNodeDetector,
  suspiciousIpDetector,
  unseenParamDetector,
  unseenParamTypeDetector,
  sprayInRequestsDetector,
  parameterEnumerationDetector,
  distributedParameterEnumerationDetector,
];

/** Every baseline family the evaluator keeps. */
export const BASELINE_FAMILIES: readonly BaselineFamily<unknown, unknown>[] = [
  populationFamily as BaselineFamily<unknown, unknown>,
  clientFamily as BaselineFamily<unknown, unknown>,
  parameterNamesFamily as BaselineFamily<unknown, unknown>,
  parameterTypesFamily as BaselineFamily<unknown, unknown>,
  sprayClientFamily as BaselineFamily<unknown, unknown>,
  sprayPopulationFamily as BaselineFamily<unknown, unknown>,
  parameterClientFamily as BaselineFamily<unknown, unknown>,
  parameterEndpointFamily as BaselineFamily<unknown, unknown>,
];

export interface Pipeline {
  tables: GatewardenTables;
  ingest: IngestStores;
  evaluation: EvaluationDependencies;
  inspect: RecordInspector;
  parseOptions(nowMs: number): ParseOptions;
}

/**
 * Wires settings, tables and a sink into the ingest and evaluation dependencies. Takes a storage
 * target (tables are opened here) or tables already opened.
 */
export async function openPipeline(
  settings: Readonly<Settings>,
  storage: StorageTarget | GatewardenTables,
  sink: AlertSink,
  owner: string,
  tableOptions: TableServiceClientOptions = {},
  threatIntel?: ThreatIntelSource,
): Promise<Pipeline> {
  const tables = "counter" in storage ? storage : await openTables(storage, tableOptions);
  const batches = new BatchLedger(tables.ledger);
  const windows = new WindowLedger(tables.ledger);
  const partials = new PartialStore(tables.partials, batches);
  const ingest: IngestStores = {
    partials,
    batches,
    windows,
    deadLetters: new DeadLetterStore(tables.deadLetters),
    extractParameters: createParameterExtractor(settings.parameters),
  };
  const evaluation: EvaluationDependencies = {
    partials,
    windows,
    baselines: new BaselineStore(tables.baselines, settings.baselineShards),
    families: BASELINE_FAMILIES,
    detectors: DETECTORS,
    sink,
    detection: settings.detection,
    allowedLatenessMs: settings.allowedLatenessMinutes * 60_000,
    leaseMs: settings.evaluationLeaseMinutes * 60_000,
    owner,
  };
  return {
    tables,
    ingest,
    evaluation,
    inspect: createRecordInspector(settings.detection, threatIntel),
    parseOptions: (nowMs) =>
      createParseOptions(nowMs, {
        trustForwardedFor: settings.trustForwardedFor,
        trustedProxies: [...settings.trustedProxies],
      }),
  };
}
