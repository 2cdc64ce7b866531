import type { ThreatIntelSource } from "../shared/detectors/recordInspector.js";
import { threatIntelSetOf } from "../shared/threatIntel/refreshThreatIntel.js";
import type { ThreatIntelSet } from "../shared/threatIntel/threatIntelSet.js";
import type { ThreatIntelStore } from "../shared/threatIntel/threatIntelStore.js";

/** How often an instance looks for lists newer than the ones it holds. */
const RELOAD_INTERVAL_MS = 10 * 60_000;

export interface HostThreatIntel extends ThreatIntelSource {
  /** Reloads from the store when the copy held is older than the reload interval. */
  reloadIfStale(nowMs: number): Promise<void>;
}

/**
 * The lists an ingest instance matches against: read from Table Storage, where the refresh timer
 * writes them, and reloaded every ten minutes, so a new exit list is in force on every instance
 * within one refresh plus ten minutes.
 */
export function hostThreatIntel(store: ThreatIntelStore): HostThreatIntel {
  let set: ThreatIntelSet | null = null;
  let loadedAtMs = Number.NEGATIVE_INFINITY;
  return {
    current: () => set,
    async reloadIfStale(nowMs) {
      if (nowMs - loadedAtMs < RELOAD_INTERVAL_MS) return;
      const lists = await store.loadAll();
      set = lists.length > 0 ? threatIntelSetOf(lists) : null;
      loadedAtMs = nowMs;
    },
  };
}
