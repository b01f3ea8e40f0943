import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { errorOf } from "../test/helpers";
import { adminCall, adminCreateTenant, apiCall, settledCall } from "../test/tenancy-helpers";

describe("secret-key auth", () => {
  it.each([
    ["no Authorization header", null, /Missing secret key/],
    ["a malformed key", "sk_live_short", /Malformed/],
    ["an unknown key", "sk_live_0123456789abcdefghijklmnopqrstuv", /Unknown/],
  ])("answers %s with 401", async (_, key, message) => {
    const res = await apiCall(key, "GET", "/v1/usage");
    expect(res.status).toBe(401);
    const error = await errorOf(res);
    expect(error.type).toBe("authentication_error");
    expect(error.message).toMatch(message);
  });

  it("refuses a publishable key where a secret key is needed (401)", async () => {
    const { keys } = await adminCreateTenant("Pk");
    expect((await apiCall(keys.publishable, "GET", "/v1/usage")).status).toBe(401);
  });

  it("records the last use in the background, at most once a minute", async () => {
    const { tenant, keys } = await adminCreateTenant("Touch");
    const [key] = ((await (await adminCall("GET", `/tenants/${tenant.id}/keys?kind=secret`)).json()) as any).data;
    expect(key.last_used_at).toBeNull();
    const lastUsed = () =>
      env.DB.prepare("SELECT last_used_at FROM api_keys WHERE id = ?").bind(key.id).first<{ last_used_at: number }>();

    await settledCall("/v1/usage", { headers: { Authorization: `Bearer ${keys.secret}` } });
    const first = (await lastUsed())!.last_used_at;
    expect(first).toBeGreaterThan(0);
    await settledCall("/v1/usage", { headers: { Authorization: `Bearer ${keys.secret}` } });
    expect((await lastUsed())!.last_used_at).toBe(first);
  });
});
