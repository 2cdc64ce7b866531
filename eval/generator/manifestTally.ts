import type { DatasetTimeline } from "./datasetTimeline.js";
import type { ClientKind, GeneratedRequest } from "./generatedRequest.js";
import { TICKS_PER_HOUR } from "./ticks.js";

/** Counts of what was written, per hour, endpoint, status and client, for the manifest. */
export class ManifestTally {
  readonly recordsPerHour: number[];
  readonly benignPerHour: number[];
  readonly recordsPerApi = new Map<string, number>();
  /** Records per API id, then per operation id; "" for calls no operation matched. */
  readonly recordsPerApiOperation = new Map<string, Map<string, number>>();
  readonly recordsPerStatus = new Map<number, number>();
  /** Benign records per caller address: the unit the heavy-tail statistics use. */
  readonly benignPerCaller = new Map<string, number>();
  readonly clientKeys = new Map<ClientKind, Set<string>>();
  proxiedRecords = 0;
  attackRecords = 0;

  constructor(timeline: DatasetTimeline) {
    this.recordsPerHour = new Array<number>(timeline.hours).fill(0);
    this.benignPerHour = new Array<number>(timeline.hours).fill(0);
  }

  count(requests: readonly GeneratedRequest[]): void {
    for (const request of requests) this.countOne(request);
  }

  /** Records per `apiId;operationId`, with calls no operation matched under `(unmatched)`. */
  recordsPerOperation(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const [apiId, operations] of this.recordsPerApiOperation) {
      for (const [operationId, count] of operations) {
        const key = operationId === "" ? "(unmatched)" : `${apiId};${operationId}`;
        counts.set(key, (counts.get(key) ?? 0) + count);
      }
    }
    return counts;
  }

  /** Distinct clients of `kind` seen; visitors counted apart when `visitors` is set. */
  clientCount(kind: ClientKind, visitors = false): number {
    let count = 0;
    for (const key of this.clientKeys.get(kind) ?? []) {
      if (key.includes("visitor-") === visitors) count += 1;
    }
    return count;
  }

  private countOne(request: GeneratedRequest): void {
    const hour = Math.floor(request.tick / TICKS_PER_HOUR);
    this.recordsPerHour[hour] = (this.recordsPerHour[hour] ?? 0) + 1;
    // Nested maps keyed by the catalog's own strings: building a joined key for every record
    // cost more than everything else the tally does.
    let operations = this.recordsPerApiOperation.get(request.apiId);
    if (operations === undefined) {
      operations = new Map();
      this.recordsPerApiOperation.set(request.apiId, operations);
    }
    increment(operations, request.operationId);
    increment(this.recordsPerApi, request.apiId === "" ? "(none)" : request.apiId);
    increment(this.recordsPerStatus, request.statusCode);
    this.rememberClient(request);
    if (request.origin === "attack") {
      this.attackRecords += 1;
      return;
    }
    this.benignPerHour[hour] = (this.benignPerHour[hour] ?? 0) + 1;
    increment(this.benignPerCaller, request.client.callerIp);
    if (request.client.forwardedFor !== undefined) this.proxiedRecords += 1;
  }

  private rememberClient(request: GeneratedRequest): void {
    const keys = this.clientKeys.get(request.client.kind);
    if (keys === undefined) this.clientKeys.set(request.client.kind, new Set([request.client.key]));
    else keys.add(request.client.key);
  }
}

function increment<K>(counts: Map<K, number>, key: K): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
