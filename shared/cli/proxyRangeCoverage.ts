import ipaddr from "ipaddr.js";

/** An address family with the number of bits in its addresses. */
export type AddressFamily = "IPv4" | "IPv6";

const BITS: Record<AddressFamily, number> = { IPv4: 32, IPv6: 128 };

/**
 * The families whose every address the trusted proxy entries cover, alone (`0.0.0.0/0`, `::/0`)
 * or together (`0.0.0.0/1` and `128.0.0.0/1`), with the entries of each such family. Entries
 * must be valid addresses or CIDR ranges (isProxyRange).
 */
export function familiesCoveredWhole(
  entries: readonly string[],
): { family: AddressFamily; entries: string[] }[] {
  const covered: { family: AddressFamily; entries: string[] }[] = [];
  for (const family of ["IPv4", "IPv6"] as const) {
    const ofFamily = entries.filter((entry) => familyOf(entry) === family);
    const spans = ofFamily.map((entry) => spanOf(entry, BITS[family]));
    if (coversAll(spans, 1n << BigInt(BITS[family]))) covered.push({ family, entries: ofFamily });
  }
  return covered;
}

function familyOf(entry: string): AddressFamily {
  return ipaddr.parse(entry.split("/")[0]!).kind() === "ipv4" ? "IPv4" : "IPv6";
}

/** The first address of the entry's range and the number of addresses in it. */
function spanOf(entry: string, bits: number): { start: bigint; size: bigint } {
  const [address, prefix] = entry.includes("/")
    ? ipaddr.parseCIDR(entry)
    : [ipaddr.parse(entry), bits];
  const size = 1n << BigInt(bits - prefix);
  const value = address.toByteArray().reduce((sum, byte) => (sum << 8n) | BigInt(byte), 0n);
  return { start: value - (value % size), size };
}

function coversAll(spans: readonly { start: bigint; size: bigint }[], total: bigint): boolean {
  let coveredUpTo = 0n;
  for (const { start, size } of [...spans].sort(byStart)) {
    if (start > coveredUpTo) return false;
    if (start + size > coveredUpTo) coveredUpTo = start + size;
  }
  return coveredUpTo >= total;
}

function byStart(left: { start: bigint }, right: { start: bigint }): number {
  return left.start < right.start ? -1 : left.start > right.start ? 1 : 0;
}
