import { loadSettings, SettingsError, type Settings } from "../config/settings.js";
import type { Logger } from "../logging/logger.js";
import { isProxyRange } from "../parsing/parseOptions.js";
import { familiesCoveredWhole } from "./proxyRangeCoverage.js";
import { UsageError } from "./usageError.js";

/** The replay options that override settings from the environment. */
export interface SettingsFlags {
  storage?: string;
  trustForwardedFor?: boolean;
  trustedProxy: string[];
  detection?: string;
}

const CONNECTION_STRING_FORMS =
  'key=value parts separated by ";": DefaultEndpointsProtocol, AccountName and AccountKey (TableEndpoint optional), or TableEndpoint and SharedAccessSignature, or UseDevelopmentStorage=true';

/**
 * The settings of a replay: the environment's, with the flags laid over them. Throws a UsageError
 * naming the flag (or the setting, when the flag was not given) and what is wrong with its value,
 * and warns once when X-Forwarded-For is believed from every caller.
 */
export function loadReplaySettings(flags: SettingsFlags, logger: Logger): Readonly<Settings> {
  requireValue("--storage", flags.storage, "a Table Storage connection string");
  requireValue(
    "--detection",
    flags.detection,
    `JSON such as '{"populationSpike":{"sensitivity":8}}'`,
  );
  flags.trustedProxy.forEach(requireProxyRange);

  const settings = loadOrExplain(environmentOf(flags), flags);
  requireConnectionString(settings, flags);
  if (flags.trustedProxy.length > 0 && !settings.trustForwardedFor) {
    throw new UsageError(
      "--trusted-proxy: has no effect while X-Forwarded-For is not trusted; add --trust-forwarded-for",
    );
  }
  warnWhenAnyCallerCanChooseItsAddress(settings, flags, logger);
  return settings;
}

function environmentOf(flags: SettingsFlags): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  if (flags.storage !== undefined) {
    env.GATEWARDEN_STORAGE_CONNECTION_STRING = flags.storage;
    env.GATEWARDEN_TABLES_ACCOUNT_URL = undefined;
  }
  if (flags.trustForwardedFor) env.GATEWARDEN_TRUST_FORWARDED_FOR = "true";
  if (flags.trustedProxy.length > 0) env.GATEWARDEN_TRUSTED_PROXIES = flags.trustedProxy.join(",");
  if (flags.detection !== undefined) env.GATEWARDEN_DETECTION = flags.detection;
  // A replay writes alerts locally; Log Analytics settings from the environment do not apply.
  env.GATEWARDEN_LOGS_INGESTION_ENDPOINT = undefined;
  env.GATEWARDEN_LOGS_INGESTION_RULE_ID = undefined;
  return env;
}

function loadOrExplain(
  env: Record<string, string | undefined>,
  flags: SettingsFlags,
): Readonly<Settings> {
  try {
    return loadSettings(env);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    const flag = flagOf(error.setting, flags);
    const message =
      flag !== null && error.message.startsWith(`${error.setting}:`)
        ? `${flag}${error.message.slice(error.setting.length)}`
        : error.message;
    throw new UsageError(message, { cause: error });
  }
}

/** The flag that set `setting` in this run, or null when the value came from the environment. */
function flagOf(setting: string, flags: SettingsFlags): string | null {
  switch (setting) {
    case "GATEWARDEN_STORAGE_CONNECTION_STRING":
      return flags.storage !== undefined ? "--storage" : null;
    case "GATEWARDEN_TRUSTED_PROXIES":
      return flags.trustedProxy.length > 0 ? "--trusted-proxy" : null;
    case "GATEWARDEN_DETECTION":
      return flags.detection !== undefined ? "--detection" : null;
    default:
      return null;
  }
}

function requireValue(flag: string, value: string | undefined, expected: string): void {
  if (value === undefined || value.trim() !== "") return;
  throw new UsageError(`${flag}: expected ${expected}, got ${JSON.stringify(value)}`);
}

function requireProxyRange(entry: string): void {
  if (isProxyRange(entry)) return;
  throw new UsageError(
    `--trusted-proxy: expected an IP address or CIDR range such as 10.0.0.0/8 (repeat the flag for several), got ${JSON.stringify(entry)}`,
  );
}

/**
 * Checks the connection string's shape before the Azure SDK reads it: the SDK fails on a part
 * without "=" with a bare TypeError. The value is never shown, as it may hold an account key.
 */
function requireConnectionString(settings: Readonly<Settings>, flags: SettingsFlags): void {
  if (settings.storage?.kind !== "connectionString") return;
  const problem = connectionStringProblem(settings.storage.connectionString);
  if (problem === null) return;
  const where = flags.storage !== undefined ? "--storage" : "GATEWARDEN_STORAGE_CONNECTION_STRING";
  throw new UsageError(
    `${where}: not a Table Storage connection string, ${problem}; expected ${CONNECTION_STRING_FORMS}`,
  );
}

function connectionStringProblem(text: string): string | null {
  const parts = text.split(";").filter((part) => part.trim() !== "");
  const keys = new Set<string>();
  for (const [index, part] of parts.entries()) {
    const cut = part.indexOf("=");
    if (cut <= 0) return `part ${index + 1} of ${parts.length} is not key=value`;
    keys.add(part.slice(0, cut).trim().toLowerCase());
  }
  if (/usedevelopmentstorage=true/i.test(text)) return null;
  const missing = keys.has("accountkey")
    ? ["DefaultEndpointsProtocol", "AccountName"]
    : ["TableEndpoint", "SharedAccessSignature"];
  const absent = missing.filter((key) => !keys.has(key.toLowerCase()));
  return absent.length === 0 ? null : `it has no ${absent.join(" and no ")}`;
}

/**
 * Warns when X-Forwarded-For is believed from every caller: no proxy is trusted, or the trusted
 * proxies cover every address of a family, so every hop is a proxy and the client's own left-most
 * entry is taken.
 */
function warnWhenAnyCallerCanChooseItsAddress(
  settings: Readonly<Settings>,
  flags: SettingsFlags,
  logger: Logger,
): void {
  if (!settings.trustForwardedFor) return;
  const trusting = flags.trustForwardedFor
    ? "--trust-forwarded-for"
    : "GATEWARDEN_TRUST_FORWARDED_FOR=true";
  const problem =
    settings.trustedProxies.length === 0
      ? `${trusting} without trusted proxies: X-Forwarded-For is believed from every caller`
      : proxiesCoveringEveryAddress(settings.trustedProxies, flags);
  if (problem === null) return;
  logger.warn(
    `${problem}, so a client that reaches APIM directly can name any address as its own and escape the Tor and threat-feed detections; name the proxies in front of APIM with --trusted-proxy <address or CIDR> or GATEWARDEN_TRUSTED_PROXIES`,
  );
}

/** Says which trusted proxy entries cover every address of a family, or null when none do. */
function proxiesCoveringEveryAddress(
  proxies: readonly string[],
  flags: SettingsFlags,
): string | null {
  const covered = familiesCoveredWhole(proxies);
  if (covered.length === 0) return null;
  const entries = covered.flatMap((family) => family.entries);
  const given =
    flags.trustedProxy.length > 0
      ? entries.map((entry) => `--trusted-proxy ${entry}`).join(" ")
      : `GATEWARDEN_TRUSTED_PROXIES=${proxies.join(",")}`;
  const families = covered.map(({ family }) => family).join(" and ");
  const callers = covered.length === 2 ? "every caller" : `every ${families} caller`;
  return `${given} trusts every ${families} address as a proxy: X-Forwarded-For is believed from ${callers}`;
}
