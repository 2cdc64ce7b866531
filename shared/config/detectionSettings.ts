import { z } from "zod";

/** Settings of `API_PopulationSpikeInAPITraffic`; see the README for what each one trades. */
export const populationSpikeSettingsSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Robust deviations above the baseline centre needed to alert. */
    sensitivity: z.number().positive().max(1000).default(6),
    /** Fewer requests than this in the window never alert, however quiet the baseline. */
    minRequests: z.number().int().min(1).default(30),
    /** The window must also be at least this many times the baseline centre. */
    minRatio: z.number().min(1).default(3),
    /** Evaluated windows of history a key needs before it may alert: 72 is one day. */
    minHistoryWindows: z.number().int().min(1).default(72),
    /** Windows either side of the same time of day that form the seasonal baseline (3 = ±1 hour). */
    seasonalRadiusSlots: z.number().int().min(0).max(36).default(3),
    /** At most this many alerts per window, highest score first. */
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

export const detectionSettingsSchema = z
  .object({
    populationSpike: populationSpikeSettingsSchema.default(() =>
      populationSpikeSettingsSchema.parse({}),
    ),
    suspiciousUserAgent: suspiciousUserAgentSettingsSchema.default(() =>
      suspiciousUserAgentSettingsSchema.parse({}),
    ),
    torExitNode: listMatchSettingsSchema.default(() => listMatchSettingsSchema.parse({})),
    suspiciousIp: listMatchSettingsSchema.default(() => listMatchSettingsSchema.parse({})),
  })
  .strict();

export type PopulationSpikeSettings = z.infer<typeof populationSpikeSettingsSchema>;
export type SuspiciousUserAgentSettings = z.infer<typeof suspiciousUserAgentSettingsSchema>;
export type DetectionSettings = z.infer<typeof detectionSettingsSchema>;

export function defaultDetectionSettings(): DetectionSettings {
  return detectionSettingsSchema.parse({});
}
