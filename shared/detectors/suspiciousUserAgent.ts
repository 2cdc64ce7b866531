import type { IndicatorHit } from "../aggregation/windowAggregate.js";
import { createIndicatorDetector } from "./indicatorDetector.js";

const CATEGORY_WORDS: Record<string, string> = {
  log4shell: "a Log4Shell JNDI lookup",
  shellshock: "a Shellshock function definition",
  "command-injection": "a shell command",
  "template-injection": "a template or expression injection",
  "script-code": "script code",
  "attack-tool": "the signature of an attack tool",
};

/**
 * API_AccessFromSuspiciousUserAgent: User-Agent headers that carry code meant to execute on the
 * server. The classification happens at ingest; this turns the findings into alerts.
 */
export const suspiciousUserAgentDetector = createIndicatorDetector(
  "API_AccessFromSuspiciousUserAgent",
  describeUserAgentHits,
  (context) => context.settings.suspiciousUserAgent.enabled,
);

function describeUserAgentHits(hits: readonly IndicatorHit[]): string {
  const kinds = [...new Set(hits.map((hit) => CATEGORY_WORDS[hit.category] ?? hit.category))];
  const example = hits[0]?.indicator ?? "";
  const executes = hits.some((hit) => hit.category !== "attack-tool");
  const meaning = executes
    ? "A server or library that evaluates this header could run the attacker's code; this shows an attempt, not a compromise."
    : "The client announces itself as a scanning or exploitation tool.";
  return `Its User-Agent carried ${kinds.join(" and ")}, for example ${JSON.stringify(example)}. ${meaning}`;
}
