import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { DetectionId } from "../../shared/alerts/alertCatalog.js";
import { ALL_KINDS } from "./kindMetrics.js";

/**
 * The detections gatewarden implements: those whose id a detector module under `detectorsDir`
 * names as a string literal, plus any that raised an alert. The pipeline keeps no list of the
 * ids its detectors raise, so this reads the source; a kind shown as "not implemented" that
 * raised nothing has no detector naming it.
 */
export function implementedKinds(
  detectorsDir: string,
  raised: Iterable<DetectionId>,
): Set<DetectionId> {
  const source = readdirSync(detectorsDir, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".ts"))
    .map((name) => readFileSync(join(detectorsDir, name), "utf8"))
    .join("\n");
  const found = new Set<DetectionId>(raised);
  for (const kind of ALL_KINDS) if (source.includes(JSON.stringify(kind))) found.add(kind);
  return found;
}
