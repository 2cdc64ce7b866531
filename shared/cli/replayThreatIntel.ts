import { stat } from "node:fs/promises";
import type { Logger } from "../logging/logger.js";
import { ThreatIntelSet, type FeedLoad, type FeedSource } from "../threatIntel/threatIntelSet.js";
import { whyUnreadable } from "./inputPaths.js";
import { UsageError } from "./usageError.js";

/** The replay options that name Tor exit lists and threat-intelligence feeds. */
export interface ThreatIntelFlags {
  torExitList: string[];
  threatIntel: string[];
}

/** One list file as the command line gave it, to name it in errors. */
interface GivenList {
  /** The flag with its value, e.g. `--threat-intel drop=drop.txt`. */
  flag: string;
  path: string;
  expected: string;
}

const TOR_FORMS = "a Tor exit list, one address per line or the exit-addresses form";
const FEED_FORMS = "IP addresses, CIDR ranges, abuse.ch CSV, IPsum scores or a STIX 2.1 bundle";

/**
 * Loads the Tor exit lists and feeds named on the command line; a replay never downloads lists,
 * so a backtest uses exactly the files it was given. Refuses, with a UsageError, a file that
 * cannot be read or that yields no entry that can match.
 */
export async function loadReplayThreatIntel(
  flags: ThreatIntelFlags,
  logger: Logger,
): Promise<ThreatIntelSet | null> {
  if (flags.torExitList.length === 0 && flags.threatIntel.length === 0) return null;
  const feeds = flags.threatIntel.map(feedSourceOf);
  const given: GivenList[] = [
    ...flags.torExitList.map((path) => ({
      flag: `--tor-exit-list ${path}`,
      path,
      expected: TOR_FORMS,
    })),
    ...feeds.map((feed, index) => ({
      flag: `--threat-intel ${flags.threatIntel[index]}`,
      path: feed.path,
      expected: FEED_FORMS,
    })),
  ];
  for (const list of given) await requireReadableFile(list);

  const set = new ThreatIntelSet();
  const loads = await loadOrExplain(set, flags.torExitList, feeds);
  // loadFromFiles answers in the order given: Tor lists first, then feeds.
  loads.forEach((load, index) => requireUsableEntries(load, given[index]!));
  for (const load of loads) logLoad(load, logger);
  return set;
}

function feedSourceOf(flag: string): FeedSource {
  const cut = flag.indexOf("=");
  if (cut <= 0 || cut === flag.length - 1) {
    throw new UsageError(
      `--threat-intel: expected name=file, e.g. spamhaus-drop=drop.txt, got ${JSON.stringify(flag)}`,
    );
  }
  return { name: flag.slice(0, cut), path: flag.slice(cut + 1) };
}

async function requireReadableFile(list: GivenList): Promise<void> {
  const stats = await stat(list.path).catch((cause: unknown) => {
    throw new UsageError(`${list.flag}: ${whyUnreadable(cause)}`, { cause });
  });
  if (stats.isDirectory()) {
    throw new UsageError(
      `${list.flag}: that is a folder; expected a file holding ${list.expected}`,
    );
  }
}

async function loadOrExplain(
  set: ThreatIntelSet,
  torExitLists: string[],
  feeds: FeedSource[],
): Promise<FeedLoad[]> {
  try {
    return await set.loadFromFiles({ torExitLists, feeds });
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new UsageError(`--threat-intel or --tor-exit-list: ${message}`, { cause });
  }
}

/**
 * A list that yields nothing to match is almost always the wrong file (an access log, a truncated
 * download); replaying with it would report "no Tor alert" as if the traffic were clean.
 */
function requireUsableEntries(load: FeedLoad, list: GivenList): void {
  if (load.entryCount > 0) return;
  const [first] = load.rejections;
  const rejected = `${load.rejections.length} ${load.rejections.length === 1 ? "line" : "lines"} rejected`;
  const why =
    first === undefined ? "it holds no entries" : `the first, line ${first.line}: ${first.reason}`;
  throw new UsageError(
    `${list.flag}: no usable entry in the file, ${rejected}; ${why}; expected ${list.expected}`,
  );
}

function logLoad(load: FeedLoad, logger: Logger): void {
  const fields = { list: load.name, format: load.format, entries: load.entryCount };
  const [first] = load.rejections;
  if (first === undefined) {
    logger.info("threat list loaded", fields);
    return;
  }
  logger.warn("threat list loaded with rejected lines", {
    ...fields,
    rejected: load.rejections.length,
    first: `line ${first.line}: ${first.reason}`,
  });
}
