/**
 * Does `origin` (as sent by a browser, e.g. `https://shop.example.com`) match one of the tenant's
 * allowed origin patterns? Patterns: exact origins, `https://*.example.com` (any subdomain, not the
 * apex) and `http://localhost:*` (any port). Scheme and host must match exactly otherwise.
 */
export function isOriginAllowed(origin: string, patterns: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin !== origin.toLowerCase().replace(/\/$/, "")) return false;
  return patterns.some((pattern) => matches(url, pattern.toLowerCase()));
}

function matches(url: URL, pattern: string): boolean {
  const m = /^(https?):\/\/(\*\.)?([^:/]+)(?::(\d+|\*))?$/.exec(pattern);
  if (!m) return false;
  const [, scheme, wildcard, host, port] = m;
  if (url.protocol !== `${scheme}:`) return false;
  const hostOk = wildcard ? url.hostname.endsWith(`.${host}`) : url.hostname === host;
  if (!hostOk) return false;
  if (port === "*") return true;
  const defaultPort = scheme === "https" ? "443" : "80";
  return (url.port || defaultPort) === (port ?? defaultPort);
}
