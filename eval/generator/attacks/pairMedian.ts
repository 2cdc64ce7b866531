import type { OperationSpec } from "../apiCatalog.js";
import { composeRequest, type RequestShape } from "../composeRequest.js";
import type { ClientIdentity, GeneratedRequest } from "../generatedRequest.js";
import { SeededRandom } from "../seededRandom.js";
import { TICKS_PER_HOUR } from "../ticks.js";
import type { AttackContext } from "./attackInjector.js";

const SAMPLES = 101;

/**
 * The median of `measure` over ordinary calls of `operation` by `client` with `shape`: what a
 * baseline of that client-endpoint pair converges to. Drawn from a side stream at noon on the
 * first day, before any scenario, so it never disturbs the traffic.
 */
export function pairMedian(
  context: AttackContext,
  client: ClientIdentity,
  operation: OperationSpec,
  shape: RequestShape,
  measure: (request: GeneratedRequest) => number,
): number {
  const random = SeededRandom.stream(
    context.composer.seed,
    `pair-median:${client.key}:${operation.endpoint}`,
  );
  const values = Array.from({ length: SAMPLES }, () =>
    measure(
      composeRequest(
        context.composer,
        random,
        operation,
        client,
        12 * TICKS_PER_HOUR,
        "benign",
        shape,
      ),
    ),
  );
  values.sort((left, right) => left - right);
  return values[(SAMPLES - 1) / 2] as number;
}
