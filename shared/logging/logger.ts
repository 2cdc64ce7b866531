/**
 * Log levels have fixed meanings: warn, a task failed or data was set aside; info, a milestone
 * (one line per batch or window, never per record); debug, detail for a developer. Fields carry
 * identifiers only (partition, window, counts), never headers, bodies or parameter values.
 */
export type LogFields = Record<string, string | number | boolean | null>;

export interface Logger {
  warn(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
}

export type LogLevel = "warn" | "info" | "debug" | "silent";

const RANK: Record<LogLevel, number> = { silent: 0, warn: 1, info: 2, debug: 3 };

/** A logger that writes `component level message key=value…` lines to a writer (stderr by default). */
export function createLineLogger(
  component: string,
  level: LogLevel,
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Logger {
  const emit = (lineLevel: Exclude<LogLevel, "silent">, message: string, fields?: LogFields) => {
    if (RANK[lineLevel] > RANK[level]) return;
    write(`${component} ${lineLevel} ${message}${formatFields(fields)}`);
  };
  return {
    warn: (message, fields) => emit("warn", message, fields),
    info: (message, fields) => emit("info", message, fields),
    debug: (message, fields) => emit("debug", message, fields),
  };
}

export function formatFields(fields?: LogFields): string {
  if (!fields) return "";
  return Object.entries(fields)
    .map(
      ([key, value]) =>
        ` ${key}=${typeof value === "string" && /\s/.test(value) ? JSON.stringify(value) : String(value)}`,
    )
    .join("");
}
