import { z } from "zod";
import { isProxyRange } from "../parsing/parseOptions.js";
import type { StorageTarget } from "../stores/tableClients.js";
import type { ThreatFeedFormat } from "../threatIntel/detectFeedFormat.js";
import type { ParameterExtractionOptions } from "../parameters/extractParameters.js";
import { detectionSettingsSchema, type DetectionSettings } from "./detectionSettings.js";

/** Everything gatewarden reads from its environment, validated once and frozen. */
export interface Settings {
  storage: StorageTarget | null;
  trustForwardedFor: boolean;
  trustedProxies: string[];
  allowedLatenessMinutes: number;
  evaluationLeaseMinutes: number;
  baselineShards: number;
  logsIngestion: { endpoint: string; ruleId: string; streamName: string } | null;
  detection: DetectionSettings;
  threatIntel: ThreatIntelSettings;
  /** Keyed hashing of parameter values, and the debugging switch that shows them in clear. */
  parameters: ParameterExtractionOptions;
}

/** Where Tor exit lists and threat-intelligence feeds come from: https URLs or local files. */
export interface ThreatIntelSettings {
  torExitListSources: string[];
  feeds: { name: string; source: string; format?: ThreatFeedFormat | "auto"; minScore?: number }[];
}

/** The Tor Project's bulk exit list, refreshed hourly by default. */
export const DEFAULT_TOR_EXIT_LIST_SOURCE = "https://check.torproject.org/torbulkexitlist";

/** Thrown when a setting has a value gatewarden cannot use; the message names it. */
export class SettingsError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(message);
    this.name = "SettingsError";
  }
}

const booleanText = z.enum(["true", "false", "1", "0"], { message: "expected true or false" });

function wholeNumber(min: number, max: number) {
  return z
    .string()
    .regex(/^\d+$/, { message: `expected a whole number from ${min} to ${max}` })
    .transform(Number)
    .refine((value) => value >= min && value <= max, {
      message: `expected a whole number from ${min} to ${max}`,
    });
}

const SETTINGS = {
  GATEWARDEN_STORAGE_CONNECTION_STRING: z.string().min(1).optional(),
  GATEWARDEN_TABLES_ACCOUNT_URL: z
    .url({ protocol: /^https?$/, message: "expected an https URL" })
    .optional(),
  GATEWARDEN_TABLE_PREFIX: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9]{0,40}$/, {
      message: "expected a letter then up to 40 letters or digits (Table names allow nothing else)",
    })
    .default("gatewarden"),
  GATEWARDEN_TRUST_FORWARDED_FOR: booleanText.default("false"),
  GATEWARDEN_TRUSTED_PROXIES: z.string().default(""),
  GATEWARDEN_ALLOWED_LATENESS_MINUTES: wholeNumber(0, 60).default(5),
  GATEWARDEN_EVALUATION_LEASE_MINUTES: wholeNumber(1, 60).default(10),
  GATEWARDEN_BASELINE_SHARDS: wholeNumber(1, 1024).default(16),
  GATEWARDEN_LOGS_INGESTION_ENDPOINT: z.string().optional(),
  GATEWARDEN_LOGS_INGESTION_RULE_ID: z.string().optional(),
  GATEWARDEN_LOGS_INGESTION_STREAM: z.string().default("Custom-GatewardenAlerts"),
  GATEWARDEN_DETECTION: z.string().optional(),
  GATEWARDEN_TOR_EXIT_LISTS: z.string().default(DEFAULT_TOR_EXIT_LIST_SOURCE),
  GATEWARDEN_THREAT_FEEDS: z.string().default("[]"),
  // Checked in parameterHashKeyOf, whose message must not echo the secret.
  GATEWARDEN_PARAMETER_HASH_KEY: z.string().optional(),
  GATEWARDEN_SHOW_PARAMETER_VALUES: booleanText.default("false"),
} as const;

export type SettingName = keyof typeof SETTINGS;
export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

/**
 * Reads and validates the settings from an environment map (process.env in the Function app,
 * CLI flags merged over it in replays). Throws a SettingsError naming the first bad setting.
 */
export function loadSettings(env: Record<string, string | undefined>): Readonly<Settings> {
  const raw = readAll(env);
  const settings: Settings = {
    storage: storageTargetOf(raw),
    trustForwardedFor:
      raw.GATEWARDEN_TRUST_FORWARDED_FOR === "true" || raw.GATEWARDEN_TRUST_FORWARDED_FOR === "1",
    trustedProxies: cidrListOf(raw.GATEWARDEN_TRUSTED_PROXIES),
    allowedLatenessMinutes: raw.GATEWARDEN_ALLOWED_LATENESS_MINUTES,
    evaluationLeaseMinutes: raw.GATEWARDEN_EVALUATION_LEASE_MINUTES,
    baselineShards: raw.GATEWARDEN_BASELINE_SHARDS,
    logsIngestion: logsIngestionOf(raw),
    detection: detectionOf(raw.GATEWARDEN_DETECTION),
    threatIntel: {
      torExitListSources: splitList(raw.GATEWARDEN_TOR_EXIT_LISTS),
      feeds: feedsOf(raw.GATEWARDEN_THREAT_FEEDS),
    },
    parameters: {
      hashKey: parameterHashKeyOf(raw.GATEWARDEN_PARAMETER_HASH_KEY),
      showValues:
        raw.GATEWARDEN_SHOW_PARAMETER_VALUES === "true" ||
        raw.GATEWARDEN_SHOW_PARAMETER_VALUES === "1",
    },
  };
  return deepFreeze(settings);
}

type RawSettings = { [K in SettingName]: z.output<(typeof SETTINGS)[K]> };

function readAll(env: Record<string, string | undefined>): RawSettings {
  const raw: Record<string, unknown> = {};
  for (const name of SETTING_NAMES) {
    const value = env[name] === "" ? undefined : env[name];
    const result = SETTINGS[name].safeParse(value);
    if (!result.success) {
      const reason = result.error.issues[0]?.message ?? "invalid value";
      throw new SettingsError(name, `${name}: ${reason}, got ${JSON.stringify(value)}`);
    }
    raw[name] = result.data;
  }
  return raw as RawSettings;
}

function storageTargetOf(raw: RawSettings): StorageTarget | null {
  const prefix = raw.GATEWARDEN_TABLE_PREFIX;
  if (raw.GATEWARDEN_STORAGE_CONNECTION_STRING && raw.GATEWARDEN_TABLES_ACCOUNT_URL) {
    throw new SettingsError(
      "GATEWARDEN_TABLES_ACCOUNT_URL",
      "GATEWARDEN_TABLES_ACCOUNT_URL and GATEWARDEN_STORAGE_CONNECTION_STRING are both set; set one",
    );
  }
  if (raw.GATEWARDEN_STORAGE_CONNECTION_STRING) {
    return {
      kind: "connectionString",
      connectionString: raw.GATEWARDEN_STORAGE_CONNECTION_STRING,
      tablePrefix: prefix,
    };
  }
  if (raw.GATEWARDEN_TABLES_ACCOUNT_URL) {
    return {
      kind: "accountUrl",
      accountUrl: raw.GATEWARDEN_TABLES_ACCOUNT_URL,
      tablePrefix: prefix,
    };
  }
  return null;
}

function cidrListOf(text: string): string[] {
  const entries = text
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  for (const entry of entries) {
    if (!isProxyRange(entry)) {
      throw new SettingsError(
        "GATEWARDEN_TRUSTED_PROXIES",
        `GATEWARDEN_TRUSTED_PROXIES: expected a comma-separated list of IP addresses or CIDR ranges, got ${JSON.stringify(entry)}`,
      );
    }
  }
  return entries;
}

function logsIngestionOf(raw: RawSettings): Settings["logsIngestion"] {
  const endpoint = raw.GATEWARDEN_LOGS_INGESTION_ENDPOINT;
  const ruleId = raw.GATEWARDEN_LOGS_INGESTION_RULE_ID;
  if (!endpoint && !ruleId) return null;
  if (!endpoint || !ruleId) {
    const missing = endpoint
      ? "GATEWARDEN_LOGS_INGESTION_RULE_ID"
      : "GATEWARDEN_LOGS_INGESTION_ENDPOINT";
    throw new SettingsError(
      missing,
      `${missing}: required when the other Logs Ingestion setting is set, got nothing`,
    );
  }
  return { endpoint, ruleId, streamName: raw.GATEWARDEN_LOGS_INGESTION_STREAM };
}

function detectionOf(json: string | undefined): DetectionSettings {
  let value: unknown = {};
  if (json !== undefined) {
    try {
      value = JSON.parse(json);
    } catch (cause) {
      const error = new SettingsError(
        "GATEWARDEN_DETECTION",
        `GATEWARDEN_DETECTION: expected JSON, got ${JSON.stringify(json.slice(0, 80))}`,
      );
      error.cause = cause;
      throw error;
    }
  }
  const result = detectionSettingsSchema.safeParse(value);
  if (!result.success) {
    throw new SettingsError(
      "GATEWARDEN_DETECTION",
      `GATEWARDEN_DETECTION: ${describeIssue(value, result.error.issues[0])}`,
    );
  }
  return result.data;
}

/** `path: rule, got value`: the setting's place, what was expected, and what it held (cut). */
function describeIssue(value: unknown, issue: z.core.$ZodIssue | undefined): string {
  const path = issue?.path ?? [];
  const place = path.join(".") || "(root)";
  const rule = issue?.message ?? "invalid value";
  const held = path.reduce<unknown>(
    (inside, key) =>
      inside !== null && typeof inside === "object" ? Reflect.get(inside, key) : undefined,
    value,
  );
  if (held === undefined || (held !== null && typeof held === "object")) return `${place}: ${rule}`;
  return `${place}: ${rule}, got ${JSON.stringify(held).slice(0, 80)}`;
}

function splitList(text: string): string[] {
  return text
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
}

const feedsSchema = z.array(
  z
    .object({
      name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, {
        message: "expected a name of letters, digits, '.', '_' or '-'",
      }),
      source: z.string().min(1),
      format: z
        .enum([
          "auto",
          "plain-ip-list",
          "cidr-list",
          "abusech-csv",
          "scored-ip-list",
          "stix-bundle",
          "tor-bulk-exit-list",
          "tor-exit-addresses",
        ])
        .optional(),
      minScore: z.number().optional(),
    })
    .strict(),
);

function feedsOf(json: string): ThreatIntelSettings["feeds"] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (cause) {
    const error = new SettingsError(
      "GATEWARDEN_THREAT_FEEDS",
      `GATEWARDEN_THREAT_FEEDS: expected a JSON array of {name, source}, got ${JSON.stringify(json.slice(0, 80))}`,
    );
    error.cause = cause;
    throw error;
  }
  const result = feedsSchema.safeParse(value);
  if (!result.success) {
    throw new SettingsError(
      "GATEWARDEN_THREAT_FEEDS",
      `GATEWARDEN_THREAT_FEEDS: ${describeIssue(value, result.error.issues[0])}`,
    );
  }
  const names = result.data.map((feed) => feed.name);
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated) {
    throw new SettingsError(
      "GATEWARDEN_THREAT_FEEDS",
      `GATEWARDEN_THREAT_FEEDS: feed name ${JSON.stringify(repeated)} is used twice; names must be unique`,
    );
  }
  return result.data;
}

/** A short key would make the HMAC guessable; 32 random characters hold 128 bits or more. */
const MIN_HASH_KEY_CHARS = 32;

function parameterHashKeyOf(key: string | undefined): string | null {
  if (key === undefined) return null;
  if (key.length < MIN_HASH_KEY_CHARS) {
    throw new SettingsError(
      "GATEWARDEN_PARAMETER_HASH_KEY",
      `GATEWARDEN_PARAMETER_HASH_KEY: expected a secret of at least ${MIN_HASH_KEY_CHARS} characters, got ${key.length} characters`,
    );
  }
  return key;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
