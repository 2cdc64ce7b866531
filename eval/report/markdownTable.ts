/** A Markdown table; cells are escaped so a `|` or a line break cannot break the row. */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeCell).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

function escapeCell(text: string): string {
  return text
    .replaceAll("\\", "\\\\")
    .replaceAll("|", "\\|")
    .replace(/\s*\n\s*/g, " ");
}

/** `3/4 (75%)`, or `–` when there is nothing to divide by. */
export function ratioText(part: number, whole: number): string {
  if (whole === 0) return "–";
  return `${part}/${whole} (${Math.round((100 * part) / whole)}%)`;
}

/** `2024-03-12 16:40` (UTC, minutes). */
export function utcMinute(timeMs: number): string {
  return new Date(timeMs).toISOString().slice(0, 16).replace("T", " ");
}

/** Inline code that survives any backticks in `text`. */
export function code(text: string): string {
  if (text === "") return "";
  const fence = text.includes("`") ? "``" : "`";
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A duration in s or min, for run times. */
export function durationText(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 120) return `${Math.round(seconds)} s`;
  return `${(seconds / 60).toFixed(1)} min`;
}
