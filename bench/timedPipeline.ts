/**
 * The pipeline's collaborators wrapped so that every store call, detector run and baseline fold
 * is timed from the outside; the ingest and evaluation code itself runs unchanged.
 */
import type { EvaluationDependencies } from "../shared/pipeline/evaluateWindows.js";
import type { IngestStores } from "../shared/pipeline/ingestRecords.js";
import type { CallTimings } from "./callTimings.js";

/** Named through the dependencies, so the wrappers follow changes to the families' signatures. */
type Family = EvaluationDependencies["families"][number];
type Detector = EvaluationDependencies["detectors"][number];

export function timedIngestStores(stores: IngestStores, timings: CallTimings): IngestStores {
  return {
    partials: timings.wrap(stores.partials, "ingest partials"),
    batches: timings.wrap(stores.batches, "ingest batches"),
    windows: timings.wrap(stores.windows, "ingest windows"),
    deadLetters: timings.wrap(stores.deadLetters, "ingest deadLetters"),
  };
}

export function timedEvaluation(
  dependencies: EvaluationDependencies,
  timings: CallTimings,
): EvaluationDependencies {
  return {
    ...dependencies,
    partials: timings.wrap(dependencies.partials, "evaluate partials"),
    windows: timings.wrap(dependencies.windows, "evaluate windows"),
    baselines: timings.wrap(dependencies.baselines, "evaluate baselines"),
    sink: timings.wrap(dependencies.sink, "evaluate sink"),
    detectors: dependencies.detectors.map((detector) => timedDetector(detector, timings)),
    families: dependencies.families.map((family) => timedFamily(family, timings)),
  };
}

function timedDetector(detector: Detector, timings: CallTimings): Detector {
  return {
    ...detector,
    detect: timings.wrapFunction(
      `detect ${detector.name}`,
      (...args: Parameters<Detector["detect"]>) => detector.detect(...args),
    ),
  };
}

/** fold and prune run once per key per window, so their rows carry the most timer overhead. */
function timedFamily(family: Family, timings: CallTimings): Family {
  return {
    ...family,
    observations: timings.wrapFunction(
      `baseline ${family.name}.observations`,
      (...args: Parameters<Family["observations"]>) => family.observations(...args),
    ),
    fold: timings.wrapFunction(
      `baseline ${family.name}.fold`,
      (...args: Parameters<Family["fold"]>) => family.fold(...args),
    ),
    prune: timings.wrapFunction(
      `baseline ${family.name}.prune`,
      (...args: Parameters<Family["prune"]>) => family.prune(...args),
    ),
  };
}
