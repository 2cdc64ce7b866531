import { detectFeedFormat, type ThreatFeedFormat } from "./detectFeedFormat.js";
import type { ParsedFeed } from "./parsedFeed.js";
import { parseTorBulkExitList } from "./parseTorBulkExitList.js";
import { parseTorExitAddresses } from "./parseTorExitAddresses.js";

/** The two forms the Tor Project publishes its exit relays in. */
export type TorExitListFormat = Extract<
  ThreatFeedFormat,
  "tor-bulk-exit-list" | "tor-exit-addresses"
>;

/** Which Tor form `text` is in: `tor-exit-addresses` when its first record is an `ExitNode`. */
export function torExitListFormatOf(text: string): TorExitListFormat {
  return detectFeedFormat(text) === "tor-exit-addresses"
    ? "tor-exit-addresses"
    : "tor-bulk-exit-list";
}

/** Reads either Tor exit list form, telling them apart with `torExitListFormatOf`. */
export function parseTorExitList(text: string, feedName = "tor-exit-list"): ParsedFeed {
  return torExitListFormatOf(text) === "tor-exit-addresses"
    ? parseTorExitAddresses(text, feedName)
    : parseTorBulkExitList(text, feedName);
}
