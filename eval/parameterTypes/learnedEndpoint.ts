import {
  addRecord,
  emptyAggregate,
  type WindowAggregate,
} from "../../shared/aggregation/windowAggregate.js";
import {
  PARAMETER_TYPES_FAMILY,
  parameterTypesFamily,
  parameterTypesKeyOf,
  typeTotalsOf,
  type ParameterTypesBaseline,
} from "../../shared/baselines/parameterTypesBaseline.js";
import type { DetectionSettings } from "../../shared/config/detectionSettings.js";
import type { Detection } from "../../shared/detectors/detector.js";
import { unseenParamTypeDetector } from "../../shared/detectors/unseenParamType.js";
import {
  createParameterExtractor,
  parameterKeyOf,
  type RequestParameter,
} from "../../shared/parameters/extractParameters.js";
import type { ValueType } from "../../shared/parameters/valueType.js";
import type { RequestRecord } from "../../shared/records/requestRecord.js";
import { windowIndexOf, windowRangeOf } from "../../shared/windows/window.js";

/** Enough windows and values to pass `minHistoryWindows` (12) and `minHistoryValues` (200). */
export const LEARNING_WINDOWS = 24;
/** Distinct benign clients per window: more than `learnFromClients`, as on a public endpoint. */
export const LEARNING_CLIENTS = 8;

const FIRST_WINDOW = windowIndexOf(Date.parse("2026-11-02T00:00:00Z"));
const ENDPOINT = { apiId: "directory", operationId: "find", path: "/directory/v1/people" };
const PROBE_CLIENT = "203.0.113.77";
const extract = createParameterExtractor({ hashKey: null, showValues: false });

/** A query parameter of the measured endpoint and the benign values it learns from. */
export interface ParameterLesson {
  name: string;
  values: readonly string[];
}

/** The parameter-types baselines after learning, as the next window's detectors read them. */
export interface LearnedEndpoint {
  baselines: ReadonlyMap<string, ParameterTypesBaseline>;
  evaluatedWindows: readonly number[];
  settings: DetectionSettings;
  presentationWindow: number;
}

/** What one value presented alone in the presentation window did. */
export interface ValueOutcome {
  value: string;
  /** The type the extraction gave the value. */
  valueType: ValueType;
  alerted: boolean;
}

/**
 * Teaches one endpoint its parameters over `LEARNING_WINDOWS` windows, the way the evaluator
 * does: each window is detected against the baselines aged to the window before, then folded in
 * with its alerted aspects held out. Value i goes to window i mod 24 and to one of 8 clients.
 */
export function learnEndpoint(
  lessons: readonly ParameterLesson[],
  settings: DetectionSettings,
): LearnedEndpoint {
  let baselines = new Map<string, ParameterTypesBaseline>();
  const evaluatedWindows: number[] = [];
  for (let offset = 0; offset < LEARNING_WINDOWS; offset += 1) {
    const windowIndex = FIRST_WINDOW + offset;
    const aggregate = aggregateOf(windowIndex, learningRecords(lessons, offset, windowIndex));
    const aged = agedTo(baselines, windowIndex - 1);
    const detections = detect(aggregate, aged, evaluatedWindows, settings);
    baselines = foldWindow(aged, aggregate, detections);
    evaluatedWindows.push(windowIndex);
  }
  const presentationWindow = FIRST_WINDOW + LEARNING_WINDOWS;
  return {
    baselines: agedTo(baselines, presentationWindow - 1),
    evaluatedWindows,
    settings,
    presentationWindow,
  };
}

/**
 * Sends `value` in parameter `name` from one client, alone in its own window, and runs the
 * detector: one alert covers every value of a type, so only a window of one value attributes it.
 */
export function presentValue(learned: LearnedEndpoint, name: string, value: string): ValueOutcome {
  const windowIndex = learned.presentationWindow;
  const record = requestOf(name, value, PROBE_CLIENT, windowRangeOf(windowIndex).startMs + 1_000);
  const parameters = extract(record).parameters;
  const aggregate = emptyAggregate(windowIndex);
  addRecord(aggregate, record, [], parameters);
  const detections = detect(
    aggregate,
    learned.baselines,
    learned.evaluatedWindows,
    learned.settings,
  );
  return {
    value,
    valueType: onlyParameter(parameters, name).valueType,
    alerted: detections.some((detection) => detection.alert.alertType === "API_UnseenParamType"),
  };
}

/** The learned type totals of one parameter, or null when it has no baseline. */
export function learnedTotalsOf(
  learned: LearnedEndpoint,
  name: string,
): ReturnType<typeof typeTotalsOf> | null {
  const entry = learned.baselines.get(baselineKeyOf(name));
  return entry ? typeTotalsOf(entry) : null;
}

function learningRecords(
  lessons: readonly ParameterLesson[],
  offset: number,
  windowIndex: number,
): RequestRecord[] {
  const startMs = windowRangeOf(windowIndex).startMs;
  const records: RequestRecord[] = [];
  for (const { name, values } of lessons) {
    for (let index = offset; index < values.length; index += LEARNING_WINDOWS) {
      const client = Math.floor(index / LEARNING_WINDOWS) % LEARNING_CLIENTS;
      const timeMs = startMs + 1_000 + records.length;
      records.push(requestOf(name, values[index]!, `198.51.100.${client + 1}`, timeMs));
    }
  }
  return records;
}

function aggregateOf(windowIndex: number, records: readonly RequestRecord[]): WindowAggregate {
  const aggregate = emptyAggregate(windowIndex);
  for (const record of records) addRecord(aggregate, record, [], extract(record).parameters);
  return aggregate;
}

function detect(
  aggregate: WindowAggregate,
  baselines: ReadonlyMap<string, ParameterTypesBaseline>,
  evaluatedWindows: readonly number[],
  settings: DetectionSettings,
): Detection[] {
  const window = windowRangeOf(aggregate.windowIndex);
  return unseenParamTypeDetector.detect({
    window: { ...window, index: aggregate.windowIndex },
    aggregate,
    evaluatedWindows,
    baselines: new Map([[PARAMETER_TYPES_FAMILY, baselines]]),
    settings,
    nowMs: window.endMs,
  });
}

/** The evaluator's fold for this one family: alerted aspects stay out, then age to the window. */
function foldWindow(
  aged: ReadonlyMap<string, ParameterTypesBaseline>,
  aggregate: WindowAggregate,
  detections: readonly Detection[],
): Map<string, ParameterTypesBaseline> {
  const folded = new Map(aged);
  for (const [key, observed] of parameterTypesFamily.observations(aggregate)) {
    const aspects = new Set(
      detections
        .filter(({ baselineKey }) => baselineKey?.key === key)
        .map(({ baselineKey }) => baselineKey!.aspect),
    );
    const entry = parameterTypesFamily.fold(
      aged.get(key),
      aggregate.windowIndex,
      observed,
      aspects,
    );
    const pruned = parameterTypesFamily.prune(entry, aggregate.windowIndex);
    if (pruned) folded.set(key, pruned);
  }
  return folded;
}

function agedTo(
  baselines: ReadonlyMap<string, ParameterTypesBaseline>,
  windowIndex: number,
): Map<string, ParameterTypesBaseline> {
  const aged = new Map<string, ParameterTypesBaseline>();
  for (const [key, entry] of baselines) {
    const pruned = parameterTypesFamily.prune(entry, windowIndex);
    if (pruned) aged.set(key, pruned);
  }
  return aged;
}

function requestOf(name: string, value: string, clientIp: string, timeMs: number): RequestRecord {
  return {
    timeMs,
    clientIp,
    callerIp: clientIp,
    method: "GET",
    path: ENDPOINT.path,
    query: `${name}=${encodeURIComponent(value)}`,
    apiId: ENDPOINT.apiId,
    operationId: ENDPOINT.operationId,
    endpoint: `${ENDPOINT.apiId};${ENDPOINT.operationId}`,
    statusCode: 200,
    requestBytes: 600,
    responseBytes: 1_800,
    latencyMs: 40,
    userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36",
    subscriptionId: "directory-web",
    productId: "",
    userId: "",
    requestBody: "",
    correlationId: "",
    resourceId: "",
  };
}

function baselineKeyOf(name: string): string {
  return parameterTypesKeyOf(
    `${ENDPOINT.apiId};${ENDPOINT.operationId}`,
    parameterKeyOf({ name, location: "query" }),
  );
}

/** The harness sends exactly one parameter; anything else means the extraction changed. */
function onlyParameter(parameters: readonly RequestParameter[], name: string): RequestParameter {
  const [parameter, ...others] = parameters;
  if (!parameter || others.length > 0 || parameter.name !== name) {
    throw new Error(
      `expected the one query parameter "${name}", extracted ${JSON.stringify(parameters.map(parameterKeyOf))}`,
    );
  }
  return parameter;
}
