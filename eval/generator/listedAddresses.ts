import ipaddr from "ipaddr.js";

const IPV4_OR_CIDR = /\b(\d{1,3}(?:\.\d{1,3}){3})(?:\/(\d{1,2}))?\b/g;
const IPV6_CIDR = /^([0-9a-f:]+:[0-9a-f:]*)\/(\d{1,3})/i;

/**
 * Every address and range named by the threat-intelligence and Tor lists. Benign clients are
 * drawn outside it, so an alert on a listed address is never a mislabelled benign request.
 */
export class ListedAddresses {
  private readonly exact = new Set<string>();
  private ipv4Ranges: Array<[number, number]> = [];
  private ipv4Sorted = true;
  private readonly ipv6Ranges: Array<[ipaddr.IPv6, number]> = [];

  /** Adds every IPv4 address, IPv4 CIDR and IPv6 CIDR found in a feed's text, skipping comments. */
  addFeedText(text: string): void {
    for (const rawLine of text.split("\n")) {
      const line = rawLine.replace(/[#;].*$/, "").trim();
      if (line === "") continue;
      const ipv6 = IPV6_CIDR.exec(line);
      if (ipv6 !== null) this.addIpv6Range(ipv6[1] as string, Number(ipv6[2]));
      for (const match of line.matchAll(IPV4_OR_CIDR)) this.addIpv4(match[1] as string, match[2]);
    }
  }

  has(address: string): boolean {
    if (this.exact.has(address)) return true;
    if (address.includes(":")) return this.inIpv6Range(address);
    return this.inIpv4Range(ipv4ToNumber(address));
  }

  private addIpv4(address: string, prefix: string | undefined): void {
    if (prefix === undefined || prefix === "32") {
      this.exact.add(address);
      return;
    }
    const bits = Number(prefix);
    const size = 2 ** (32 - bits);
    const first = Math.floor(ipv4ToNumber(address) / size) * size;
    this.ipv4Ranges.push([first, first + size - 1]);
    this.ipv4Sorted = false;
  }

  // Ranges are merged and sorted once, then searched by bisection: generation asks per address.
  private inIpv4Range(value: number): boolean {
    if (!this.ipv4Sorted) this.mergeIpv4Ranges();
    let low = 0;
    let high = this.ipv4Ranges.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const [first, last] = this.ipv4Ranges[middle] as [number, number];
      if (value < first) high = middle - 1;
      else if (value > last) low = middle + 1;
      else return true;
    }
    return false;
  }

  private mergeIpv4Ranges(): void {
    const sorted = [...this.ipv4Ranges].sort((left, right) => left[0] - right[0]);
    const merged: Array<[number, number]> = [];
    for (const [first, last] of sorted) {
      const previous = merged[merged.length - 1];
      if (previous !== undefined && first <= previous[1] + 1)
        previous[1] = Math.max(previous[1], last);
      else merged.push([first, last]);
    }
    this.ipv4Ranges = merged;
    this.ipv4Sorted = true;
  }

  private addIpv6Range(address: string, bits: number): void {
    if (ipaddr.IPv6.isValid(address)) this.ipv6Ranges.push([ipaddr.IPv6.parse(address), bits]);
  }

  private inIpv6Range(address: string): boolean {
    if (!ipaddr.IPv6.isValid(address)) return false;
    const parsed = ipaddr.IPv6.parse(address);
    return this.ipv6Ranges.some((range) => parsed.match(range));
  }
}

/** An IPv4 dotted quad as an unsigned 32-bit number. */
export function ipv4ToNumber(address: string): number {
  return address.split(".").reduce((value, octet) => value * 256 + Number(octet), 0);
}
