import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { errorOf, startConversation, widgetCall } from "../../test/helpers";
import { adminCall, adminCreateTenant, apiCall, countRows } from "../../test/tenancy-helpers";

const json = async (res: Response) => (await res.json()) as any;

describe("admin authorisation", () => {
  it.each([
    ["no token", undefined],
    ["a wrong token", "test-admin-token-0123456789abcdeX"],
    ["a tenant's secret key", "sk_test_0123456789abcdefghijklmnopqrstuv"],
  ])("refuses %s with 401", async (_, token) => {
    const res =
      token === undefined
        ? await adminCall("GET", "/tenants", undefined, "")
        : await adminCall("GET", "/tenants", undefined, token);
    expect(res.status).toBe(401);
    expect((await errorOf(res)).type).toBe("authentication_error");
  });
});

describe("tenants", () => {
  it("creates a tenant with its keys, showing the secret key only in the creating response", async () => {
    const res = await adminCall("POST", "/tenants", {
      name: "Acme",
      config: { tier: "pro", allowed_origins: ["https://acme.example"] },
    });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body.tenant).toMatchObject({ name: "Acme", status: "active", config: { tier: "pro", retention_days: 30 } });
    expect(body.keys.publishable).toMatch(/^pk_live_/);
    expect(body.keys.secret).toMatch(/^sk_live_/);

    const usage = await apiCall(body.keys.secret, "GET", "/v1/usage");
    expect(usage.status).toBe(200);

    const again = await adminCall("GET", `/tenants/${body.tenant.id}`);
    const keys = await adminCall("GET", `/tenants/${body.tenant.id}/keys`);
    const text = (await again.text()) + (await keys.text());
    expect(text).not.toContain(body.keys.secret);
    expect(text).toContain(body.keys.secret.slice(0, 12)); // the visible prefix
    expect(text).not.toMatch(/key_hash|[0-9a-f]{64}/);
  });

  it("validates the config on create, naming the field, and stores nothing", async () => {
    const before = await env.DB.prepare("SELECT COUNT(*) AS n FROM tenants").first<{ n: number }>();
    for (const [config, field] of [
      [{ tier: "platinum" }, "tier"],
      [{ allowed_origin: ["https://x.example"] }, "allowed_origin"],
      [{ assistant: { greting: "hi" } }, "assistant.greting"],
      [{ retention_days: 0 }, "retention_days"],
    ] as const) {
      const res = await adminCall("POST", "/tenants", { name: "Bad", config });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).message).toContain(field);
    }
    const after = await env.DB.prepare("SELECT COUNT(*) AS n FROM tenants").first<{ n: number }>();
    expect(after!.n).toBe(before!.n);
  });

  it("lists tenants newest first, page by page", async () => {
    const ids: string[] = [];
    for (const name of ["P1", "P2", "P3"]) ids.push((await adminCreateTenant(name)).tenant.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await json(await adminCall("GET", `/tenants?limit=2${cursor ? `&cursor=${cursor}` : ""}`));
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((t: any) => t.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => ids.includes(id))).toEqual([...ids].reverse());
    expect((await adminCall("GET", "/tenants?cursor=nonsense")).status).toBe(400);
  });

  it("merges a config patch, keeping what it does not name, and refuses an invalid result whole", async () => {
    const { tenant } = await adminCreateTenant("Merge", {
      assistant: { greeting: "Hello", knowledge: [{ id: "a", title: "A", content: "Alpha" }] },
    });
    const patched = await adminCall("PATCH", `/tenants/${tenant.id}`, {
      name: "Merged",
      config: { assistant: { greeting: "Welcome" }, tier: "business" },
    });
    expect(patched.status).toBe(200);
    const body = await json(patched);
    expect(body.tenant.name).toBe("Merged");
    expect(body.tenant.config.tier).toBe("business");
    expect(body.tenant.config.assistant.greeting).toBe("Welcome");
    expect(body.tenant.config.assistant.knowledge).toHaveLength(1);

    const bad = await adminCall("PATCH", `/tenants/${tenant.id}`, { name: "X", config: { tier: "gold" } });
    expect(bad.status).toBe(400);
    const config = await json(await adminCall("GET", `/tenants/${tenant.id}/config`));
    expect(config.config.tier).toBe("business");
    expect((await json(await adminCall("GET", `/tenants/${tenant.id}`))).tenant.name).toBe("Merged");
  });

  it("replaces the whole config with PUT", async () => {
    const { tenant } = await adminCreateTenant("Put", { tier: "pro", theme: { title: "Old" } });
    const res = await adminCall("PUT", `/tenants/${tenant.id}/config`, { allowed_origins: ["https://put.example"] });
    expect(res.status).toBe(200);
    const { config } = await json(res);
    expect(config).toMatchObject({ tier: "starter", theme: {}, allowed_origins: ["https://put.example"] });
  });

  it("answers 404 for an unknown tenant on every tenant route", async () => {
    for (const [method, path] of [
      ["GET", ""],
      ["PATCH", ""],
      ["DELETE", ""],
      ["GET", "/keys"],
      ["POST", "/suspend"],
      ["GET", "/usage"],
    ]) {
      const res = await adminCall(method!, `/tenants/tnt_nobody${path}`, method === "PATCH" ? {} : undefined);
      expect(res.status).toBe(404);
    }
  });

  it("suspends and resumes at once, even with the tenant cached", async () => {
    const { tenant, keys } = await adminCreateTenant("Pause", { allowed_origins: ["https://shop.example.com"] });
    const { client } = await startConversation(keys.publishable); // warms the KV cache
    expect((await apiCall(keys.secret, "GET", "/v1/usage")).status).toBe(200);

    expect((await adminCall("POST", `/tenants/${tenant.id}/suspend`)).status).toBe(200);
    expect((await widgetCall(client, "GET", "/conversations")).status).toBe(403);
    expect((await apiCall(keys.secret, "GET", "/v1/usage")).status).toBe(403);

    const resumed = await json(await adminCall("POST", `/tenants/${tenant.id}/resume`));
    expect(resumed.tenant.status).toBe("active");
    expect((await widgetCall(client, "GET", "/conversations")).status).toBe(200);
  });

  it("deletes a tenant with everything it owns; its keys are then unknown (401)", async () => {
    const { tenant, keys } = await adminCreateTenant("Gone", {
      allowed_origins: ["https://shop.example.com"],
      assistant: { knowledge: [{ id: "a", title: "Shipping", content: "We ship fast." }] },
    });
    const { client, conversationId } = await startConversation(keys.publishable);
    await (
      await widgetCall(client, "POST", `/conversations/${conversationId}/messages`, { content: "Shipping?" })
    ).text();
    expect(await countRows("messages", tenant.id)).toBe(2);

    const res = await adminCall("DELETE", `/tenants/${tenant.id}`);
    expect(res.status).toBe(200);
    for (const table of ["api_keys", "sessions", "messages", "usage"]) {
      expect(await countRows(table, tenant.id)).toBe(0);
    }
    expect((await widgetCall(client, "GET", "/conversations")).status).toBe(401);
    expect((await apiCall(keys.secret, "GET", "/v1/usage")).status).toBe(401);
    expect((await adminCall("GET", `/tenants/${tenant.id}`)).status).toBe(404);
  });
});

describe("keys", () => {
  it("creates a scoped secret key; a route needing another scope answers 403", async () => {
    const { tenant } = await adminCreateTenant("Scopes");
    const res = await adminCall("POST", `/tenants/${tenant.id}/keys`, { scopes: ["chat"], name: "Chat only" });
    expect(res.status).toBe(201);
    const created = await json(res);
    expect(created.key).toMatchObject({ kind: "secret", scopes: ["chat"], name: "Chat only", status: "active" });
    expect(created.value).toMatch(/^sk_live_/);
    const denied = await apiCall(created.value, "GET", "/v1/usage");
    expect(denied.status).toBe(403);
    expect((await errorOf(denied)).details).toMatchObject({ required_scope: "usage:read" });
  });

  it("refuses scopes on publishable keys and unknown scopes", async () => {
    const { tenant } = await adminCreateTenant("BadKeys");
    const pk = await adminCall("POST", `/tenants/${tenant.id}/keys`, { kind: "publishable", scopes: ["chat"] });
    expect(pk.status).toBe(400);
    const unknown = await adminCall("POST", `/tenants/${tenant.id}/keys`, { scopes: ["admin"] });
    expect(unknown.status).toBe(400);
  });

  it("revokes a key at once, even when its lookup is cached", async () => {
    const { tenant, keys } = await adminCreateTenant("Revoke");
    expect((await apiCall(keys.secret, "GET", "/v1/usage")).status).toBe(200);
    const list = await json(await adminCall("GET", `/tenants/${tenant.id}/keys?kind=secret`));
    const revoked = await adminCall("POST", `/tenants/${tenant.id}/keys/${list.data[0].id}/revoke`);
    expect((await json(revoked)).key.status).toBe("revoked");
    const res = await apiCall(keys.secret, "GET", "/v1/usage");
    expect(res.status).toBe(401);
    expect((await errorOf(res)).message).toMatch(/revoked/);
  });

  it("rotates a key: the new one works, the old one during its grace period only", async () => {
    const { tenant, keys } = await adminCreateTenant("Rotate");
    const [secretKey] = (await json(await adminCall("GET", `/tenants/${tenant.id}/keys?kind=secret`))).data;
    expect((await apiCall(keys.secret, "GET", "/v1/usage")).status).toBe(200);

    const rotated = await json(await adminCall("POST", `/tenants/${tenant.id}/keys/${secretKey.id}/rotate`, {}));
    expect(rotated.value).toMatch(/^sk_test_/);
    expect(rotated.key.scopes).toEqual(secretKey.scopes);
    expect(rotated.previous.replaced_by).toBe(rotated.key.id);
    const graceEnd = Date.parse(rotated.previous.expires_at) - Date.now();
    expect(graceEnd).toBeGreaterThan(23 * 3600_000);
    expect(graceEnd).toBeLessThanOrEqual(24 * 3600_000);
    expect((await apiCall(rotated.value, "GET", "/v1/usage")).status).toBe(200);
    expect((await apiCall(keys.secret, "GET", "/v1/usage")).status).toBe(200);

    // Rotating the new key with no grace period stops it at once.
    const again = await json(
      await adminCall("POST", `/tenants/${tenant.id}/keys/${rotated.key.id}/rotate`, { grace_period_seconds: 0 }),
    );
    const expired = await apiCall(rotated.value, "GET", "/v1/usage");
    expect(expired.status).toBe(401);
    expect((await errorOf(expired)).message).toMatch(/expired/);
    expect((await apiCall(again.value, "GET", "/v1/usage")).status).toBe(200);

    const conflict = await adminCall("POST", `/tenants/${tenant.id}/keys/${rotated.key.id}/rotate`, {});
    expect(conflict.status).toBe(409);
  });

  it("treats a key that expired as unknown to the API (401)", async () => {
    const { tenant } = await adminCreateTenant("Expiry");
    const created = await json(
      await adminCall("POST", `/tenants/${tenant.id}/keys`, { expires_at: new Date(Date.now() - 1000).toISOString() }),
    );
    expect(created.key.status).toBe("expired");
    expect((await apiCall(created.value, "GET", "/v1/usage")).status).toBe(401);
  });

  it("never reaches another tenant's key through this tenant's path (404)", async () => {
    const a = await adminCreateTenant("KeysA");
    const b = await adminCreateTenant("KeysB");
    const [bKey] = (await json(await adminCall("GET", `/tenants/${b.tenant.id}/keys?kind=secret`))).data;
    for (const action of ["revoke", "rotate"]) {
      const res = await adminCall("POST", `/tenants/${a.tenant.id}/keys/${bKey.id}/${action}`, {});
      expect(res.status).toBe(404);
    }
    expect((await adminCall("GET", `/tenants/${a.tenant.id}/keys/${bKey.id}`)).status).toBe(404);
    expect((await apiCall(b.keys.secret, "GET", "/v1/usage")).status).toBe(200);
  });
});

describe("identity secrets", () => {
  it("shows the secret once, stores it encrypted, and rotates it", async () => {
    const { tenant } = await adminCreateTenant("Identity");
    expect((await json(await adminCall("GET", `/tenants/${tenant.id}/identity-secret`))).identity_secret).toEqual({
      configured: false,
      created_at: null,
      rotated_at: null,
      previous_valid_until: null,
    });
    const created = await adminCall("POST", `/tenants/${tenant.id}/identity-secret`);
    expect(created.status).toBe(201);
    const secret = (await json(created)).identity_secret as string;
    expect(secret).toMatch(/^idsec_/);

    const info = await adminCall("GET", `/tenants/${tenant.id}/identity-secret`);
    const infoText = await info.text();
    expect(infoText).not.toContain(secret);
    expect(JSON.parse(infoText).identity_secret.configured).toBe(true);
    const row = await env.DB.prepare("SELECT ciphertext FROM identity_secrets WHERE tenant_id = ?")
      .bind(tenant.id)
      .first<{ ciphertext: string }>();
    expect(row!.ciphertext).not.toContain(secret.slice(6));

    expect((await adminCall("POST", `/tenants/${tenant.id}/identity-secret`)).status).toBe(409);
    const rotated = await json(await adminCall("POST", `/tenants/${tenant.id}/identity-secret/rotate`, {}));
    expect(rotated.identity_secret).not.toBe(secret);
    expect(rotated.info.previous_valid_until).not.toBeNull();
  });
});

describe("usage for the operator", () => {
  it("reports a tenant's month with its plan's limits", async () => {
    const { tenant } = await adminCreateTenant("Usage", { tier: "pro" });
    await env.DB.prepare(
      "INSERT INTO usage (tenant_id, period, messages, input_tokens, output_tokens, cost_micros) VALUES (?, '2026-02', 5, 100, 50, 2500)",
    )
      .bind(tenant.id)
      .run();
    const res = await adminCall("GET", `/tenants/${tenant.id}/usage?period=2026-02`);
    expect((await json(res)).usage).toEqual({
      period: "2026-02",
      tier: "pro",
      messages: 5,
      input_tokens: 100,
      output_tokens: 50,
      cost_usd: 0.0025,
      limits: { monthly_messages: 10_000, monthly_input_tokens: 1_000_000 },
      resets_at: "2026-03-01T00:00:00.000Z",
    });
    expect((await adminCall("GET", `/tenants/${tenant.id}/usage?period=2026-13`)).status).toBe(400);
  });
});
