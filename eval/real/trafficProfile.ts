import { createParseOptions } from "../../shared/parsing/parseOptions.js";
import { readLogFile } from "../../shared/parsing/readLogFile.js";
import type { InputFormat } from "../../shared/records/requestRecord.js";
import { windowIndexOf, WINDOW_MS } from "../../shared/windows/window.js";

/** The busiest key of one kind in any single window. */
export interface BusiestKey {
  key: string;
  windowStartMs: number;
  requests: number;
}

/** What a log holds, for judging why the volume detections did or did not fire. */
export interface TrafficProfile {
  clients: number;
  endpoints: number;
  /** Windows holding at least one record, and windows from the first record's to the last's. */
  windowsWithRecords: number;
  windowsSpanned: number;
  /** Endpoint × status over all clients: what API_PopulationSpikeInAPITraffic counts. */
  busiestEndpoint: BusiestKey | null;
  /** Client × endpoint × status: what API_SpikeInAPITraffic counts. */
  busiestClient: BusiestKey | null;
}

/** Reads `path` once and finds its busiest keys per window. `nowMs` is the reader's clock. */
export async function profileTraffic(
  path: string,
  format: InputFormat,
  nowMs: number,
): Promise<TrafficProfile> {
  const clients = new Set<string>();
  const endpoints = new Set<string>();
  const endpointCounts = new Map<string, number>();
  const clientCounts = new Map<string, number>();
  const windows = new Set<number>();
  for await (const chunk of readLogFile(path, format, createParseOptions(nowMs))) {
    for (const record of chunk.records) {
      clients.add(record.clientIp);
      endpoints.add(record.endpoint);
      const window = windowIndexOf(record.timeMs);
      windows.add(window);
      const endpointKey = `${record.endpoint} → ${record.statusCode}`;
      increment(endpointCounts, `${window}\u001f${endpointKey}`);
      increment(clientCounts, `${window}\u001f${record.clientIp} ${endpointKey}`);
    }
  }
  const indexes = [...windows];
  return {
    clients: clients.size,
    endpoints: endpoints.size,
    windowsWithRecords: windows.size,
    windowsSpanned: indexes.length === 0 ? 0 : Math.max(...indexes) - Math.min(...indexes) + 1,
    busiestEndpoint: busiestOf(endpointCounts),
    busiestClient: busiestOf(clientCounts),
  };
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function busiestOf(counts: Map<string, number>): BusiestKey | null {
  let best: BusiestKey | null = null;
  for (const [compound, requests] of counts) {
    if (best !== null && requests <= best.requests) continue;
    const cut = compound.indexOf("\u001f");
    best = {
      key: compound.slice(cut + 1),
      windowStartMs: Number(compound.slice(0, cut)) * WINDOW_MS,
      requests,
    };
  }
  return best;
}
