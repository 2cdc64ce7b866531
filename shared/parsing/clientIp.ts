import ipaddr from "ipaddr.js";
import { isProxyRange, type ParseOptions } from "./parseOptions.js";

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Range = [Address, number];

const IPV4_WITH_PORT = /^([0-9.]+):([0-9]{1,5})$/;
const BRACKETED_IPV6 = /^\[([^\]]+)\](?::([0-9]{1,5}))?$/;
const MAX_PORT = 65_535;
/** Four decimal octets 0-255 without leading zeros: exactly the text ipaddr.js would print. */
const CANONICAL_IPV4 =
  /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

// Keyed by the frozen options' array, so each proxy list is parsed once, not once per record.
const parsedRanges = new WeakMap<readonly string[], Range[]>();

/**
 * The canonical text of an IP address, or undefined when `text` is not one. Strips a port
 * (`1.2.3.4:5678`, `[::1]:443`), turns IPv4-mapped IPv6 into IPv4 and compresses IPv6, so one
 * client always has one spelling. Only dotted-quad IPv4 is accepted, not `127.1` or `0x7f.1`.
 */
export function normaliseIp(text: string): string | undefined {
  // Most addresses are already canonical dotted quads; they need no parse (a hot path of ingest).
  if (CANONICAL_IPV4.test(text)) return text;
  const address = parseAddress(withoutPort(text.trim()));
  return address?.toString();
}

/**
 * The client as detectors see it when forwarding is trusted for this caller: the right-most
 * X-Forwarded-For hop that is not itself a trusted proxy, else the caller. Proxies append the
 * address they saw, so hops to the left of it are whatever the client chose to send and cannot
 * name the client. `forwardedFor` is the raw header, "" when not logged.
 */
export function clientIpOf(callerIp: string, forwardedFor: string, options: ParseOptions): string {
  if (forwardedFor === "" || !trustsForwardingFrom(callerIp, options)) return callerIp;
  const hops = forwardedFor
    .split(",")
    .map((hop) => normaliseIp(hop))
    .filter((hop): hop is string => hop !== undefined);
  for (let index = hops.length - 1; index >= 0; index--) {
    const hop = hops[index]!;
    if (index === 0 || !isTrustedProxy(hop, options)) return hop;
  }
  return callerIp;
}

function isTrustedProxy(address: string, options: ParseOptions): boolean {
  if (options.trustedProxies.length === 0) return false;
  const parsed = parseAddress(address);
  return (
    parsed !== undefined &&
    rangesOf(options.trustedProxies).some(
      (range) => parsed.kind() === range[0].kind() && parsed.match(range),
    )
  );
}

function trustsForwardingFrom(callerIp: string, options: ParseOptions): boolean {
  if (!options.trustForwardedFor) return false;
  if (options.trustedProxies.length === 0) return true;
  const caller = parseAddress(callerIp);
  if (caller === undefined) return false;
  return rangesOf(options.trustedProxies).some(
    (range) => caller.kind() === range[0].kind() && caller.match(range),
  );
}

function rangesOf(proxies: readonly string[]): Range[] {
  let ranges = parsedRanges.get(proxies);
  if (ranges === undefined) {
    // createParseOptions rejects a bad entry up front; options built by hand just skip it here.
    ranges = proxies.filter(isProxyRange).map(toRange);
    parsedRanges.set(proxies, ranges);
  }
  return ranges;
}

function toRange(text: string): Range {
  if (text.includes("/")) return ipaddr.parseCIDR(text);
  const address = ipaddr.parse(text);
  return [address, address.kind() === "ipv4" ? 32 : 128];
}

/** The address without its port, or "" when the port is not 0..65535. */
function withoutPort(text: string): string {
  const match = BRACKETED_IPV6.exec(text) ?? IPV4_WITH_PORT.exec(text);
  if (match === null) return text;
  const [, address = "", port] = match;
  return port === undefined || Number(port) <= MAX_PORT ? address : "";
}

function parseAddress(text: string): Address | undefined {
  // Only IPv6 has a colon. Asking ipaddr.js about IPv4 first made it throw and catch internally
  // for every IPv6 client, the most expensive step of reading a record.
  if (!text.includes(":")) {
    return ipaddr.IPv4.isValidFourPartDecimal(text) ? ipaddr.IPv4.parse(text) : undefined;
  }
  if (!ipaddr.IPv6.isValid(text)) return undefined;
  const address = ipaddr.IPv6.parse(text);
  return address.isIPv4MappedAddress() ? address.toIPv4Address() : address;
}
