/**
 * The client's IP address, as Cloudflare's edge reports it in `CF-Connecting-IP` (it overwrites
 * any value the client sends, so it cannot be forged through Cloudflare). Absent only when the
 * Worker is called directly, off the edge (the workerd tests): then there is no per-IP limit.
 */
export const CLIENT_IP_HEADER = "CF-Connecting-IP";

export function clientIp(headers: Headers): string | null {
  const ip = headers.get(CLIENT_IP_HEADER)?.trim();
  return ip ? ip.toLowerCase() : null;
}
