import { describe, expect, it } from "vitest";
import { type ClientAddressTrust, clientAddress } from "./client-address";
import { clientBlock, formatIp, inRanges, parseAddressList, parseIp } from "./ip-address";

const headers = (values: Record<string, string>) => new Headers(values);
const trust = (proxies = "", vercel = false): ClientAddressTrust => ({
  vercel,
  trustedProxies: parseAddressList(proxies).ranges,
});

describe("parseIp", () => {
  it.each([
    ["192.0.2.1", "192.0.2.1"],
    [" 192.0.2.1 ", "192.0.2.1"],
    ["::ffff:192.0.2.1", "192.0.2.1"],
    ["::FFFF:c000:0201", "192.0.2.1"],
    ["2001:db8::1", "2001:db8:0:0:0:0:0:1"],
    ["[2001:db8::1]", "2001:db8:0:0:0:0:0:1"],
    ["fe80::1%eth0", "fe80:0:0:0:0:0:0:1"],
    ["::1", "0:0:0:0:0:0:0:1"],
    ["::", "0:0:0:0:0:0:0:0"],
    ["2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8:0:0:0:0:0:1"],
  ])("reads %j as %s", (input, canonical) => {
    const ip = parseIp(input);
    expect(ip && formatIp(ip)).toBe(canonical);
  });

  it.each([
    "",
    "unknown",
    "256.0.0.1",
    "1.2.3",
    "1.2.3.4.5",
    "1.2.3.-4",
    "01.2.3.4444",
    "2001:db8:::1",
    "2001:db8::1::2",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7",
    "gggg::1",
    "192.0.2.1, 10.0.0.1",
    "<script>",
  ])("refuses %j", (input) => {
    expect(parseIp(input)).toBeNull();
  });
});

describe("parseAddressList and inRanges", () => {
  it("reads addresses and CIDR ranges of both families and names what it cannot read", () => {
    const { ranges, invalid } = parseAddressList(
      "127.0.0.1, 10.0.0.0/8 fd00::/8,::1 nope 1.2.3.4/33 5.6.7.8/1/2",
    );
    expect(ranges.map((r) => r.text)).toEqual(["127.0.0.1", "10.0.0.0/8", "fd00::/8", "::1"]);
    expect(invalid).toEqual(["nope", "1.2.3.4/33", "5.6.7.8/1/2"]);
    const contains = (ip: string) => inRanges(parseIp(ip) ?? { family: 4, bytes: [] }, ranges);
    expect(contains("10.200.3.4")).toBe(true);
    expect(contains("::ffff:10.1.1.1")).toBe(true);
    expect(contains("11.0.0.1")).toBe(false);
    expect(contains("127.0.0.2")).toBe(false);
    expect(contains("fd12:3456::1")).toBe(true);
    expect(contains("fe80::1")).toBe(false);
    expect(contains("::1")).toBe(true);
  });

  it("matches prefixes that do not end on a byte boundary", () => {
    const { ranges } = parseAddressList("192.0.2.64/27");
    expect(inRanges(parseIp("192.0.2.95") ?? { family: 4, bytes: [] }, ranges)).toBe(true);
    expect(inRanges(parseIp("192.0.2.96") ?? { family: 4, bytes: [] }, ranges)).toBe(false);
    expect(inRanges(parseIp("192.0.2.63") ?? { family: 4, bytes: [] }, ranges)).toBe(false);
  });

  it("keys IPv6 clients by their /64, IPv4 clients by their address", () => {
    expect(clientBlock(parseIp("2001:db8:1:2:aaaa::1") ?? { family: 4, bytes: [] })).toBe(
      "2001:db8:1:2:0:0:0:0/64",
    );
    expect(clientBlock(parseIp("::ffff:198.51.100.7") ?? { family: 4, bytes: [] })).toBe("198.51.100.7");
  });
});

describe("clientAddress", () => {
  const spoofed = { "x-forwarded-for": "203.0.113.99", "x-real-ip": "203.0.113.98" };

  it("uses the socket's address and ignores forwarded headers when no proxy is trusted", () => {
    expect(clientAddress(headers(spoofed), trust(), "198.51.100.7")).toBe("198.51.100.7");
    expect(clientAddress(headers(spoofed), trust(), "::ffff:198.51.100.7")).toBe("198.51.100.7");
    // A rotating X-Forwarded-For changes nothing.
    for (const xff of ["1.1.1.1", "2.2.2.2, 3.3.3.3", "garbage"]) {
      expect(clientAddress(headers({ "x-forwarded-for": xff }), trust(), "198.51.100.7")).toBe(
        "198.51.100.7",
      );
    }
  });

  it("ignores forwarded headers from a peer that is not a trusted proxy", () => {
    expect(clientAddress(headers(spoofed), trust("10.0.0.0/8"), "198.51.100.7")).toBe("198.51.100.7");
  });

  it("reads X-Forwarded-For from the right through trusted proxies only", () => {
    const t = trust("10.0.0.0/8, 127.0.0.1");
    // nginx appended the client it saw; what the client itself sent stays to the left, unread.
    expect(clientAddress(headers({ "x-forwarded-for": "203.0.113.99, 198.51.100.7" }), t, "127.0.0.1")).toBe(
      "198.51.100.7",
    );
    // Two trusted hops: load balancer 10.0.0.5 in front of nginx on 127.0.0.1.
    expect(
      clientAddress(headers({ "x-forwarded-for": "1.1.1.1, 198.51.100.7, 10.0.0.5" }), t, "127.0.0.1"),
    ).toBe("198.51.100.7");
    // A malformed hop ends the chain at the last address a trusted proxy vouched for.
    expect(
      clientAddress(headers({ "x-forwarded-for": "198.51.100.7, bogus, 10.0.0.5" }), t, "127.0.0.1"),
    ).toBe("10.0.0.5");
    // No header: the proxy itself is the client.
    expect(clientAddress(headers({}), t, "127.0.0.1")).toBe("127.0.0.1");
  });

  it("on Vercel takes x-real-ip, which the platform sets, and nothing else", () => {
    const t = trust("", true);
    expect(clientAddress(headers(spoofed), t, undefined)).toBe("203.0.113.98");
    expect(clientAddress(headers({ "x-forwarded-for": "203.0.113.99" }), t, undefined)).toBeUndefined();
  });

  it("knows no address when the socket's is unknown, whatever the headers say", () => {
    expect(clientAddress(headers(spoofed), trust(), undefined)).toBeUndefined();
    expect(clientAddress(headers(spoofed), trust("0.0.0.0/0"), undefined)).toBeUndefined();
  });
});
