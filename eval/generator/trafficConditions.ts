import type { OperationSpec } from "./apiCatalog.js";

/** A backend that answers `factor` times slower on every operation of one API for a while. */
export interface Slowdown {
  apiId: string;
  startTick: number;
  endTick: number;
  factor: number;
}

/** A query parameter every client starts sending to one endpoint from `fromTick` on. */
export interface AddedParameter {
  endpoint: string;
  name: string;
  values: readonly string[];
  fromTick: number;
}

/** The benign changes in force: what the hard-negative scenarios do to ordinary traffic. */
export interface TrafficChanges {
  slowdown?: Slowdown;
  addedParameter?: AddedParameter;
  /** Day index (0-based) on which interactive and partner traffic doubles. */
  marketingDay?: number;
  /** From this tick on, browser sessions load the new single-page app's start-up set. */
  spaReleaseTick?: number;
}

/**
 * Answers the traffic sources' questions about the scenarios in force at a tick. With no changes
 * it is neutral: factor 1, nothing added, the old start-up set.
 */
export class TrafficConditions {
  constructor(readonly changes: Readonly<TrafficChanges>) {}

  latencyFactor(apiId: string, tick: number): number {
    const slowdown = this.changes.slowdown;
    if (slowdown === undefined || slowdown.apiId !== apiId) return 1;
    return tick >= slowdown.startTick && tick < slowdown.endTick ? slowdown.factor : 1;
  }

  addedParameter(operation: OperationSpec, tick: number): AddedParameter | undefined {
    const added = this.changes.addedParameter;
    if (added === undefined || added.endpoint !== operation.endpoint) return undefined;
    return tick >= added.fromTick ? added : undefined;
  }

  volumeFactor(dayIndex: number): number {
    return this.changes.marketingDay === dayIndex ? 2 : 1;
  }

  hasNewSpa(tick: number): boolean {
    const release = this.changes.spaReleaseTick;
    return release !== undefined && tick >= release;
  }
}
