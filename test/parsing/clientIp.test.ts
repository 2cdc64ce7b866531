import { describe, expect, it } from "vitest";
import { clientIpOf, normaliseIp } from "../../shared/parsing/clientIp.js";
import { createParseOptions } from "../../shared/parsing/parseOptions.js";

const NOW_MS = Date.parse("2024-05-03T00:00:00Z");
const UNTRUSTING = createParseOptions(NOW_MS);
const TRUSTING = createParseOptions(NOW_MS, { trustForwardedFor: true });
const BEHIND_GATEWAY = createParseOptions(NOW_MS, {
  trustForwardedFor: true,
  trustedProxies: ["10.0.0.0/8", "2001:db8::/32", "192.0.2.1"],
});

describe("normaliseIp", () => {
  it.each([
    ["1.2.3.4", "1.2.3.4"],
    [" 1.2.3.4 ", "1.2.3.4"],
    ["1.2.3.4:5678", "1.2.3.4"],
    ["[::1]:443", "::1"],
    ["[2001:DB8:0:0:0:0:0:1]", "2001:db8::1"],
    ["2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
    ["::ffff:203.0.113.9", "203.0.113.9"],
    ["[::ffff:cb00:7109]:80", "203.0.113.9"],
  ])("reads %s as %s", (text, address) => {
    expect(normaliseIp(text)).toBe(address);
  });

  it.each(["xx.xx.xxx.xx", "127.1", "0x7f.0.0.1", "256.1.1.1", "1.2.3.4:99999", "unknown", ""])(
    "refuses %j",
    (text) => {
      expect(normaliseIp(text)).toBeUndefined();
    },
  );
});

describe("clientIpOf", () => {
  it("ignores X-Forwarded-For unless forwarding is trusted", () => {
    expect(clientIpOf("203.0.113.24", "198.51.100.7", UNTRUSTING)).toBe("203.0.113.24");
  });

  it("takes the right-most forwarded address, the one the proxy saw, when any caller is trusted", () => {
    expect(clientIpOf("203.0.113.24", "unknown, 198.51.100.7:5000, 192.0.2.9", TRUSTING)).toBe(
      "192.0.2.9",
    );
  });

  it("ignores a forwarded address the client made up in front of the one the proxy appended", () => {
    const behindFrontDoor = createParseOptions(0, {
      trustForwardedFor: true,
      trustedProxies: ["192.0.2.0/24"],
    });

    expect(clientIpOf("192.0.2.10", "1.1.1.1, 203.0.113.7", behindFrontDoor)).toBe("203.0.113.7");
  });

  it("skips trusted proxy hops from the right to reach the client behind a chain of proxies", () => {
    const chain = createParseOptions(0, {
      trustForwardedFor: true,
      trustedProxies: ["192.0.2.0/24", "10.0.0.0/8"],
    });

    expect(clientIpOf("10.0.0.4", "1.1.1.1, 203.0.113.7, 192.0.2.10", chain)).toBe("203.0.113.7");
  });

  it("reads IPv6 and IPv4-mapped forwarded addresses in canonical form", () => {
    expect(clientIpOf("10.1.1.1", "[2001:DB8::7]:1234", TRUSTING)).toBe("2001:db8::7");
    expect(clientIpOf("10.1.1.1", "::ffff:198.51.100.7", TRUSTING)).toBe("198.51.100.7");
  });

  it("falls back to the caller when no forwarded address is valid", () => {
    expect(clientIpOf("203.0.113.24", "unknown, , garbage", TRUSTING)).toBe("203.0.113.24");
    expect(clientIpOf("203.0.113.24", "", TRUSTING)).toBe("203.0.113.24");
  });

  it("believes X-Forwarded-For only from callers inside the trusted proxy ranges", () => {
    expect(clientIpOf("10.20.30.40", "198.51.100.7", BEHIND_GATEWAY)).toBe("198.51.100.7");
    expect(clientIpOf("2001:db8::5", "198.51.100.7", BEHIND_GATEWAY)).toBe("198.51.100.7");
    expect(clientIpOf("192.0.2.1", "198.51.100.7", BEHIND_GATEWAY)).toBe("198.51.100.7");
    expect(clientIpOf("192.0.2.2", "198.51.100.7", BEHIND_GATEWAY)).toBe("192.0.2.2");
    expect(clientIpOf("203.0.113.24", "198.51.100.7", BEHIND_GATEWAY)).toBe("203.0.113.24");
  });
});
