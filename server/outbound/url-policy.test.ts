import { describe, expect, it } from "vitest";
import { checkUrl } from "./url-policy";

const production = { allowLocal: false };
const development = { allowLocal: true };

const verdict = (url: string, policy = production) => {
  const result = checkUrl(url, policy);
  return result.ok ? "ok" : result.reason;
};

/** Public hosts a tenant's tool may reach. */
const ALLOWED = [
  "https://api.shop.com/orders",
  "https://API.Shop.COM/orders",
  "https://api.shop.com./orders",
  "https://shop.co.uk:8443/x?y=1",
  "https://93.184.216.34/x",
  "https://8.8.8.8/",
  "https://1.1.1.1/",
  "https://100.63.255.255/", // just below carrier-grade NAT
  "https://100.128.0.1/", // just above it
  "https://172.15.255.255/",
  "https://172.32.0.1/",
  "https://192.0.1.1/",
  "https://192.169.0.1/",
  "https://198.17.255.255/",
  "https://198.20.0.1/",
  "https://223.255.255.255/",
  "https://[2606:4700:4700::1111]/", // Cloudflare DNS
  "https://[2001:4860:4860::8888]/", // Google DNS
  "https://[2a00:1450:4001:82b::200e]/",
  "https://xn--bcher-kva.example.com/", // an IDN (bücher) under a public name
  "https://bücher.de/",
  "https://localhost-tools.com/", // "localhost" as part of a label is fine
  "https://mylocal.dev/",
  "https://nip.io.evil.com/", // the service name as a sub-domain of another name is not the service
  "https://internal.shop.com/",
  "https://lvh.me.example.org/",
  "https://93.184.216.34.example.com/",
];

/** Hosts that are private, local, reserved or internal by construction, in every spelling. */
const REFUSED_HOSTS = [
  // IPv4 loopback and its many spellings (the URL parser canonicalises them)
  "https://127.0.0.1/x",
  "https://127.0.0.1./x",
  "https://127.1/",
  "https://127.0.1/",
  "https://2130706433/",
  "https://0x7f000001/",
  "https://0x7f.1/",
  "https://0x7F.0.0.1/",
  "https://0177.0.0.1/",
  "https://017700000001/",
  "https://127.255.255.254/",
  // IPv4 private, special and reserved ranges
  "https://0.0.0.0/",
  "https://0/",
  "https://0.1.2.3/",
  "https://10.1.2.3/x",
  "https://012.1.2.3/", // octal 10.1.2.3
  "https://167772161/", // 10.0.0.1
  "https://100.64.0.1/",
  "https://100.100.1.1/x",
  "https://100.127.255.255/",
  "https://169.254.169.254/latest/meta-data",
  "https://0xa9fea9fe/", // 169.254.169.254
  "https://172.16.0.1/",
  "https://172.20.0.1/x",
  "https://172.31.255.255/",
  "https://192.0.0.8/",
  "https://192.0.2.1/",
  "https://192.88.99.1/",
  "https://192.168.1.1/x",
  "https://0xc0.0xa8.1.1/",
  "https://198.18.0.1/",
  "https://198.19.255.255/",
  "https://198.51.100.7/",
  "https://203.0.113.9/",
  "https://224.0.0.1/",
  "https://239.255.255.250/",
  "https://240.0.0.1/",
  "https://255.255.255.255/",
  // IPv6 loopback, unspecified and local ranges
  "https://[::1]/x",
  "https://[0:0:0:0:0:0:0:1]/",
  "https://[::]/",
  "https://[fd00::1]/x",
  "https://[fc00::1]/",
  "https://[fe80::1]/x",
  "https://[febf::1]/",
  "https://[fec0::1]/", // site-local
  "https://[feff::1]/",
  "https://[ff02::1]/",
  "https://[100::1]/", // discard
  "https://[2001:db8::1]/", // documentation
  "https://[3fff::1]/",
  // IPv4 embedded in IPv6
  "https://[::7f00:1]/",
  "https://[::127.0.0.1]/",
  "https://[::a00:1]/",
  "https://[::8.8.8.8]/", // IPv4-compatible: deprecated, refused whatever it embeds
  "https://[::ffff:10.0.0.1]/x",
  "https://[::ffff:127.0.0.1]/",
  "https://[::ffff:7f00:1]/",
  "https://[::FFFF:7F00:0001]/",
  "https://[0:0:0:0:0:ffff:127.0.0.1]/",
  "https://[0000:0000:0000:0000:0000:ffff:7f00:0001]/",
  "https://[::ffff:169.254.169.254]/",
  "https://[::ffff:8.8.8.8]/", // mapped: refused whatever it maps
  "https://[::ffff:0:7f00:1]/", // IPv4-translated
  "https://[64:ff9b::7f00:1]/", // NAT64
  "https://[64:ff9b::10.0.0.1]/",
  "https://[64:ff9b::8.8.8.8]/",
  "https://[64:ff9b:1::a00:1]/", // local-use NAT64
  "https://[2002:7f00:1::]/", // 6to4 of 127.0.0.1
  "https://[2002:c0a8:101::1]/",
  "https://[2001::1]/", // Teredo
  "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",
  // names that are internal by construction
  "https://localhost/x",
  "https://LOCALHOST/",
  "https://localhost./",
  "https://localhost.localdomain/",
  "https://localhost.shop.com/",
  "https://api.localhost/",
  "https://api.localhost./",
  "https://intranet/x",
  "https://printer.local/x",
  "https://Printer.LOCAL./",
  "https://metadata.google.internal/",
  "https://router.home.arpa/",
  "https://1.0.0.127.in-addr.arpa/",
  "https://redis.default.svc/",
  "https://nas.lan/",
  "https://wiki.corp/",
  "https://db.intranet/",
  "https://foo.test/",
  "https://127.0.0.1.nip.io/",
  "https://app.10.0.0.1.nip.io/",
  "https://nip.io/",
  "https://NIP.IO./",
  "https://10-0-0-1.sslip.io/",
  "https://127.0.0.1.xip.io/",
  "https://localtest.me/",
  "https://api.localtest.me/",
  "https://lvh.me/",
  "https://shop.lvh.me./",
  "https://ｌｏｃａｌｈｏｓｔ/", // fullwidth letters map to localhost
];

describe("outbound URL policy (production)", () => {
  it.each(ALLOWED)("allows %s", (url) => {
    expect(verdict(url)).toBe("ok");
  });

  it.each(REFUSED_HOSTS)("refuses %s", (url) => {
    expect(verdict(url)).toBe("host_not_allowed");
  });

  it.each([
    ["http://api.shop.com/orders", "scheme_not_allowed"],
    ["http://127.0.0.1/", "scheme_not_allowed"],
    ["ftp://api.shop.com/x", "scheme_not_allowed"],
    ["file:///etc/passwd", "scheme_not_allowed"],
    ["data:text/plain,hi", "scheme_not_allowed"],
    ["https://user:pw@api.shop.com/", "credentials_not_allowed"],
    ["https://user@api.shop.com/", "credentials_not_allowed"],
    ["not a url", "invalid_url"],
    ["https://[::1/", "invalid_url"],
    ["https://256.256.256.256/", "invalid_url"],
  ])("%s → %s", (url, expected) => {
    expect(verdict(url)).toBe(expected);
  });

  it("tests at least 80 URLs", () => {
    expect(ALLOWED.length + REFUSED_HOSTS.length).toBeGreaterThanOrEqual(80);
  });
});

describe("outbound URL policy (development)", () => {
  it.each([
    "http://127.0.0.1:8080/tool",
    "https://127.0.0.1/",
    "http://localhost:3000/",
    "http://localhost.:3000/",
    "http://127.1:3000/",
    "http://[::1]:3000/",
  ])("lets local development reach this machine: %s", (url) => {
    expect(verdict(url, development)).toBe("ok");
  });

  it.each([
    ["http://10.0.0.1/", "scheme_not_allowed"],
    ["https://10.0.0.1/", "host_not_allowed"],
    ["https://[::ffff:7f00:1]/", "host_not_allowed"],
    ["https://169.254.169.254/", "host_not_allowed"],
    ["https://api.localhost/", "host_not_allowed"],
    ["https://127.0.0.1.nip.io/", "host_not_allowed"],
    ["ftp://127.0.0.1/", "scheme_not_allowed"],
  ])("and nothing else private: %s → %s", (url, expected) => {
    expect(verdict(url, development)).toBe(expected);
  });
});
