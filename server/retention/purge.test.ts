import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createTenant, parseSse, startConversation, widgetCall } from "../test/helpers";
import { purgeExpiredData } from "./purge";

const DAY = 86_400_000;

async function conversationWithMessage(key: string) {
  const { client, conversationId } = await startConversation(key);
  await parseSse(
    await (await widgetCall(client, "POST", `/conversations/${conversationId}/messages`, { content: "hi" })).text(),
  );
  return { client, conversationId };
}

const count = async (sql: string, ...params: unknown[]) =>
  (await env.DB.prepare(sql)
    .bind(...params)
    .first<{ n: number }>())!.n;

describe("the retention pass", () => {
  it("deletes conversations past their tenant's retention, with their messages, and keeps the rest", async () => {
    const short = await createTenant({ retention_days: 7 });
    const standard = await createTenant();
    const old = await conversationWithMessage(short.keys.publishable);
    const recent = await conversationWithMessage(short.keys.publishable);
    const other = await conversationWithMessage(standard.keys.publishable);
    const now = Date.now();
    // Age two conversations by 10 days: past the 7-day tenant's retention, within the default 30.
    await env.DB.prepare("UPDATE sessions SET updated_at = ? WHERE id IN (?, ?)")
      .bind(now - 10 * DAY, old.conversationId, other.conversationId)
      .run();

    const result = await purgeExpiredData(env.DB, now);

    expect(result.sessions).toBe(1);
    expect(await count("SELECT COUNT(*) AS n FROM sessions WHERE id = ?", old.conversationId)).toBe(0);
    expect(await count("SELECT COUNT(*) AS n FROM messages WHERE session_id = ?", old.conversationId)).toBe(0);
    expect(
      await count("SELECT COUNT(*) AS n FROM sessions WHERE id IN (?, ?)", recent.conversationId, other.conversationId),
    ).toBe(2);
    const gone = await widgetCall(old.client, "GET", `/conversations/${old.conversationId}/messages`);
    expect(gone.status).toBe(404);
  });

  it("drops request logs older than 30 days", async () => {
    const { tenant } = await createTenant();
    const now = Date.now();
    await env.DB.batch(
      [now - 31 * DAY, now - DAY].map((at, i) =>
        env.DB.prepare(
          "INSERT INTO request_logs (id, tenant_id, key_id, route, method, status, duration_ms, created_at) VALUES (?, ?, NULL, '/x', 'GET', 200, 1, ?)",
        ).bind(`req_retention_${i}`, tenant.id, at),
      ),
    );
    await purgeExpiredData(env.DB, now);
    const left = await env.DB.prepare("SELECT id FROM request_logs WHERE id LIKE 'req_retention_%'").all();
    expect(left.results).toEqual([{ id: "req_retention_1" }]);
  });
});
