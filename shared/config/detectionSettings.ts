import { z } from "zod";
import {
  MAX_CLIENTS_PER_PARAMETER,
  MAX_CLIENTS_PER_TYPE,
} from "../aggregation/parameterAggregate.js";

/** Settings of `API_PopulationSpikeInAPITraffic`; see the README for what each one trades. */
export const populationSpikeSettingsSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Robust deviations above the baseline centre needed to alert. */
    sensitivity: z.number().positive().max(1000).default(6),
    /** Fewer requests than this in the window never alert, however quiet the baseline. */
    minRequests: z.number().int().min(1).default(30),
    /** The window must also be at least this many times the baseline centre… */
    minRatio: z.number().min(1).default(3),
    /** …and this many requests above it: tripling 10 requests is not a flood. */
    minExcess: z.number().min(0).default(50),
    /** Evaluated windows of history a key needs before it may alert: 72 is one day. */
    minHistoryWindows: z.number().int().min(1).default(72),
    /** Windows either side of the same time of day that form the seasonal baseline (3 = ±1 hour). */
    seasonalRadiusSlots: z.number().int().min(0).max(36).default(3),
    /** Earlier days on which the client that sent at least half of the burst had a burst at
     * this time of day (±20 min), alerted or not: a nightly job, not an attack. 0: rule off. */
    scheduleDays: z.number().int().min(0).max(30).default(1),
    /** At most this many alerts per window, highest score first. */
    maxAlertsPerWindow: z.number().int().min(1).default(20),
  })
  .strict();

/** Settings of `API_SpikeInAPITraffic`: one client's requests to an endpoint. */
export const clientTrafficSettingsSchema = z
  .object({
    enabled: z.boolean().default(true),
    sensitivity: z.number().positive().max(1000).default(6),
    minRequests: z.number().int().min(1).default(50),
    minRatio: z.number().min(1).default(4),
    /** Evaluated windows since the client first called the endpoint: 72 is one day. */
    minHistoryWindows: z.number().int().min(1).default(72),
    seasonalRadiusSlots: z.number().int().min(0).max(36).default(3),
    /** As for the population spike: the client's own burst at this time on earlier days. */
    scheduleDays: z.number().int().min(0).max(30).default(1),
    maxAlertsPerWindow: z.number().int().min(1).default(20),
  })
  .strict();

/**
 * Settings shared by the payload and latency spikes: the window's largest request or response
 * size, or its mean latency, for one client and endpoint, against that pair's history in log space.
 */
function valueSpikeSettingsSchema(minExcess: number, minRequests: number) {
  return z
    .object({
      enabled: z.boolean().default(true),
      /** Requests the pair needs in the window: a mean of one call is that call's tail. */
      minRequests: z.number().int().min(1).default(minRequests),
      /** Robust log-space spreads above the pair's usual value needed to alert. */
      sensitivity: z.number().positive().max(1000).default(6),
      /** The value must also be this many times the pair's usual value. */
      minRatio: z.number().min(1).default(4),
      /** …and exceed it by at least this much (bytes or milliseconds). */
      minExcess: z.number().min(0).default(minExcess),
      /** …and be this many times the other clients' mean on the endpoint in the same window, so
       * a change that hits every client (a deploy, a bigger response format) does not alert. */
      minRatioToOthers: z.number().min(1).default(3),
      /** Windows with traffic the pair needs in its history before it may alert. */
      minHistoryWindows: z.number().int().min(1).default(8),
      maxAlertsPerWindow: z.number().int().min(1).default(20),
    })
    .strict();
}

export const responsePayloadSettingsSchema = valueSpikeSettingsSchema(256 * 1024, 1);
// Request bodies are small (JSON of a few hundred bytes): 16 KB more than usual is already an
// upload no API call of that pair made before. Latency is a window's mean, so 1 s is sustained.
export const requestPayloadSettingsSchema = valueSpikeSettingsSchema(16 * 1024, 1);
export const latencySettingsSchema = valueSpikeSettingsSchema(1_000, 3);

/**
 * Settings of `API_UnseenParam`: a parameter name that a learned endpoint has not received in the
 * last 30 days. Names are query, form and JSON body fields; path segments are left to the type test.
 */
export const unseenParamSettingsSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Windows with traffic the endpoint needs in its 30-day history before it may alert. */
    minHistoryWindows: z.number().int().min(1).default(36),
    /** …and requests in that history. */
    minHistoryRequests: z.number().int().min(1).default(200),
    /** …and windows since it was first seen: its first day is learning, whatever its volume. */
    minAgeWindows: z.number().int().min(0).default(72),
    /** Names never alerted on (compared lower-cased): cache busters and ad-click ids. */
    ignoredNames: z
      .array(z.string().min(1))
      .default([
        "_",
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "yclid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
      ]),
    /** Name prefixes never alerted on: campaign tracking. */
    ignoredNamePrefixes: z.array(z.string().min(1)).default(["utm_"]),
    /** A new parameter whose values are all epoch times near the request time is a cache buster. */
    ignoreTimestampValues: z.boolean().default(true),
    /** Names churn by nature (ids or search terms as names) when at least this share of the
     * endpoint's windows with traffic brought a new name, its first window aside… */
    churnShare: z.number().gt(0).max(1).default(0.2),
    /** …and at least this many did. A churning endpoint does not alert. */
    churnMinWindows: z.number().int().min(1).default(3),
    /** An alerted name is learned when this many distinct clients sent it in the window (a
     * rollout); from fewer it stays unknown, so a probe never teaches the endpoint its name. */
    learnFromClients: z.number().int().min(1).max(MAX_CLIENTS_PER_PARAMETER).default(5),
    maxAlertsPerWindow: z.number().int().min(1).default(20),
  })
  .strict();

/**
 * Settings of `API_UnseenParamType`: a value whose type is improbable for that parameter of that
 * endpoint under its 30-day type distribution (additively smoothed).
 */
export const unseenParamTypeSettingsSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** A type whose smoothed probability is below this alerts. */
    maxProbability: z.number().gt(0).max(0.5).default(0.01),
    /** Pseudo-count added to every one of the 15 types before the shares are taken. */
    smoothing: z.number().gt(0).max(100).default(0.5),
    /** Values the parameter needs in its 30-day history before it may alert. */
    minHistoryValues: z.number().int().min(1).default(200),
    /** …and windows with values. */
    minHistoryWindows: z.number().int().min(1).default(12),
    /** An alerted type still teaches the baseline when this many distinct clients sent it in the
     * window (a rollout); from fewer, its values stay out so an attack never becomes normal. */
    learnFromClients: z.number().int().min(1).max(MAX_CLIENTS_PER_TYPE).default(5),
    maxAlertsPerWindow: z.number().int().min(1).default(20),
  })
  .strict();

export const suspiciousUserAgentSettingsSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Also alert on scanner and attack-tool user agents (sqlmap, nikto, …), as their own category. */
    reportAttackTools: z.boolean().default(true),
    /** Only this many leading characters of a User-Agent are examined. */
    maxExaminedChars: z.number().int().min(64).max(65_536).default(8192),
  })
  .strict();

/** `API_AccessFromTorExitNode` and `API_AccessFromSuspiciousIP` need only a switch each. */
export const listMatchSettingsSchema = z.object({ enabled: z.boolean().default(true) }).strict();

/**
 * Settings of `API_SprayInRequests`: distinct endpoints one client calls in a window, against the
 * busiest ordinary client's and, when it has one, the client's own 30-day history.
 */
export const sprayInRequestsSettingsSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Robust deviations above the baseline centre needed to alert. */
    sensitivity: z.number().positive().max(1000).default(6),
    /** Fewer distinct endpoints than this never alert: an app that loads 25 at start-up is normal. */
    minEndpoints: z.number().int().min(10).default(40),
    /** The count must also be this many times the baseline centre. */
    minRatio: z.number().min(1).default(3),
    /** Windows of population history (two clients or more) needed before anything alerts. */
    minHistoryWindows: z.number().int().min(1).default(72),
    /** Windows with 10+ endpoints a client needs before its own history is also required. */
    minOwnHistoryWindows: z.number().int().min(1).default(6),
    /** Earlier days with a comparable count at this time of day (±20 min) that make a client's
     * burst a schedule, such as a nightly job, rather than an alert; 0 turns the rule off. */
    scheduleDays: z.number().int().min(0).max(30).default(1),
    maxAlertsPerWindow: z.number().int().min(1).default(20),
  })
  .strict();

/**
 * Settings of `API_ParameterEnumeration`: distinct values one client sends in one parameter of one
 * endpoint, against the endpoint's busiest ordinary client and the client's own history.
 */
export const parameterEnumerationSettingsSchema = z
  .object({
    enabled: z.boolean().default(true),
    sensitivity: z.number().positive().max(1000).default(6),
    /** Fewer distinct values than this never alert: paging through 30 pages is normal. */
    minDistinctValues: z.number().int().min(10).default(50),
    minRatio: z.number().min(1).default(3),
    /** Evaluated windows since the endpoint's parameter was first seen: 72 is one day. */
    minHistoryWindows: z.number().int().min(1).default(72),
    /** Windows with 10+ values the client needs before its own history is also required. */
    minOwnHistoryWindows: z.number().int().min(1).default(6),
    /** As for spray: earlier days with a comparable count at this time of day make a schedule. */
    scheduleDays: z.number().int().min(0).max(30).default(1),
    maxAlertsPerWindow: z.number().int().min(1).default(20),
  })
  .strict();

/**
 * Settings of `API_DistributedParameterEnumeration`: distinct values all clients send in one
 * parameter of one endpoint, against that key's 30-day history at the same time of day.
 */
export const distributedParameterEnumerationSettingsSchema = z
  .object({
    enabled: z.boolean().default(true),
    sensitivity: z.number().positive().max(1000).default(6),
    minDistinctValues: z.number().int().min(10).default(100),
    minRatio: z.number().min(1).default(3),
    /** Fewer distinct clients than this is one client's enumeration, not a distributed one. */
    minClients: z.number().int().min(2).default(3),
    /** Values per client must be this many times the usual: a crowd where each sends its own
     * one or two values (a search box after a TV mention) is a crowd, not an enumeration. */
    minValuesPerClientRatio: z.number().min(1).default(3),
    /** No single client may send more than this share of the values; more is one enumerator. */
    maxTopClientShare: z.number().gt(0).max(1).default(0.5),
    minHistoryWindows: z.number().int().min(1).default(72),
    seasonalRadiusSlots: z.number().int().min(0).max(36).default(3),
    maxAlertsPerWindow: z.number().int().min(1).default(20),
  })
  .strict();

/** Detectors whose sensitivity an API may override. */
export const TUNABLE_DETECTORS = [
  "populationSpike",
  "clientTraffic",
  "responsePayload",
  "requestPayload",
  "latency",
  "parameterEnumeration",
  "distributedParameterEnumeration",
] as const;
export type TunableDetector = (typeof TUNABLE_DETECTORS)[number];

const sensitivityOverride = z
  .object({ sensitivity: z.number().positive().max(1000) })
  .strict()
  .optional();

/** Per API id, a different sensitivity for some detectors: a noisy search API, a quiet admin API. */
const apiOverridesSchema = z.record(
  z.string().min(1),
  z
    .object(Object.fromEntries(TUNABLE_DETECTORS.map((name) => [name, sensitivityOverride])))
    .strict(),
);

export const detectionSettingsSchema = z
  .object({
    populationSpike: populationSpikeSettingsSchema.default(() =>
      populationSpikeSettingsSchema.parse({}),
    ),
    suspiciousUserAgent: suspiciousUserAgentSettingsSchema.default(() =>
      suspiciousUserAgentSettingsSchema.parse({}),
    ),
    clientTraffic: clientTrafficSettingsSchema.default(() => clientTrafficSettingsSchema.parse({})),
    responsePayload: responsePayloadSettingsSchema.default(() =>
      responsePayloadSettingsSchema.parse({}),
    ),
    requestPayload: requestPayloadSettingsSchema.default(() =>
      requestPayloadSettingsSchema.parse({}),
    ),
    latency: latencySettingsSchema.default(() => latencySettingsSchema.parse({})),
    unseenParam: unseenParamSettingsSchema.default(() => unseenParamSettingsSchema.parse({})),
    unseenParamType: unseenParamTypeSettingsSchema.default(() =>
      unseenParamTypeSettingsSchema.parse({}),
    ),
    torExitNode: listMatchSettingsSchema.default(() => listMatchSettingsSchema.parse({})),
    apiOverrides: apiOverridesSchema.default({}),
    suspiciousIp: listMatchSettingsSchema.default(() => listMatchSettingsSchema.parse({})),
    sprayInRequests: sprayInRequestsSettingsSchema.default(() =>
      sprayInRequestsSettingsSchema.parse({}),
    ),
    parameterEnumeration: parameterEnumerationSettingsSchema.default(() =>
      parameterEnumerationSettingsSchema.parse({}),
    ),
    distributedParameterEnumeration: distributedParameterEnumerationSettingsSchema.default(() =>
      distributedParameterEnumerationSettingsSchema.parse({}),
    ),
  })
  .strict();

export type PopulationSpikeSettings = z.infer<typeof populationSpikeSettingsSchema>;
export type ClientTrafficSettings = z.infer<typeof clientTrafficSettingsSchema>;
export type ValueSpikeSettings = z.infer<typeof latencySettingsSchema>;
export type SuspiciousUserAgentSettings = z.infer<typeof suspiciousUserAgentSettingsSchema>;
export type SprayInRequestsSettings = z.infer<typeof sprayInRequestsSettingsSchema>;
export type ParameterEnumerationSettings = z.infer<typeof parameterEnumerationSettingsSchema>;
export type DistributedParameterEnumerationSettings = z.infer<
  typeof distributedParameterEnumerationSettingsSchema
>;
export type UnseenParamSettings = z.infer<typeof unseenParamSettingsSchema>;
export type UnseenParamTypeSettings = z.infer<typeof unseenParamTypeSettingsSchema>;
export type DetectionSettings = z.infer<typeof detectionSettingsSchema>;

export function defaultDetectionSettings(): DetectionSettings {
  return detectionSettingsSchema.parse({});
}

/** The sensitivity a detector uses for an API: the API's override, else the detector's own. */
export function sensitivityFor(
  settings: DetectionSettings,
  detector: TunableDetector,
  apiId: string,
): number {
  const override = settings.apiOverrides[apiId]?.[detector] as { sensitivity: number } | undefined;
  return override?.sensitivity ?? settings[detector].sensitivity;
}
