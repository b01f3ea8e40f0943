import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { apiHarness, type ApiHarness } from "../../../test/api-helpers";
import { createTenant, parseSse } from "../../../test/helpers";
import { adminCall } from "../../../test/tenancy-helpers";
import { turnResultSchema, sessionPageSchema, messagePageSchema, toolExecutionPageSchema } from "./schemas";

/** The sessions API through plain fetch: pages and their edges, turns in JSON and SSE, every refusal. */

const knowledge = [{ id: "ship", title: "Shipping", content: "We ship worldwide within 3 business days." }];

async function setup() {
  const { tenant, keys } = await createTenant({ assistant: { knowledge } });
  return { tenant, keys, api: apiHarness(keys.secret) };
}

async function json(res: Response | Promise<Response>) {
  const r = await res;
  return { status: r.status, body: (await r.json()) as any, headers: r.headers };
}

const post = (api: ApiHarness, path: string, body: unknown, headers: Record<string, string> = {}) =>
  api.fetch(path, { method: "POST", headers, body: JSON.stringify(body) });

async function createSession(api: ApiHarness, body: unknown = {}) {
  const res = await json(post(api, "/v1/sessions", body));
  expect(res.status).toBe(201);
  return res.body.session as { id: string; channel: string; user_id: string | null; status: string };
}

/** Makes updated_at distinct and ordered without waiting: the list orders by it. */
async function touch(sessionId: string, updatedAt: number) {
  await env.DB.prepare("UPDATE sessions SET updated_at = ? WHERE id = ?").bind(updatedAt, sessionId).run();
}

describe("sessions", () => {
  it("creates, reads, lists a page at a time, resets and deletes", async () => {
    const { api } = await setup();
    const created = await createSession(api, { user_id: "user-7" });
    expect(created).toMatchObject({ channel: "api", status: "active", user_id: "user-7", visitor_id: null });
    expect(created.id).toMatch(/^ses_/);
    expect((await json(api.fetch(`/v1/sessions/${created.id}`))).body.session).toEqual(created);

    const reset = await json(post(api, `/v1/sessions/${created.id}/reset`, undefined));
    expect(reset.status).toBe(200);
    expect(reset.body.session.id).toBe(created.id);

    const deleted = await api.fetch(`/v1/sessions/${created.id}`, { method: "DELETE" });
    expect(deleted.status).toBe(204);
    expect((await json(api.fetch(`/v1/sessions/${created.id}`))).status).toBe(404);
    expect((await api.fetch(`/v1/sessions/${created.id}`, { method: "DELETE" })).status).toBe(404);
  });

  it("pages exactly: a full last page has no more, one over has a cursor to the rest", async () => {
    const { api } = await setup();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { id } = await createSession(api);
      await touch(id, 1_000_000 + i);
      ids.push(id);
    }
    const newestFirst = [...ids].reverse();

    const all = await json(api.fetch("/v1/sessions?limit=3"));
    sessionPageSchema.parse(all.body);
    expect(all.body.data.map((s: any) => s.id)).toEqual(newestFirst);
    expect([all.body.has_more, all.body.next_cursor]).toEqual([false, null]);

    const first = await json(api.fetch("/v1/sessions?limit=2"));
    expect(first.body.data.map((s: any) => s.id)).toEqual(newestFirst.slice(0, 2));
    expect(first.body.has_more).toBe(true);
    const second = await json(api.fetch(`/v1/sessions?limit=2&cursor=${first.body.next_cursor}`));
    expect(second.body.data.map((s: any) => s.id)).toEqual(newestFirst.slice(2));
    expect([second.body.has_more, second.body.next_cursor]).toEqual([false, null]);

    const one = await json(api.fetch("/v1/sessions?limit=1"));
    expect(one.body.data).toHaveLength(1);
    expect(one.body.has_more).toBe(true);
  });

  it("filters by status, user, visitor and activity", async () => {
    const { api } = await setup();
    const mine = await createSession(api, { user_id: "user-a" });
    const visitor = await createSession(api, { visitor_id: "vis-b" });
    const old = await createSession(api);
    await touch(old.id, Date.parse("2020-01-01T00:00:00Z"));
    await env.DB.prepare("UPDATE sessions SET status = 'closed' WHERE id = ?").bind(visitor.id).run();

    const ids = async (query: string) =>
      (await json(api.fetch(`/v1/sessions?${query}`))).body.data.map((s: any) => s.id).sort();
    expect(await ids("user_id=user-a")).toEqual([mine.id]);
    expect(await ids("visitor_id=vis-b")).toEqual([visitor.id]);
    expect(await ids("status=closed")).toEqual([visitor.id]);
    expect(await ids("status=active")).toEqual([mine.id, old.id].sort());
    expect(await ids("updated_since=2021-01-01T00:00:00Z")).toEqual([mine.id, visitor.id].sort());
    expect(await ids("updated_since=2999-01-01T00:00:00Z")).toEqual([]);
  });

  it("refuses bad queries and bodies, naming the field", async () => {
    const { api } = await setup();
    const cases: [Promise<Response>, number, string][] = [
      [api.fetch("/v1/sessions?limit=0"), 400, "limit"],
      [api.fetch("/v1/sessions?limit=101"), 400, "limit"],
      [api.fetch("/v1/sessions?cursor=bm90LWEtY3Vyc29y"), 400, "cursor"],
      [api.fetch("/v1/sessions?status=open"), 400, "status"],
      [api.fetch("/v1/sessions?updated_since=yesterday"), 400, "updated_since"],
      [api.fetch("/v1/sessions?colour=red"), 400, "colour"],
      [post(api, "/v1/sessions", { owner: "me" }), 400, "owner"],
      [post(api, "/v1/sessions", { user_id: "" }), 400, "user_id"],
      [post(api, "/v1/sessions", { user_id: "x".repeat(201) }), 413, "user_id"],
    ];
    for (const [sent, status, field] of cases) {
      const res = await json(sent);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.error.type).toBe(status === 413 ? "payload_too_large" : "invalid_request");
      expect(res.body.error.details.problems[0].field).toBe(field);
      expect(res.body.error.request_id).toMatch(/^req_/);
    }
    const huge = await json(post(api, "/v1/sessions", { user_id: "u", pad: "x".repeat(70_000) }));
    expect([huge.status, huge.body.error.type]).toEqual([413, "payload_too_large"]);
    const notJson = await json(
      api.fetch("/v1/sessions", { method: "POST", body: "{", headers: { "Content-Type": "application/json" } }),
    );
    expect(notJson.status).toBe(400);
    const wrongType = await json(
      api.fetch("/v1/sessions", { method: "POST", body: "user_id=x", headers: { "Content-Type": "text/plain" } }),
    );
    expect([wrongType.status, wrongType.body.error.type]).toEqual([415, "invalid_request"]);
  });

  it("answers 400 for a malformed id and 404 for an unknown or another tenant's id, on every session route", async () => {
    const { api } = await setup();
    const other = await setup();
    const theirs = await createSession(other.api);
    const routes: [string, string, unknown?][] = [
      ["GET", ""],
      ["DELETE", ""],
      ["POST", "/reset"],
      ["GET", "/messages"],
      ["POST", "/messages", { content: "hi" }],
      ["GET", "/tool-executions"],
    ];
    for (const [method, suffix, body] of routes) {
      const send = (id: string) =>
        api.fetch(`/v1/sessions/${id}${suffix}`, {
          method,
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      expect((await send("nope")).status, `${method} ${suffix}`).toBe(400);
      for (const id of ["ses_0000000000000000000000", theirs.id]) {
        const res = await json(send(id));
        expect([res.status, res.body.error.type], `${method} ${suffix}`).toEqual([404, "not_found"]);
      }
    }
    expect((await json(other.api.fetch(`/v1/sessions/${theirs.id}`))).status).toBe(200);
  });

  it("needs a secret key with the route's scope", async () => {
    const { tenant, api } = await setup();
    const session = await createSession(api);
    expect((await api.fetch("/v1/sessions", { headers: { Authorization: "" } })).status).toBe(401);
    expect((await api.fetch("/v1/sessions", { headers: { Authorization: "Bearer sk_test_nope" } })).status).toBe(401);
    const key = async (scopes: string[]) =>
      ((await (await adminCall("POST", `/tenants/${tenant.id}/keys`, { scopes })).json()) as { value: string }).value;
    const readOnly = apiHarness(await key(["sessions:read"]));
    expect((await readOnly.fetch("/v1/sessions")).status).toBe(200);
    expect((await post(readOnly, "/v1/sessions", {})).status).toBe(403);
    expect((await readOnly.fetch(`/v1/sessions/${session.id}`, { method: "DELETE" })).status).toBe(403);
    expect((await post(readOnly, `/v1/sessions/${session.id}/messages`, { content: "hi" })).status).toBe(403);
    const writeOnly = apiHarness(await key(["sessions:write"]));
    expect((await writeOnly.fetch("/v1/sessions")).status).toBe(403);
  });
});

describe("messages", () => {
  it("runs a turn and answers with JSON when done", async () => {
    const { tenant, api } = await setup();
    const session = await createSession(api);
    const res = await json(post(api, `/v1/sessions/${session.id}/messages`, { content: "How long is shipping?" }));
    expect(res.status).toBe(200);
    const result = turnResultSchema.parse(res.body);
    expect(result.user_message).toMatchObject({ role: "user", content: "How long is shipping?", seq: 1 });
    expect(result.message).toMatchObject({ role: "assistant", seq: 2, model: "clawless-offline" });
    expect(result.message.content).toContain("We ship worldwide within 3 business days.");
    expect(result.message.reply_to).toBe(result.user_message.id);
    expect(res.headers.get("X-Clawless-Turn")).toBe(result.user_message.id);
    const usage = await env.DB.prepare("SELECT messages FROM usage WHERE tenant_id = ?").bind(tenant.id).first<any>();
    expect(usage.messages).toBe(1);
  });

  it("streams the turn as the widget's events with Accept: text/event-stream", async () => {
    const { api } = await setup();
    const session = await createSession(api);
    const res = await api.fetch(`/v1/sessions/${session.id}/messages`, {
      method: "POST",
      headers: { Accept: "text/event-stream" },
      body: JSON.stringify({ content: "Shipping?" }),
    });
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = parseSse(await res.text());
    expect(events[0]!.data.type).toBe("message.user");
    expect(events.at(-1)!.data.type).toBe("message.done");
    expect(events.map((e) => Number(e.id))).toEqual(events.map((_, i) => i + 1));
    await api.settled();
  });

  it("pages messages backwards from the newest, to the exact edges", async () => {
    const { api } = await setup();
    const session = await createSession(api);
    for (const content of ["one", "two"]) {
      expect((await post(api, `/v1/sessions/${session.id}/messages`, { content })).status).toBe(200);
    }
    const seqs = async (query: string) => {
      const page = messagePageSchema.parse(
        (await json(api.fetch(`/v1/sessions/${session.id}/messages?${query}`))).body,
      );
      return [page.data.map((m) => m.seq), page.has_more, page.next_before];
    };
    expect(await seqs("")).toEqual([[1, 2, 3, 4], false, null]);
    expect(await seqs("limit=4")).toEqual([[1, 2, 3, 4], false, null]);
    expect(await seqs("limit=3")).toEqual([[2, 3, 4], true, 2]);
    expect(await seqs("limit=3&before=2")).toEqual([[1], false, null]);
    expect(await seqs("before=1")).toEqual([[], false, null]);
    expect((await api.fetch(`/v1/sessions/${session.id}/messages?before=0`)).status).toBe(400);
    expect((await api.fetch(`/v1/sessions/${session.id}/messages?limit=201`)).status).toBe(400);
  });

  it("refuses an empty or too long message, and writes nothing", async () => {
    const { tenant, api } = await setup();
    const session = await createSession(api);
    const empty = await json(post(api, `/v1/sessions/${session.id}/messages`, { content: "  " }));
    expect([empty.status, empty.body.error.details.problems[0].field]).toEqual([400, "content"]);
    const long = await json(post(api, `/v1/sessions/${session.id}/messages`, { content: "x".repeat(8_001) }));
    expect(long.status).toBe(413);
    const model = await json(post(api, `/v1/sessions/${session.id}/messages`, { content: "hi", model: "gpt-99" }));
    expect([model.status, model.body.error.details.problems[0].field]).toEqual([404, "model"]);
    const rows = await env.DB.prepare("SELECT COUNT(*) AS n FROM messages WHERE tenant_id = ?")
      .bind(tenant.id)
      .first<any>();
    expect(rows.n).toBe(0);
  });

  it("a reset starts the model's context afresh and keeps the history", async () => {
    const { api } = await setup();
    const session = await createSession(api);
    await post(api, `/v1/sessions/${session.id}/messages`, { content: "Shipping?" });
    await post(api, `/v1/sessions/${session.id}/reset`, {});
    const row = await env.DB.prepare("SELECT context_start_seq FROM sessions WHERE id = ?")
      .bind(session.id)
      .first<any>();
    expect(row.context_start_seq).toBe(2);
    expect((await json(api.fetch(`/v1/sessions/${session.id}/messages`))).body.data).toHaveLength(2);
  });
});

describe("Idempotency-Key on the sessions API", () => {
  it("creates one session for a retried POST, and refuses the key with another body", async () => {
    const { tenant, api } = await setup();
    const headers = { "Idempotency-Key": "create-1" };
    const first = await json(post(api, "/v1/sessions", { user_id: "u1" }, headers));
    const again = await json(post(api, "/v1/sessions", { user_id: "u1" }, headers));
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    const count = await env.DB.prepare("SELECT COUNT(*) AS n FROM sessions WHERE tenant_id = ?")
      .bind(tenant.id)
      .first<any>();
    expect(count.n).toBe(1);
    const other = await json(post(api, "/v1/sessions", { user_id: "u2" }, headers));
    expect([other.status, other.body.error.type, other.body.error.details.code]).toEqual([
      409,
      "conflict",
      "idempotency_key_reused",
    ]);
    // The same key on another route is another request too.
    const elsewhere = await json(post(api, `/v1/sessions/${first.body.session.id}/reset`, {}, headers));
    expect(elsewhere.status).toBe(409);
    const bad = await json(post(api, "/v1/sessions", {}, { "Idempotency-Key": "a b" }));
    expect(bad.status).toBe(400);
  });

  it("runs a retried message once and returns the same answer", async () => {
    const { api } = await setup();
    const session = await createSession(api);
    const headers = { "Idempotency-Key": "msg-1" };
    const first = await json(post(api, `/v1/sessions/${session.id}/messages`, { content: "Shipping?" }, headers));
    const again = await json(post(api, `/v1/sessions/${session.id}/messages`, { content: "Shipping?" }, headers));
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("X-Clawless-Turn")).toBe(first.headers.get("X-Clawless-Turn"));
    const page = (await json(api.fetch(`/v1/sessions/${session.id}/messages`))).body;
    expect(page.data).toHaveLength(2);
  });

  it("replays a streamed turn as it was sent", async () => {
    const { api } = await setup();
    const session = await createSession(api);
    const send = () =>
      api.fetch(`/v1/sessions/${session.id}/messages`, {
        method: "POST",
        headers: { Accept: "text/event-stream", "Idempotency-Key": "sse-1" },
        body: JSON.stringify({ content: "Shipping?" }),
      });
    const first = await (await send()).text();
    await api.settled();
    const replay = await send();
    expect(await replay.text()).toBe(first);
    expect(parseSse(first).at(-1)!.data.type).toBe("message.done");
    expect((await json(api.fetch(`/v1/sessions/${session.id}/messages`))).body.data).toHaveLength(2);
  });
});

describe("tool executions", () => {
  it("lists a session's tool log, oldest first, a page at a time, and nothing of other sessions", async () => {
    const { tenant, api } = await setup();
    const session = await createSession(api);
    const other = await createSession(api);
    const insert = (id: string, sessionId: string, at: number, output: string | null, error: string | null) =>
      env.DB.prepare(
        `INSERT INTO tool_executions (id, tenant_id, session_id, message_id, tool, input, output, error, duration_ms, created_at)
         VALUES (?, ?, ?, NULL, 'crm_lookup', '{"email":"a@b.c"}', ?, ?, 12, ?)`,
      )
        .bind(id, tenant.id, sessionId, output, error, at)
        .run();
    await insert("tex_1", session.id, 1000, '{"plan":"pro"}', null);
    await insert("tex_2", session.id, 2000, null, "timeout");
    await insert("tex_3", session.id, 3000, "plain text", null);
    await insert("tex_x", other.id, 1500, "{}", null);

    const first = toolExecutionPageSchema.parse(
      (await json(api.fetch(`/v1/sessions/${session.id}/tool-executions?limit=2`))).body,
    );
    expect(first.data.map((e) => e.id)).toEqual(["tex_1", "tex_2"]);
    expect(first.data[0]).toMatchObject({
      tool: "crm_lookup",
      input: { email: "a@b.c" },
      output: { plan: "pro" },
      error: null,
      duration_ms: 12,
      created_at: new Date(1000).toISOString(),
    });
    expect(first.data[1]).toMatchObject({ output: null, error: "timeout" });
    expect(first.has_more).toBe(true);
    const second = (
      await json(api.fetch(`/v1/sessions/${session.id}/tool-executions?limit=2&cursor=${first.next_cursor}`))
    ).body;
    expect(second.data.map((e: any) => [e.id, e.output])).toEqual([["tex_3", "plain text"]]);
    expect([second.has_more, second.next_cursor]).toEqual([false, null]);
    const exact = (await json(api.fetch(`/v1/sessions/${session.id}/tool-executions?limit=3`))).body;
    expect([exact.data.length, exact.has_more]).toEqual([3, false]);
    expect((await api.fetch(`/v1/sessions/${session.id}/tool-executions?cursor=zzz`)).status).toBe(400);
  });
});
