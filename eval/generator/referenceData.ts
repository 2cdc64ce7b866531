import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ListedAddresses } from "./listedAddresses.js";
import { buildUserAgentPool, type UserAgentPool } from "./userAgentPool.js";

/** The real-world lists the generator draws from: UA strings, Tor exits, hostile addresses. */
export interface ReferenceData {
  userAgents: UserAgentPool;
  /** Tor exit relays (bulk exit list), in file order. */
  torExitIps: readonly string[];
  /** Emerging Threats compromised hosts that are not also Tor exits, in file order. */
  suspiciousIps: readonly string[];
  /** Everything any Tor or threat list names; benign clients never use these. */
  listed: ListedAddresses;
}

export const UA_TEST_CASES = "ua-lists/uap-core-test_ua.yaml";
export const TOR_EXIT_LIST = "tor-exit-lists/torbulkexitlist.2024-03-12";
export const SUSPICIOUS_IP_LIST = "threat-intel-ips/et-compromised-ips.2026-08-22.txt";
const EXIT_ADDRESSES = "tor-exit-lists/exit-addresses.2024-03-12";
const THREAT_INTEL_DIR = "threat-intel-ips";

/**
 * Reads the lists under `dataDir` (the shared data folder). Throws naming the file and the
 * folder when one is missing, since the datasets are meaningless without them.
 */
export function loadReferenceData(dataDir: string): ReferenceData {
  const torExitIps = addressLines(readData(dataDir, TOR_EXIT_LIST));
  const torSet = new Set(torExitIps);
  const suspiciousIps = addressLines(readData(dataDir, SUSPICIOUS_IP_LIST)).filter(
    (address) => !torSet.has(address),
  );
  const listed = new ListedAddresses();
  listed.addFeedText(readData(dataDir, TOR_EXIT_LIST));
  listed.addFeedText(exitAddressLines(readData(dataDir, EXIT_ADDRESSES)));
  for (const name of listData(dataDir, THREAT_INTEL_DIR)) {
    if (name.endsWith(".md")) continue;
    listed.addFeedText(readData(dataDir, join(THREAT_INTEL_DIR, name)));
  }
  return {
    userAgents: buildUserAgentPool(readData(dataDir, UA_TEST_CASES)),
    torExitIps,
    suspiciousIps,
    listed,
  };
}

function readData(dataDir: string, relativePath: string): string {
  const path = join(dataDir, relativePath);
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(
      `generator reference data ${relativePath}: cannot read ${path}; pass --data-dir pointing at the shared data folder`,
      { cause: error },
    );
  }
}

function listData(dataDir: string, relativePath: string): string[] {
  const path = join(dataDir, relativePath);
  try {
    return readdirSync(path).sort();
  } catch (error) {
    throw new Error(
      `generator reference data ${relativePath}: cannot list ${path}; pass --data-dir pointing at the shared data folder`,
      { cause: error },
    );
  }
}

function addressLines(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => /^\d{1,3}(\.\d{1,3}){3}$/.test(line));
}

// Only the ExitAddress lines carry addresses; the rest are fingerprints and dates.
function exitAddressLines(text: string): string {
  return text
    .split("\n")
    .filter((line) => line.startsWith("ExitAddress "))
    .map((line) => line.split(" ")[1] ?? "")
    .join("\n");
}
