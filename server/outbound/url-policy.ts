/**
 * Which URLs the Worker may fetch on a tenant's behalf (HTTP tools, website import). In
 * production only public `https` hosts: no IP literals in private, loopback, link-local or other
 * special ranges, no `localhost` or single-label names. Local development may also reach
 * `http://127.0.0.1` / `localhost` so tools can be tried against a server on the same machine.
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
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, "");
  const local = isLoopbackHost(host);
  if (policy.allowLocal && local && (url.protocol === "http:" || url.protocol === "https:")) return { ok: true, url };
  if (url.protocol !== "https:") return { ok: false, reason: "scheme_not_allowed" };
  if (local || !isPublicHost(host)) return { ok: false, reason: "host_not_allowed" };
  return { ok: true, url };
}

function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function isPublicHost(host: string): boolean {
  if (host.includes(":")) return isPublicIpv6(host);
  const v4 = parseIpv4(host);
  if (v4) return isPublicIpv4(v4);
  // A name: it must look like a public DNS name (at least one dot, no internal-only suffixes).
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host)) return false;
  return !/\.(local|localhost|internal|intranet|lan|home|corp|test|invalid|example)$/.test(host);
}

function parseIpv4(host: string): number[] | null {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  const bytes = parts.map(Number);
  return bytes.every((b) => b <= 255) ? bytes : null;
}

function isPublicIpv4([a, b]: number[]): boolean {
  if (a === undefined || b === undefined) return false;
  return !(
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local, cloud metadata
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) ||
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    a >= 224 // multicast and reserved
  );
}

function isPublicIpv6(host: string): boolean {
  if (host === "::" || host === "::1") return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
  if (mapped) {
    const v4 = parseIpv4(mapped[1]!);
    return v4 !== null && isPublicIpv4(v4);
  }
  if (host.startsWith("::ffff:")) return false; // mapped address in hex form: refuse rather than decode
  const first = parseInt(host.split(":")[0] || "0", 16);
  return !(
    (first & 0xfe00) === 0xfc00 || // unique local fc00::/7
    (first & 0xffc0) === 0xfe80 || // link-local fe80::/10
    (first & 0xff00) === 0xff00 // multicast
  );
}
