import { type DetectionId, detectionInfo } from "../../../shared/alerts/alertCatalog.js";
import type { AttackLabel } from "../datasetLabel.js";
import type { GeneratedRequest, RequestSink } from "../generatedRequest.js";
import { SeededRandom } from "../seededRandom.js";
import { TICKS_PER_WINDOW } from "../ticks.js";
import type { WindowChoice } from "../windowChoice.js";
import type { AttackContext, AttackWindow } from "./attackInjector.js";
import { ATTACK_INJECTORS } from "./attackInjectors.js";

interface Placement {
  detectionId: DetectionId;
  ordinal: number;
  window: number;
}

/**
 * Places `perKind` attacks of each selected detection in free windows after the warm-up, injects
 * them, and returns their labels in time order. Each attack draws from its own stream.
 */
export function injectAttacks(
  selected: readonly DetectionId[],
  perKind: number,
  context: AttackContext,
  windows: WindowChoice,
  sink: RequestSink,
): AttackLabel[] {
  const placements = placeAttacks(selected, perKind, context.composer.seed, windows);
  placements.sort((left, right) => left.window - right.window);
  return placements.map((placement, index) => injectOne(placement, index, context, sink));
}

function placeAttacks(
  selected: readonly DetectionId[],
  perKind: number,
  seed: number,
  windows: WindowChoice,
): Placement[] {
  const random = SeededRandom.stream(seed, "attack-placement");
  const placements: Placement[] = [];
  for (const detectionId of selected) {
    for (let ordinal = 0; ordinal < perKind; ordinal += 1) {
      placements.push({ detectionId, ordinal, window: windows.takeRandom(random, detectionId) });
    }
  }
  return placements;
}

function injectOne(
  placement: Placement,
  index: number,
  context: AttackContext,
  sink: RequestSink,
): AttackLabel {
  const injector = ATTACK_INJECTORS.get(placement.detectionId);
  if (injector === undefined) throw new Error(`no injector for detection ${placement.detectionId}`);
  const startTick = context.timeline.windowStartTick(placement.window);
  const window: AttackWindow = {
    startTick,
    endTick: startTick + TICKS_PER_WINDOW,
    ordinal: placement.ordinal,
    random: SeededRandom.stream(
      context.composer.seed,
      `attack:${placement.detectionId}:${placement.ordinal}`,
    ),
  };
  const counted = countingSink(sink, window);
  const outcome = injector(context, window, counted);
  return {
    id: `attack-${String(index + 1).padStart(2, "0")}`,
    detectionId: placement.detectionId,
    alertType: detectionInfo(placement.detectionId).alertType,
    entity: outcome.entity,
    startMs: context.timeline.msOf(window.startTick),
    endMs: context.timeline.msOf(window.endTick),
    size: outcome.size,
    sizeUnit: outcome.sizeUnit,
    description: outcome.description,
    injectedRecords: counted.count,
    relatedDetections: outcome.relatedDetections,
  };
}

// Guards the promise every label makes: all of an attack's requests lie inside its window.
function countingSink(sink: RequestSink, window: AttackWindow): RequestSink & { count: number } {
  const counted = {
    count: 0,
    add(request: GeneratedRequest) {
      if (request.tick < window.startTick || request.tick >= window.endTick) {
        throw new Error(
          `attack request at tick ${request.tick} falls outside its window ${window.startTick}`,
        );
      }
      counted.count += 1;
      sink.add(request);
    },
  };
  return counted;
}
