/**
 * Which URLs the Worker may fetch on a tenant's behalf (HTTP tools, website import). The model and
 * the tenant's config are untrusted, so in production only public `https` hosts pass: IP literals
 * must be ordinary public unicast addresses and names must not be internal by construction.
 *
 * The WHATWG URL parser (`new URL`) is the canonicaliser, so this module judges the same host the
 * runtime's fetch will use: `http://2130706433/`, `0x7f.1` and `127.1` all arrive here as
 * `127.0.0.1`, `[::127.0.0.1]` as `[::7f00:1]`, and names are lower-cased and IDNA-mapped. Only
 * the canonical forms are then classified. Names that resolve to private addresses through DNS we
 * cannot see (a Worker has no resolver) are left to the platform's network.
 *
 * Local development (`ENVIRONMENT=development`) may also reach this machine's loopback, over http
 * or https, so tools can be tried against a local server; nothing else private.
 */

export type UrlRefusal = "invalid_url" | "scheme_not_allowed" | "host_not_allowed" | "credentials_not_allowed";

export interface UrlPolicy {
  allowLocal: boolean;
}

export function checkUrl(raw: string, policy: UrlPolicy): { ok: true; url: URL } | { ok: false; reason: UrlRefusal } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "invalid_url" };
  }
  if (url.username || url.password) return { ok: false, reason: "credentials_not_allowed" };
  const web = url.protocol === "http:" || url.protocol === "https:";
  const host = classifyHost(url.hostname);
  if (policy.allowLocal && web && host === "loopback") return { ok: true, url };
  if (url.protocol !== "https:") return { ok: false, reason: "scheme_not_allowed" };
  if (host !== "public") return { ok: false, reason: "host_not_allowed" };
  return { ok: true, url };
}

type HostClass = "public" | "loopback" | "internal";

/** `hostname` as `URL.hostname` gives it (IPv6 in brackets, IPv4 in dotted decimal). */
export function classifyHost(hostname: string): HostClass {
  if (hostname.startsWith("[")) {
    const groups = parseIpv6(hostname.slice(1, -1));
    if (!groups) return "internal";
    if (groups.every((g, i) => g === (i === 7 ? 1 : 0))) return "loopback";
    return isPublicIpv6(groups) ? "public" : "internal";
  }
  const name = hostname.toLowerCase().replace(/\.+$/, "");
  const v4 = parseIpv4(name);
  if (v4) {
    if (v4[0] === 127) return "loopback";
    return isPublicIpv4(v4) ? "public" : "internal";
  }
  if (name === "localhost") return "loopback";
  return isPublicName(name) ? "public" : "internal";
}

/** Dotted-decimal only: the URL parser has already turned every other IPv4 form into this one. */
function parseIpv4(host: string): number[] | null {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  const bytes = parts.map(Number);
  return bytes.every((b) => b <= 255) ? bytes : null;
}

/** [first, last] inclusive ranges of IPv4 addresses that are not public unicast (RFC 6890 and kin). */
const PRIVATE_IPV4: readonly [string, number][] = [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata
  ["172.16.0.0", 12],
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay anycast
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, and the broadcast address
];

const ipv4Number = (bytes: number[]) => bytes.reduce((n, b) => n * 256 + b, 0);

const PRIVATE_IPV4_RANGES = PRIVATE_IPV4.map(([base, bits]) => {
  const start = ipv4Number(base.split(".").map(Number));
  return [start, start + 2 ** (32 - bits) - 1] as const;
});

function isPublicIpv4(bytes: number[]): boolean {
  const n = ipv4Number(bytes);
  return !PRIVATE_IPV4_RANGES.some(([start, end]) => n >= start && n <= end);
}

/** Eight 16-bit groups, or null. Accepts the canonical form and, defensively, a dotted IPv4 tail. */
function parseIpv6(text: string): number[] | null {
  let head = text.toLowerCase();
  const tail: number[] = [];
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(head);
  if (dotted) {
    const v4 = parseIpv4(dotted[2]!);
    if (!v4) return null;
    tail.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
    head = dotted[1]!.endsWith("::") ? dotted[1]! : dotted[1]!.slice(0, -1);
  }
  const halves = head.split("::");
  if (halves.length > 2) return null;
  const groups = (part: string) => (part === "" ? [] : part.split(":"));
  const left = groups(halves[0]!);
  const right = halves.length === 2 ? groups(halves[1]!) : [];
  if (![...left, ...right].every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  const missing = 8 - tail.length - left.length - right.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const hex = (g: string) => parseInt(g, 16);
  return [...left.map(hex), ...Array<number>(missing).fill(0), ...right.map(hex), ...tail];
}

/**
 * Only global unicast (2000::/3) is public, minus the blocks inside it that are special: IETF
 * protocol assignments 2001::/23 (Teredo 2001::/32 among them), documentation 2001:db8::/32 and
 * 3fff::/20, and 6to4 2002::/16, which embeds an IPv4 address. Everything outside 2000::/3 is
 * refused, which covers unspecified and loopback, IPv4-compatible ::/96 and IPv4-mapped
 * ::ffff:0:0/96, NAT64 64:ff9b::/96 and 64:ff9b:1::/48, discard 100::/64, ULA fc00::/7,
 * link-local fe80::/10, site-local fec0::/10 and multicast ff00::/8.
 */
function isPublicIpv6(groups: number[]): boolean {
  const [a = 0, b = 0] = groups;
  if ((a & 0xe000) !== 0x2000) return false;
  if (a === 0x2001 && b < 0x0200) return false; // 2001::/23
  if (a === 0x2001 && b === 0x0db8) return false; // 2001:db8::/32
  if (a === 0x2002) return false; // 6to4
  if ((a & 0xfff0) === 0x3ff0) return false; // 3fff::/20
  return true;
}

/** Top-level names that never lead to the public internet. */
const INTERNAL_TLDS = new Set([
  "localhost",
  "local",
  "localdomain",
  "internal",
  "intranet",
  "private",
  "home",
  "lan",
  "corp",
  "svc",
  "arpa", // home.arpa, and reverse-DNS names
  "test",
  "invalid",
  "example",
  "onion",
  "alt",
]);

/** Public wildcard-DNS services whose names resolve to whatever address they spell (often a private one). */
const LOOPBACK_DNS_DOMAINS = [
  "nip.io",
  "sslip.io",
  "xip.io",
  "localtest.me",
  "lvh.me",
  "vcap.me",
  "traefik.me",
  "localho.st",
];

function isPublicName(name: string): boolean {
  // A public DNS name has at least two labels of letters, digits and hyphens (IDNs arrive as xn--).
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(name)) return false;
  const labels = name.split(".");
  if (labels[0] === "localhost") return false; // localhost.localdomain, localhost.anything
  if (INTERNAL_TLDS.has(labels.at(-1)!)) return false;
  return !LOOPBACK_DNS_DOMAINS.some((domain) => name === domain || name.endsWith(`.${domain}`));
}
