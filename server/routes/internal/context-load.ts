import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../env";
import { notFound } from "../../http/errors";
import { parseJsonBody } from "../../http/validation";
import { contextCacheKey, loadContext } from "../../sessions/context-cache";
import { sessionStore, type MessageRecord, type SessionRecord } from "../../sessions/repository";
import { sessionTenantId } from "../../sessions/sessions";

/**
 * The benchmark's session-load probe: loads a session's context as a turn does, once from a warm
 * KV snapshot and once after deleting it (D1), and reports how long each took inside the Worker.
 * Mounted only with BENCH_ROUTES (see bare-stream.ts).
 */

const bodySchema = z.object({ session_id: z.string().min(1), cache: z.enum(["hit", "miss"]) });

export async function contextLoad(c: Context<AppEnv>) {
  const body = await parseJsonBody(c, bodySchema);
  const tenantId = await sessionTenantId(c.env.DB, body.session_id);
  if (!tenantId) throw notFound("Session");
  const store = sessionStore(c.env.DB, tenantId);
  const session = (await store.get(body.session_id)) as SessionRecord;
  const { messages } = await store.listMessages(session.id, { limit: 200 });
  const last = messages.at(-1);
  if (!last) throw notFound("Messages");
  // The message "being answered": one past the last stored, as when a turn starts.
  const latest: MessageRecord = { ...last, seq: last.seq + 1, role: "user" };
  const key = contextCacheKey(tenantId, session.id);
  if (body.cache === "miss") await c.env.CACHE.delete(key);
  else {
    const snapshot = {
      start_seq: 0,
      last_seq: last.seq,
      messages: messages.map(({ seq, role, content }) => ({ seq, role, content })),
    };
    await c.env.CACHE.put(key, JSON.stringify(snapshot), { expirationTtl: 300 });
  }
  const start = performance.now();
  const loaded = await loadContext(c.env.CACHE, store, tenantId, session, latest);
  const ms = performance.now() - start;
  return c.json({ ms, source: loaded.source, messages: loaded.messages.length });
}
