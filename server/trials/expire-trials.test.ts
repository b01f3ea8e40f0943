import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../index";
import { call, widgetCall } from "../test/helpers";
import { tenantPrefix } from "../files/tenant-files";
import { hashKey } from "../tenants/keys";
import { keyCacheKey, tenantCacheKey } from "../tenants/resolve";
import { publishableKey } from "./tenant-ops";
import { createTrialViaForm, postForm, WORKER_ORIGIN } from "./test-helpers";
import { trialStore } from "./trial-store";

const count = async (sql: string, ...params: unknown[]) =>
  (await env.DB.prepare(sql)
    .bind(...params)
    .first<{ n: number }>())!.n;

/** Runs the Worker's own scheduled handler, as the daily cron trigger does. */
async function runCron() {
  await worker.scheduled(createScheduledController({ cron: "17 3 * * *", scheduledTime: Date.now() }), env);
}

describe("the daily trial clean-up (scheduled handler)", () => {
  it("deletes an expired trial's tenant and all its data, keeps a tombstone, and leaves live trials alone", async () => {
    const expiredId = await createTrialViaForm({ company: "Old Co" });
    const liveId = await createTrialViaForm({ company: "New Co" });
    const store = trialStore(env.DB);
    const expired = (await store.get(expiredId))!;
    const tenantId = expired.tenant_id!;
    const key = (await publishableKey(env.DB, tenantId))!;

    // A conversation on the preview, and the tenant and key cached in KV as a live widget leaves them.
    const visitor = { key, origin: WORKER_ORIGIN };
    const boot = (await (await widgetCall(visitor, "POST", "/bootstrap", {})).json()) as { visitor: { token: string } };
    const chat = { ...visitor, visitor: boot.visitor.token };
    const conv = (await (await widgetCall(chat, "POST", "/conversations", {})).json()) as {
      conversation: { id: string };
    };
    await (await widgetCall(chat, "POST", `/conversations/${conv.conversation.id}/messages`, { content: "Hi" })).text();
    expect(await count("SELECT COUNT(*) AS n FROM messages WHERE tenant_id = ?", tenantId)).toBe(2);
    expect(await env.CACHE.get(keyCacheKey(await hashKey(key)))).not.toBeNull();
    // Files the trial's assistant kept, in the tenant's own space and in a conversation's.
    await env.FILES.put(`${tenantPrefix(tenantId)}files/faq.md`, "# FAQ");
    await env.FILES.put(`${tenantPrefix(tenantId)}conversations/${conv.conversation.id}/files/note.txt`, "hi");

    await postForm(`/demo/console/trials/${expiredId}/end`, {});
    await runCron();

    for (const table of ["tenants", "api_keys", "sessions", "messages", "usage"]) {
      const column = table === "tenants" ? "id" : "tenant_id";
      expect(await count(`SELECT COUNT(*) AS n FROM ${table} WHERE ${column} = ?`, tenantId)).toBe(0);
    }
    expect((await env.FILES.list({ prefix: tenantPrefix(tenantId) })).objects).toEqual([]);
    expect(await env.CACHE.get(tenantCacheKey(tenantId))).toBeNull();
    expect(await env.CACHE.get(keyCacheKey(await hashKey(key)))).toBeNull();
    const tombstone = (await store.get(expiredId))!;
    expect(tombstone.tenant_id).toBeNull();
    expect(tombstone.ended_at).not.toBeNull();

    // The old key is dead; the share link is a friendly page.
    expect((await widgetCall(visitor, "POST", "/bootstrap", {})).status).toBe(401);
    const page = await call(`/demo/t/${expiredId}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("The preview of Old Co&#39;s AI assistant ended on");

    const live = (await store.get(liveId))!;
    expect(live.ended_at).toBeNull();
    expect(await count("SELECT COUNT(*) AS n FROM tenants WHERE id = ?", live.tenant_id)).toBe(1);

    // A second run has nothing left to do.
    const endedAt = tombstone.ended_at;
    await runCron();
    expect((await store.get(expiredId))!.ended_at).toBe(endedAt);
  });
});
