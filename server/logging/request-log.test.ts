import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ORIGIN } from "../test/helpers";
import { ADMIN_TOKEN, adminCreateTenant, settledCall } from "../test/tenancy-helpers";
import type { RequestLogEntry } from "./request-log";

const logOf = (requestId: string) =>
  env.DB.prepare("SELECT * FROM request_logs WHERE id = ?").bind(requestId).first<RequestLogEntry>();

describe("request logs", () => {
  it("logs each request with tenant, key, route pattern, status and duration, and no secrets or bodies", async () => {
    const { tenant, keys } = await adminCreateTenant("Logged", { allowed_origins: [ORIGIN] });
    const boot = await settledCall(`/v1/widget/bootstrap?key=${keys.publishable}`, {
      method: "POST",
      headers: { Origin: ORIGIN, "Content-Type": "application/json" },
      body: "{}",
    });
    const bootLog = await logOf(boot.headers.get("X-Request-Id")!);
    expect(bootLog).toMatchObject({
      tenant_id: tenant.id,
      key_id: expect.stringMatching(/^key_/),
      method: "POST",
      route: "/v1/widget/bootstrap",
      status: 200,
    });
    expect(bootLog!.duration_ms).toBeGreaterThanOrEqual(0);

    const usage = await settledCall("/v1/usage", { headers: { Authorization: `Bearer ${keys.secret}` } });
    const usageLog = await logOf(usage.headers.get("X-Request-Id")!);
    expect(usageLog).toMatchObject({ tenant_id: tenant.id, route: "/v1/usage", status: 200 });

    const text = JSON.stringify([bootLog, usageLog]);
    for (const secret of [keys.publishable, keys.secret, ADMIN_TOKEN]) expect(text).not.toContain(secret);
  });

  it("logs refused and unmatched requests too, with the route pattern rather than the URL", async () => {
    const { keys } = await adminCreateTenant("Refused");
    const denied = await settledCall(
      `/v1/widget/conversations/ses_0123456789012345678901/messages?key=${keys.publishable}`,
      {
        headers: { Origin: "https://evil.example" },
      },
    );
    expect(await logOf(denied.headers.get("X-Request-Id")!)).toMatchObject({
      route: "/v1/widget/conversations/:id/messages",
      status: 403,
    });
    const missing = await settledCall("/nope?secret=1");
    expect(await logOf(missing.headers.get("X-Request-Id")!)).toMatchObject({
      tenant_id: null,
      key_id: null,
      route: "(no route)",
      status: 404,
    });
  });

  it("removes a tenant's log lines with the tenant", async () => {
    const { tenant, keys } = await adminCreateTenant("Erased");
    await settledCall("/v1/usage", { headers: { Authorization: `Bearer ${keys.secret}` } });
    const count = () =>
      env.DB.prepare("SELECT COUNT(*) AS n FROM request_logs WHERE tenant_id = ? AND method = 'GET'")
        .bind(tenant.id)
        .first<{ n: number }>();
    expect((await count())!.n).toBe(1);
    await settledCall(`/admin/tenants/${tenant.id}`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect((await count())!.n).toBe(0);
  });
});
