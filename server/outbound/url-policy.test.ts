import { describe, expect, it } from "vitest";
import { checkUrl } from "./url-policy";

const production = { allowLocal: false };
const development = { allowLocal: true };

describe("outbound URL policy", () => {
  it.each([
    ["https://api.shop.com/orders", "ok"],
    ["https://93.184.216.34/x", "ok"],
    ["http://api.shop.com/orders", "scheme_not_allowed"],
    ["ftp://api.shop.com/x", "scheme_not_allowed"],
    ["https://localhost/x", "host_not_allowed"],
    ["https://127.0.0.1/x", "host_not_allowed"],
    ["https://10.1.2.3/x", "host_not_allowed"],
    ["https://172.20.0.1/x", "host_not_allowed"],
    ["https://192.168.1.1/x", "host_not_allowed"],
    ["https://169.254.169.254/latest/meta-data", "host_not_allowed"],
    ["https://100.100.1.1/x", "host_not_allowed"],
    ["https://0.0.0.0/x", "host_not_allowed"],
    ["https://[::1]/x", "host_not_allowed"],
    ["https://[fd00::1]/x", "host_not_allowed"],
    ["https://[fe80::1]/x", "host_not_allowed"],
    ["https://[::ffff:10.0.0.1]/x", "host_not_allowed"],
    ["https://intranet/x", "host_not_allowed"],
    ["https://printer.local/x", "host_not_allowed"],
    ["https://user:pw@api.shop.com/", "credentials_not_allowed"],
    ["not a url", "invalid_url"],
  ])("production: %s → %s", (url, expected) => {
    const result = checkUrl(url, production);
    expect(result.ok ? "ok" : result.reason).toBe(expected);
  });

  it("lets local development reach this machine, and nothing else private", () => {
    expect(checkUrl("http://127.0.0.1:8080/tool", development).ok).toBe(true);
    expect(checkUrl("http://localhost:3000/", development).ok).toBe(true);
    expect(checkUrl("http://10.0.0.1/", development)).toEqual({ ok: false, reason: "scheme_not_allowed" });
    expect(checkUrl("https://10.0.0.1/", development)).toEqual({ ok: false, reason: "host_not_allowed" });
  });
});
