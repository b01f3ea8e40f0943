import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { envFor, scenario } from "../test/fake-upstreams/client";
import { createTenant, startConversation, widgetCall } from "../test/helpers";
import { doneMessage, sendMessage } from "../test/runtime-helpers";
import { listProviderCredentials, loadTenantCredentials, setProviderCredential } from "./credentials";

const TENANT_KEY = "sk-ant-tenant-own-key-SECRET-7f3a9c";

afterEach(() => vi.restoreAllMocks());

describe("a tenant's own provider key", () => {
  it("is stored encrypted, never listed, and used for that tenant's turns", async () => {
    const fake = await scenario({ anthropic: [{ kind: "stream", text: ["On your own key."] }] });
    const { tenant, keys } = await createTenant();
    const info = await setProviderCredential(env, tenant.id, {
      provider: "anthropic",
      api_key: TENANT_KEY,
      base_url: fake.anthropicBaseUrl,
    });
    expect(JSON.stringify(info)).not.toContain(TENANT_KEY);
    const row = await env.DB.prepare("SELECT * FROM provider_credentials WHERE tenant_id = ?").bind(tenant.id).first();
    expect(JSON.stringify(row)).not.toContain(TENANT_KEY);
    expect(JSON.stringify(await listProviderCredentials(env.DB, tenant.id))).not.toContain(TENANT_KEY);
    expect((await loadTenantCredentials(env, tenant.id)).anthropic?.apiKey).toBe(TENANT_KEY);

    // No platform provider is configured: the tenant's key alone makes a real model answer.
    const { client, conversationId } = await startConversation(keys.publishable);
    const { events, text } = await sendMessage(env, client, conversationId, { content: "hi" });
    expect(doneMessage(events)).toMatchObject({ content: "On your own key.", model: "claude-haiku-5-5" });
    expect(text).not.toContain(TENANT_KEY);
    const [request] = await fake.requests("anthropic");
    expect(request!.headers.authorization).toBe(`Bearer ${TENANT_KEY}`);
  });

  it("never leaks into a response or a log line, even when the upstream echoes it back", async () => {
    const fake = await scenario({
      anthropic: [{ kind: "status", status: 401, message: `invalid x-api-key ${TENANT_KEY}` }],
    });
    const { tenant, keys } = await createTenant({
      assistant: { knowledge: [{ id: "a", title: "Hours", content: "Open 9 to 5." }] },
    });
    await setProviderCredential(env, tenant.id, {
      provider: "anthropic",
      api_key: TENANT_KEY,
      base_url: fake.anthropicBaseUrl,
    });
    const logged: string[] = [];
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation(
        (...args: unknown[]) => void logged.push(args.map(String).join(" ")),
      );
    }
    const { client, conversationId } = await startConversation(keys.publishable);
    const { events, text } = await sendMessage(envFor(env, fake, {}), client, conversationId, { content: "Hours?" });
    expect(doneMessage(events).model).toBe("clawless-offline");
    expect(logged.some((line) => line.includes("invalid x-api-key"))).toBe(true);
    expect(logged.join("\n")).not.toContain(TENANT_KEY);
    expect(text).not.toContain(TENANT_KEY);
    const history = await widgetCall(client, "GET", `/conversations/${conversationId}/messages`);
    expect(await history.text()).not.toContain(TENANT_KEY);
    const stored = await env.DB.prepare("SELECT * FROM messages WHERE tenant_id = ?").bind(tenant.id).all();
    expect(JSON.stringify(stored.results)).not.toContain(TENANT_KEY);
  });

  it("refuses plain http outside development", async () => {
    const { tenant } = await createTenant();
    const production = { ...env, ENVIRONMENT: "production" } as unknown as Env;
    await expect(
      setProviderCredential(production, tenant.id, {
        provider: "openai",
        api_key: "sk-something-long",
        base_url: "http://127.0.0.1:11434/v1",
      }),
    ).rejects.toThrow(/https/);
  });
});
