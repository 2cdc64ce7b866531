import pRetry from "p-retry";
import type { ThreatIntelSettings } from "../config/settings.js";
import { readFeedText } from "./readFeedText.js";
import { ThreatIntelSet } from "./threatIntelSet.js";
import type { StoredList, ThreatIntelStore } from "./threatIntelStore.js";

/** Reads a list's text from an https URL or a local path. Tests pass their own. */
export type FetchText = (source: string) => Promise<string>;

export interface RefreshOutcome {
  name: string;
  source: string;
  /** Entries that can match, or null when the list was not replaced. */
  entryCount: number | null;
  /** Why the stored copy was kept, when it was. */
  failure?: string;
}

const FETCH_TIMEOUT_MS = 60_000;

/**
 * Fetches every configured Tor exit list and feed, checks that it parses to at least one entry,
 * and stores it. A list that fails to download or parse keeps its previous copy, so an outage
 * at the source never empties the lists.
 */
export async function refreshThreatIntel(
  settings: ThreatIntelSettings,
  store: ThreatIntelStore,
  nowMs: number,
  fetchText: FetchText = fetchListText,
): Promise<RefreshOutcome[]> {
  const outcomes: RefreshOutcome[] = [];
  for (const list of listsOf(settings)) {
    try {
      const text = await fetchText(list.source);
      const entryCount = checkedEntryCount(list, text);
      await store.save({ ...list, fetchedAtMs: nowMs, text });
      outcomes.push({ name: list.name, source: list.source, entryCount });
    } catch (error) {
      const failure = error instanceof Error ? error.message : String(error);
      outcomes.push({ name: list.name, source: list.source, entryCount: null, failure });
    }
  }
  return outcomes;
}

/** Every configured list, Tor lists named `tor-exit-list`, `tor-exit-list-2`, … */
export function listsOf(settings: ThreatIntelSettings): Omit<StoredList, "fetchedAtMs" | "text">[] {
  const tor = settings.torExitListSources.map((source, index) => ({
    name: index === 0 ? "tor-exit-list" : `tor-exit-list-${index + 1}`,
    role: "tor" as const,
    source,
  }));
  const feeds = settings.feeds.map((feed) => ({ ...feed, role: "suspicious" as const }));
  return [...tor, ...feeds];
}

/** Builds the matching set from stored or loaded lists. */
export function threatIntelSetOf(
  lists: readonly Omit<StoredList, "fetchedAtMs">[],
): ThreatIntelSet {
  const set = new ThreatIntelSet();
  for (const list of lists) {
    if (list.role === "tor") set.addTorExitList(list.text, list.name);
    else set.addFeed(list.text, list.name, { format: list.format, minScore: list.minScore });
  }
  return set;
}

function checkedEntryCount(list: Omit<StoredList, "fetchedAtMs" | "text">, text: string): number {
  const set = threatIntelSetOf([{ ...list, text }]);
  const entryCount = list.role === "tor" ? set.torEntryCount : set.suspiciousEntryCount;
  if (entryCount === 0) {
    throw new Error(
      `${list.name}: ${list.source} parsed to no usable entries; the previous copy stays`,
    );
  }
  return entryCount;
}

/** https URLs are fetched with retries; anything else is read as a file path. */
export async function fetchListText(source: string): Promise<string> {
  if (!/^https?:\/\//i.test(source)) return readFeedText(source);
  return pRetry(
    async () => {
      const response = await fetch(source, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
      if (!response.ok)
        throw new Error(`${source} answered ${response.status} ${response.statusText}`);
      return response.text();
    },
    { retries: 3, minTimeout: 2_000 },
  );
}
