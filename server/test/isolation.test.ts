import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { SecretKeyScope } from "../tenants/keys";
import { call } from "./helpers";
import { adminCall, adminCreateTenant } from "./tenancy-helpers";

/**
 * Tenant isolation, proven endpoint by endpoint. Two tenants (A, the victim, and B, the attacker)
 * with data; for every endpoint in ENDPOINTS, every way of reaching A's data from B (or from another
 * of A's visitors) fails — 404 for someone else's id (existence is not leaked), 401 for credentials
 * that are not valid here, 403 for a wrong origin or scope — and no response, failed or not, carries
 * any of A's data. A suspended tenant gets 403 on every endpoint, a deleted one 401.
 *
 * A new endpoint joins the suite by adding one row to ENDPOINTS (or ADMIN_ENDPOINTS).
 */

type Auth = "publishable" | "visitor" | "secret";

/** Every fixture's first turn has a client tool call waiting for this id (see makeTenant). */
const PENDING_CALL_ID = "call_isolation";

interface Endpoint {
  name: string;
  method: string;
  auth: Auth;
  /** The scope a secret key needs (auth "secret"). */
  scope?: SecretKeyScope;
  /** The path, given the ids of the tenant whose data it names. */
  path: (ids: Ids) => string;
  /** Whether the path (or body) names a conversation (so another owner's id must be 404). */
  namesConversation?: boolean;
  /** The JSON body, or a function of the ids when the body names the tenant's data. */
  body?: unknown | ((ids: Ids) => unknown);
  ok: number;
}

const ENDPOINTS: Endpoint[] = [
  { name: "bootstrap", method: "POST", auth: "publishable", path: () => "/v1/widget/bootstrap", body: {}, ok: 200 },
  {
    name: "create conversation",
    method: "POST",
    auth: "visitor",
    path: () => "/v1/widget/conversations",
    body: {},
    ok: 201,
  },
  { name: "list conversations", method: "GET", auth: "visitor", path: () => "/v1/widget/conversations", ok: 200 },
  {
    name: "list messages",
    method: "GET",
    auth: "visitor",
    path: (ids) => `/v1/widget/conversations/${ids.conversationId}/messages`,
    namesConversation: true,
    ok: 200,
  },
  {
    name: "send message",
    method: "POST",
    auth: "visitor",
    path: (ids) => `/v1/widget/conversations/${ids.conversationId}/messages`,
    namesConversation: true,
    body: { content: "What do you know?" },
    ok: 200,
  },
  {
    name: "resume a turn",
    method: "GET",
    auth: "visitor",
    path: (ids) => `/v1/widget/conversations/${ids.conversationId}/turns/${ids.turnId}/events`,
    namesConversation: true,
    ok: 200,
  },
  {
    name: "rate an answer",
    method: "POST",
    auth: "visitor",
    path: (ids) => `/v1/widget/conversations/${ids.conversationId}/messages/${ids.answerId}/feedback`,
    namesConversation: true,
    body: { rating: "up" },
    ok: 200,
  },
  {
    name: "reset conversation",
    method: "POST",
    auth: "visitor",
    path: (ids) => `/v1/widget/conversations/${ids.conversationId}/reset`,
    namesConversation: true,
    ok: 200,
  },
  {
    name: "client tool result",
    method: "POST",
    auth: "visitor",
    path: (ids) => `/v1/widget/conversations/${ids.conversationId}/turns/${ids.turnId}/tool-results`,
    namesConversation: true,
    body: { call_id: PENDING_CALL_ID, output: { ok: true } },
    ok: 202,
  },
  { name: "usage", method: "GET", auth: "secret", scope: "usage:read", path: () => "/v1/usage", ok: 200 },
  {
    name: "chat completion",
    method: "POST",
    auth: "secret",
    scope: "chat",
    path: () => "/v1/chat/completions",
    body: { model: "auto", messages: [{ role: "user", content: "What do you know?" }] },
    ok: 200,
  },
  {
    name: "chat completion in a session",
    method: "POST",
    auth: "secret",
    scope: "chat",
    path: () => "/v1/chat/completions",
    namesConversation: true,
    body: (ids: Ids) => ({
      model: "auto",
      messages: [{ role: "user", content: "What do you know?" }],
      session_id: ids.apiSessionId,
    }),
    ok: 200,
  },
  { name: "list sessions", method: "GET", auth: "secret", scope: "sessions:read", path: () => "/v1/sessions", ok: 200 },
  {
    name: "create session",
    method: "POST",
    auth: "secret",
    scope: "sessions:write",
    path: () => "/v1/sessions",
    body: {},
    ok: 201,
  },
  {
    name: "get session",
    method: "GET",
    auth: "secret",
    scope: "sessions:read",
    path: (ids) => `/v1/sessions/${ids.apiSessionId}`,
    namesConversation: true,
    ok: 200,
  },
  {
    name: "list session messages",
    method: "GET",
    auth: "secret",
    scope: "sessions:read",
    path: (ids) => `/v1/sessions/${ids.apiSessionId}/messages`,
    namesConversation: true,
    ok: 200,
  },
  {
    name: "send session message",
    method: "POST",
    auth: "secret",
    scope: "chat",
    path: (ids) => `/v1/sessions/${ids.apiSessionId}/messages`,
    namesConversation: true,
    body: { content: "What do you know?" },
    ok: 200,
  },
  {
    name: "session tool executions",
    method: "GET",
    auth: "secret",
    scope: "sessions:read",
    path: (ids) => `/v1/sessions/${ids.apiSessionId}/tool-executions`,
    namesConversation: true,
    ok: 200,
  },
  {
    name: "reset session",
    method: "POST",
    auth: "secret",
    scope: "sessions:write",
    path: (ids) => `/v1/sessions/${ids.apiSessionId}/reset`,
    namesConversation: true,
    ok: 200,
  },
  {
    name: "delete session",
    method: "DELETE",
    auth: "secret",
    scope: "sessions:write",
    path: (ids) => `/v1/sessions/${ids.apiSessionId}`,
    namesConversation: true,
    ok: 204,
  },
  // Last: the owner's own call deletes the conversation the rows above use.
  {
    name: "delete conversation",
    method: "DELETE",
    auth: "visitor",
    path: (ids) => `/v1/widget/conversations/${ids.conversationId}`,
    namesConversation: true,
    ok: 204,
  },
];

/** Admin routes that name a tenant's key: another tenant's key id under this tenant's path is 404. */
const ADMIN_KEY_ENDPOINTS = [
  { method: "GET", path: (t: string, k: string) => `/tenants/${t}/keys/${k}` },
  { method: "POST", path: (t: string, k: string) => `/tenants/${t}/keys/${k}/revoke`, body: {} },
  { method: "POST", path: (t: string, k: string) => `/tenants/${t}/keys/${k}/rotate`, body: {} },
];

/** Every admin route: none opens without the admin token, whatever tenant credential is sent. */
const ADMIN_ENDPOINTS = [
  ["POST", "/tenants"],
  ["GET", "/tenants"],
  ["GET", "/tenants/:t"],
  ["PATCH", "/tenants/:t"],
  ["DELETE", "/tenants/:t"],
  ["GET", "/tenants/:t/config"],
  ["PUT", "/tenants/:t/config"],
  ["POST", "/tenants/:t/suspend"],
  ["POST", "/tenants/:t/resume"],
  ["GET", "/tenants/:t/usage"],
  ["GET", "/tenants/:t/request-logs"],
  ["GET", "/tenants/:t/keys"],
  ["POST", "/tenants/:t/keys"],
  ["GET", "/tenants/:t/identity-secret"],
  ["POST", "/tenants/:t/identity-secret"],
  ["POST", "/tenants/:t/identity-secret/rotate"],
  ["DELETE", "/tenants/:t/identity-secret"],
  ["GET", "/tenants/:t/tool-secrets"],
  ["PUT", "/tenants/:t/tool-secrets/some_tool"],
  ["DELETE", "/tenants/:t/tool-secrets/some_tool"],
] as const;

interface Ids {
  conversationId: string;
  /** The id of the visitor's first turn (its user message), for the resume endpoint. */
  turnId: string;
  /** The id of the assistant's answer in that turn, for feedback. */
  answerId: string;
  /** A session started through the developer API (its routes' rows use it, and may delete it). */
  apiSessionId: string;
}

interface Credentials {
  publishable?: string;
  secret?: string;
  origin?: string;
  visitor?: string;
}

interface Fixture {
  tenantId: string;
  name: string;
  origin: string;
  keys: { publishable: string; secret: string };
  visitor: { id: string; token: string };
  ids: Ids;
  secretKeyId: string;
  /** Strings that appear only in this tenant's data: none may show up in another's responses. */
  markers: string[];
}

function send(endpoint: Endpoint, who: Credentials, ids: Ids): Promise<Response> {
  const headers: Record<string, string> = {};
  let path = endpoint.path(ids);
  if (endpoint.auth === "secret") {
    if (who.secret) headers.Authorization = `Bearer ${who.secret}`;
  } else {
    if (who.origin) headers.Origin = who.origin;
    if (who.visitor) headers["X-Clawless-Visitor"] = who.visitor;
    path += `?key=${encodeURIComponent(who.publishable ?? "")}`;
  }
  const body = typeof endpoint.body === "function" ? endpoint.body(ids) : endpoint.body;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  return call(path, { method: endpoint.method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

const asOwner = (f: Fixture): Credentials => ({
  publishable: f.keys.publishable,
  secret: f.keys.secret,
  origin: f.origin,
  visitor: f.visitor.token,
});

async function makeTenant(label: string): Promise<Fixture> {
  const origin = `https://${label.toLowerCase()}.example`;
  const name = `Tenant ${label} ${crypto.randomUUID()}`;
  const secretFact = `The ${label} secret fact is ${crypto.randomUUID()}.`;
  const { tenant, keys } = await adminCreateTenant(name, {
    allowed_origins: [origin],
    assistant: {
      greeting: `Greetings from ${name}`,
      knowledge: [{ id: "fact", title: "Secret fact", content: secretFact }],
    },
  });
  const boot = await send(
    ENDPOINTS[0]!,
    { publishable: keys.publishable, origin },
    { conversationId: "", turnId: "", answerId: "", apiSessionId: "" },
  );
  const { visitor } = (await boot.json()) as { visitor: { id: string; token: string } };
  const created = await send(
    ENDPOINTS[1]!,
    { publishable: keys.publishable, origin, visitor: visitor.token },
    { conversationId: "", turnId: "", answerId: "", apiSessionId: "" },
  );
  const conversationId = ((await created.json()) as { conversation: { id: string } }).conversation.id;
  const question = `Tell me the secret fact of ${label} ${crypto.randomUUID()}`;
  const sent = await call(`/v1/widget/conversations/${conversationId}/messages?key=${keys.publishable}`, {
    method: "POST",
    headers: { Origin: origin, "X-Clawless-Visitor": visitor.token, "Content-Type": "application/json" },
    body: JSON.stringify({ content: question }),
  });
  const stream = await sent.text();
  expect(stream).toContain(secretFact.slice(0, 40));
  const turnId = sent.headers.get("X-Clawless-Turn")!;
  // A client tool call the turn waits for, so the tool-results endpoint has something to answer.
  await env.DB.prepare(
    `INSERT INTO client_tool_calls (tenant_id, session_id, turn_id, call_id, tool, status, created_at, expires_at)
     VALUES (?, ?, ?, ?, 'get_cart', 'pending', ?, ?)`,
  )
    .bind(tenant.id, conversationId, turnId, PENDING_CALL_ID, Date.now(), Date.now() + 3_600_000)
    .run();
  const answerId = /"type":"message\.done","message":\{"id":"(msg_\w+)"/.exec(stream)![1]!;
  const apiSession = await call("/v1/sessions", {
    method: "POST",
    headers: { Authorization: `Bearer ${keys.secret}`, "Content-Type": "application/json" },
    body: "{}",
  });
  const apiSessionId = ((await apiSession.json()) as { session: { id: string } }).session.id;
  const keyList = (await (await adminCall("GET", `/tenants/${tenant.id}/keys?kind=secret`)).json()) as any;
  return {
    tenantId: tenant.id,
    name,
    origin,
    keys,
    visitor,
    ids: { conversationId, turnId, answerId, apiSessionId },
    secretKeyId: keyList.data[0].id,
    markers: [
      tenant.id,
      name,
      secretFact,
      question,
      conversationId,
      apiSessionId,
      visitor.id,
      keys.publishable,
      keys.secret,
    ],
  };
}

async function expectRefused(res: Response, status: number, victim: Fixture) {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(JSON.parse(text).error.type).toBe(
    { 401: "authentication_error", 403: "permission_denied", 404: "not_found" }[status],
  );
  expectNoLeak(text, victim);
}

/** A page on an origin the key does not allow learns nothing: not even a readable error. */
async function expectRefusedToForeignPage(res: Response, victim: Fixture) {
  expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
  await expectRefused(res, 403, victim);
}

function expectNoLeak(text: string, victim: Fixture) {
  for (const marker of victim.markers) expect(text).not.toContain(marker);
}

let a: Fixture;
let b: Fixture;
let suspended: Fixture;
let deleted: Fixture;

beforeAll(async () => {
  [a, b, suspended, deleted] = [
    await makeTenant("A"),
    await makeTenant("B"),
    await makeTenant("S"),
    await makeTenant("D"),
  ];
  expect((await adminCall("POST", `/tenants/${suspended.tenantId}/suspend`)).status).toBe(200);
  expect((await adminCall("DELETE", `/tenants/${deleted.tenantId}`)).status).toBe(200);
});

describe.each(ENDPOINTS)("$method $name", (endpoint) => {
  const widget = endpoint.auth !== "secret";

  it("works for its own tenant, without any other tenant's data", async () => {
    const res = await send(endpoint, asOwner(b), b.ids);
    const text = await res.text();
    expect(res.status, text).toBe(endpoint.ok);
    expectNoLeak(text, a);
  });

  if (widget) {
    it("refuses A's key from B's origin, and B's key from A's origin (403)", async () => {
      await expectRefusedToForeignPage(await send(endpoint, { ...asOwner(a), origin: b.origin }, a.ids), a);
      await expectRefusedToForeignPage(await send(endpoint, { ...asOwner(b), origin: a.origin }, a.ids), a);
    });

    it("refuses a request with no Origin, and A's secret key as a widget key", async () => {
      await expectRefusedToForeignPage(await send(endpoint, { ...asOwner(a), origin: undefined }, a.ids), a);
      await expectRefused(await send(endpoint, { ...asOwner(a), publishable: a.keys.secret }, a.ids), 401, a);
    });
  }

  if (endpoint.auth === "visitor") {
    it("refuses a visitor token of the other tenant (401)", async () => {
      await expectRefused(await send(endpoint, { ...asOwner(a), visitor: b.visitor.token }, a.ids), 401, a);
      await expectRefused(await send(endpoint, { ...asOwner(b), visitor: a.visitor.token }, a.ids), 401, a);
      await expectRefused(await send(endpoint, { ...asOwner(a), visitor: undefined }, a.ids), 401, a);
    });
  }

  if (endpoint.namesConversation) {
    it("answers 404 for the other tenant's conversation id, with valid credentials of B", async () => {
      await expectRefused(await send(endpoint, asOwner(b), a.ids), 404, a);
    });
  }

  // A secret key sees all of its tenant's sessions; a visitor only their own.
  if (endpoint.namesConversation && endpoint.auth === "visitor") {
    it("answers 404 for another visitor's conversation id in the same tenant", async () => {
      const boot = await send(ENDPOINTS[0]!, { publishable: a.keys.publishable, origin: a.origin }, a.ids);
      const { visitor } = (await boot.json()) as { visitor: { token: string } };
      await expectRefused(await send(endpoint, { ...asOwner(a), visitor: visitor.token }, a.ids), 404, a);
    });
  }

  if (endpoint.auth === "secret") {
    it("refuses a publishable key, a missing key and a key lacking the scope", async () => {
      await expectRefused(await send(endpoint, { secret: a.keys.publishable }, a.ids), 401, a);
      await expectRefused(await send(endpoint, {}, a.ids), 401, a);
      const others = (await (
        await adminCall("POST", `/tenants/${a.tenantId}/keys`, {
          scopes: ["chat", "sessions:read", "sessions:write", "usage:read"].filter((s) => s !== endpoint.scope),
        })
      ).json()) as { value: string };
      await expectRefused(await send(endpoint, { secret: others.value }, a.ids), 403, a);
    });
  }

  it("answers 403 for a suspended tenant", async () => {
    await expectRefused(await send(endpoint, asOwner(suspended), suspended.ids), 403, a);
  });

  it("answers 401 for a deleted tenant", async () => {
    await expectRefused(await send(endpoint, asOwner(deleted), deleted.ids), 401, a);
  });
});

describe("admin API", () => {
  it.each(ADMIN_ENDPOINTS)("%s %s needs the admin token, not a tenant's keys (401)", async (method, template) => {
    const path = `/admin${template.replace(":t", a.tenantId)}`;
    for (const token of [undefined, a.keys.secret, a.keys.publishable]) {
      const res = await call(path, {
        method,
        headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: method === "GET" ? undefined : "{}",
      });
      await expectRefused(res, 401, a);
    }
  });

  it.each(ADMIN_KEY_ENDPOINTS)("$method a key route answers 404 for another tenant's key id", async (endpoint) => {
    const res = await adminCall(endpoint.method, endpoint.path(b.tenantId, a.secretKeyId), endpoint.body);
    await expectRefused(res, 404, a);
  });

  it("leaves A's key working after B's path tried to revoke and rotate it", async () => {
    const res = await send(
      ENDPOINTS.find((e) => e.name === "usage")!,
      asOwner(a),
      a.ids,
    );
    expect(res.status).toBe(200);
  });
});
