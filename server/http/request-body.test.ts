import { describe, expect, it } from "vitest";
import { ADMIN_TOKEN, adminCreateTenant, countRows } from "../test/tenancy-helpers";
import { call, createTenant, errorOf, ORIGIN, startConversation } from "../test/helpers";

/**
 * Every route reads its body through http/request-body.ts: never past the cap, the stream
 * cancelled, a clean 413 in the one error shape; invalid UTF-8 refused; a body-less POST takes no
 * body or `{}` only.
 */

const MB = 1024 * 1024;
const CHUNK = 16 * 1024;
/** Slack for what the runtime buffers between the client's stream and the Worker's reader. */
const BUFFERED = 256 * 1024;

/** A client's body that would send `total` bytes, one chunk per pull, and says how far it got. */
function uploadOf(total = 10 * MB) {
  const state = { sent: 0 };
  const chunk = new Uint8Array(CHUNK).fill(0x20);
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (state.sent >= total) return controller.close();
        state.sent += CHUNK;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, state };
}

interface Target {
  name: string;
  cap: number;
  path: (ctx: Ctx) => string;
  headers: (ctx: Ctx) => Record<string, string>;
}

interface Ctx {
  secret: string;
  publishable: string;
  visitor: string;
  conversationId: string;
  tenantId: string;
}

const json = { "Content-Type": "application/json" };
const widget = (ctx: Ctx) => ({ ...json, Origin: ORIGIN, "X-Clawless-Visitor": ctx.visitor });
const developer = (ctx: Ctx) => ({ ...json, Authorization: `Bearer ${ctx.secret}` });

const TARGETS: Target[] = [
  {
    name: "widget bootstrap",
    cap: 64 * 1024,
    path: (c) => `/v1/widget/bootstrap?key=${c.publishable}`,
    headers: widget,
  },
  {
    name: "widget message",
    cap: 64 * 1024,
    path: (c) => `/v1/widget/conversations/${c.conversationId}/messages?key=${c.publishable}`,
    headers: widget,
  },
  {
    name: "widget reset",
    cap: 64 * 1024,
    path: (c) => `/v1/widget/conversations/${c.conversationId}/reset?key=${c.publishable}`,
    headers: widget,
  },
  {
    name: "admin create tenant",
    cap: 64 * 1024,
    path: () => "/admin/tenants",
    headers: () => ({ ...json, Authorization: `Bearer ${ADMIN_TOKEN}` }),
  },
  { name: "sessions API", cap: 64 * 1024, path: () => "/v1/sessions", headers: developer },
  {
    name: "sessions API with Idempotency-Key",
    cap: 64 * 1024,
    path: () => "/v1/sessions",
    headers: (c) => ({ ...developer(c), "Idempotency-Key": "big-body" }),
  },
  {
    name: "sessions API reset",
    cap: 64 * 1024,
    path: (c) => `/v1/sessions/${c.conversationId}/reset`,
    headers: developer,
  },
  { name: "chat completions", cap: MB, path: () => "/v1/chat/completions", headers: developer },
  {
    name: "chat completions with Idempotency-Key",
    cap: MB,
    path: () => "/v1/chat/completions",
    headers: (c) => ({ ...developer(c), "Idempotency-Key": "big-completion" }),
  },
  {
    name: "demo sign-in form",
    cap: 4096,
    path: () => "/demo/sign-in",
    headers: () => ({ "Content-Type": "application/x-www-form-urlencoded", Origin: "http://clawless.test" }),
  },
];

async function context(): Promise<Ctx> {
  const { tenant, keys } = await createTenant();
  const { visitor, conversationId } = await startConversation(keys.publishable);
  return {
    secret: keys.secret,
    publishable: keys.publishable,
    visitor: visitor.token,
    conversationId,
    tenantId: tenant.id,
  };
}

describe("request bodies are read up to the cap, never past it", () => {
  it.each(TARGETS)(
    "$name: a 10 MB chunked body is a 413 after reading about the cap",
    { timeout: 60_000 },
    async (target) => {
      const ctx = await context();
      const { stream, state } = uploadOf();
      const res = await call(target.path(ctx), {
        method: "POST",
        headers: target.headers(ctx),
        body: stream,
        duplex: "half",
      } as RequestInit);
      expect(res.status).toBe(413);
      const error = await errorOf(res);
      expect(error.type).toBe("payload_too_large");
      expect(error.request_id).toBe(res.headers.get("X-Request-Id"));
      // The Worker cancels its end; across the runtime's pipe the client sees the stream stop.
      expect(state.sent).toBeLessThanOrEqual(target.cap + BUFFERED);
      expect(await countRows("messages", ctx.tenantId)).toBe(0);
    },
  );

  it.each(TARGETS)(
    "$name: a declared Content-Length over the cap is refused before reading",
    { timeout: 60_000 },
    async (target) => {
      const ctx = await context();
      const { stream, state } = uploadOf();
      const res = await call(target.path(ctx), {
        method: "POST",
        headers: { ...target.headers(ctx), "Content-Length": String(10 * MB) },
        body: stream,
        duplex: "half",
      } as RequestInit);
      expect(res.status).toBe(413);
      expect((await errorOf(res)).type).toBe("payload_too_large");
      expect(state.sent).toBeLessThanOrEqual(BUFFERED);
    },
  );
});

describe("bodies are UTF-8 or refused", () => {
  const invalid = new Uint8Array([...new TextEncoder().encode('{"content":"caf'), 0xe9, 0x22, 0x7d]);

  it("refuses invalid UTF-8 in a widget message, naming the body, and stores nothing", async () => {
    const ctx = await context();
    const res = await call(`/v1/widget/conversations/${ctx.conversationId}/messages?key=${ctx.publishable}`, {
      method: "POST",
      headers: widget(ctx),
      body: invalid,
    });
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.details).toEqual({
      code: "invalid_encoding",
      problems: [{ field: "(body)", message: "is not valid UTF-8" }],
    });
    expect(await countRows("messages", ctx.tenantId)).toBe(0);
  });

  it("refuses invalid UTF-8 on the developer API and a JSON lone surrogate anywhere in the body", async () => {
    const ctx = await context();
    const post = (path: string, body: BodyInit) => call(path, { method: "POST", headers: developer(ctx), body });
    const bytes = await post("/v1/chat/completions", invalid);
    expect(bytes.status).toBe(400);
    expect(await bytes.json()).toMatchObject({ error: { type: "invalid_request", code: "invalid_encoding" } });

    const escaped = await post("/v1/sessions", '{"visitor_id":"v\\ud800"}');
    expect(escaped.status).toBe(400);
    expect((await errorOf(escaped)).details).toMatchObject({
      code: "invalid_encoding",
      problems: [{ field: "visitor_id" }],
    });
    const pair = await post("/v1/sessions", '{"visitor_id":"v\\ud83d\\ude00"}');
    expect(pair.status).toBe(201);
  });

  it("names malformed JSON as the body's problem", async () => {
    const ctx = await context();
    const res = await call("/v1/sessions", { method: "POST", headers: developer(ctx), body: '{"user_id":' });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).details).toEqual({
      code: "invalid_json",
      problems: [{ field: "(body)", message: "is not valid JSON" }],
    });
  });
});

describe("a POST that takes no body accepts none, or {} as JSON", () => {
  it("widget and sessions API resets", { timeout: 60_000 }, async () => {
    const ctx = await context();
    const widgetReset = (init: RequestInit) =>
      call(`/v1/widget/conversations/${ctx.conversationId}/reset?key=${ctx.publishable}`, {
        method: "POST",
        ...init,
        headers: { Origin: ORIGIN, "X-Clawless-Visitor": ctx.visitor, ...init.headers },
      });
    const apiReset = (init: RequestInit) =>
      call(`/v1/sessions/${ctx.conversationId}/reset`, {
        method: "POST",
        ...init,
        headers: { Authorization: `Bearer ${ctx.secret}`, ...init.headers },
      });
    for (const reset of [widgetReset, apiReset]) {
      expect((await reset({})).status).toBe(200);
      expect((await reset({ headers: json, body: "{}" })).status).toBe(200);
      const text = await reset({ headers: { "Content-Type": "text/plain" }, body: "reset please" });
      expect(text.status).toBe(415);
      expect((await errorOf(text)).details).toMatchObject({ problems: [{ field: "Content-Type" }] });
      const untyped = await reset({ body: new TextEncoder().encode("{}") });
      expect(untyped.status).toBe(415);
      const extra = await reset({ headers: json, body: '{"hard":true}' });
      expect(extra.status).toBe(400);
      expect((await errorOf(extra)).details).toMatchObject({ problems: [{ field: "hard" }] });
      const array = await reset({ headers: json, body: "[1]" });
      expect(array.status).toBe(400);
      const big = await reset({ headers: json, body: `{"pad":"${"x".repeat(70_000)}"}` });
      expect(big.status).toBe(413);
    }
  });

  it("admin suspend, revoke and identity-secret creation refuse a body and change nothing", async () => {
    const tenantId = (await adminCreateTenant("Body Shop")).tenant.id;
    const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };
    const keys = (await (await call(`/admin/tenants/${tenantId}/keys`, { headers: auth })).json()) as {
      data: { id: string }[];
    };
    const admin = (path: string, body?: string) =>
      call(`/admin/tenants/${tenantId}${path}`, {
        method: "POST",
        headers: { ...auth, ...(body === undefined ? {} : json) },
        body,
      });
    expect((await admin("/suspend", '{"status":"suspended"}')).status).toBe(400);
    expect((await admin(`/keys/${keys.data[0]!.id}/revoke`, '{"now":true}')).status).toBe(400);
    expect((await admin("/identity-secret", '{"secret":"mine"}')).status).toBe(400);
    const tenant = (await (await call(`/admin/tenants/${tenantId}`, { headers: auth })).json()) as {
      tenant: { status: string };
    };
    expect(tenant.tenant.status).toBe("active");
    expect((await admin("/suspend")).status).toBe(200);
    expect((await admin("/resume", "{}")).status).toBe(200);
  });
});

describe("form posts", () => {
  it("refuse a form that is not UTF-8", async () => {
    const res = await call("/demo/sign-in", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://clawless.test" },
      body: new Uint8Array([0x70, 0x3d, 0xff]),
    });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).details).toMatchObject({ code: "invalid_encoding" });
  });
});
