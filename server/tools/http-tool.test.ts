import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { scenario } from "../test/fake-upstreams/client";
import { doneMessage, sendMessage } from "../test/runtime-helpers";
import { adminCall, apiCall } from "../test/tenancy-helpers";
import { sessionStore } from "../sessions/repository";
import { TOOL_ERROR_MESSAGE } from "../streaming/events";
import { httpToolSchema, type TenantConfigInput } from "../tenants/config";
import { httpTool } from "./http-tool";
import { auditRows, call, directContext, toolEnv, toolTenant } from "./test-support";

/** Tenant HTTP tools against a local endpoint (Node, vitest global setup): see http-tool-server.ts. */

const base = () => inject("httpToolServerUrl");
const SECRET = "tok_live_super_secret_value_123";

const orderTool = () => ({
  name: "order_status",
  description: "Look up an order",
  status_text: "Looking up your order…",
  url: `${base()}/echo/orders/{order_id}`,
  method: "POST" as const,
  headers: { "X-Shop": "acme" },
  auth: { type: "bearer" as const },
  input_schema: {
    type: "object",
    properties: { order_id: { type: "string", pattern: "^A\\d+$" }, verbose: { type: "boolean" } },
    required: ["order_id"],
    additionalProperties: false,
  },
});

async function tenantWithTools(http: NonNullable<TenantConfigInput["tools"]>["http"]) {
  const names = (http ?? []).map((t) => t.name);
  return toolTenant({ allow: names, http });
}

async function run(
  tool: Parameters<typeof httpToolSchema.parse>[0],
  input: unknown,
  extra: Partial<{ deadline: number }> = {},
) {
  const a = await tenantWithTools([tool as any]);
  const session = (await sessionStore(env.DB, a.tenant.id).get(a.conversationId))!;
  const { context } = directContext(a.tenant, session, extra);
  return httpTool(httpToolSchema.parse(tool)).run(context, input);
}

describe("an HTTP tool", () => {
  it("calls the endpoint with the arguments, headers and sealed bearer token, and never shows the token", async () => {
    const fake = await scenario({
      anthropic: [
        { kind: "stream", tools: [call("t1", "order_status", { order_id: "A42", verbose: true })] },
        { kind: "stream", text: ["Your order is on its way."] },
      ],
    });
    const a = await tenantWithTools([orderTool()]);
    const put = await adminCall("PUT", `/tenants/${a.tenant.id}/tool-secrets/order_status`, { secret: SECRET });
    expect(put.status).toBe(200);
    expect(await put.text()).not.toContain(SECRET);

    const { events } = await sendMessage(toolEnv(fake), a.client, a.conversationId, { content: "Where is A42?" });
    expect(doneMessage(events).content).toBe("Your order is on its way.");
    expect(events.find((e) => e.data.type === "tool.call")!.data).toMatchObject({ status: "Looking up your order…" });

    const [, second] = await fake.requests("anthropic");
    const result = second!.body.messages.at(-1).content[0];
    const echoed = JSON.parse(result.content);
    expect(echoed).toMatchObject({
      method: "POST",
      path: "/echo/orders/A42",
      body: { verbose: true },
      headers: { "x-shop": "acme", authorization: "Bearer [redacted]", "content-type": "application/json" },
    });
    // The secret reached the endpoint (it echoed it) but not the model, the audit log or any view.
    expect(JSON.stringify(second!.body)).not.toContain(SECRET);
    const audit = await auditRows(a.conversationId);
    expect(JSON.stringify(audit)).not.toContain(SECRET);
    for (const path of [
      `/tenants/${a.tenant.id}`,
      `/tenants/${a.tenant.id}/config`,
      `/tenants/${a.tenant.id}/tool-secrets`,
    ]) {
      const text = await (await adminCall("GET", path)).text();
      expect(text).not.toContain(SECRET);
    }
    const listed = (await (await adminCall("GET", `/tenants/${a.tenant.id}/tool-secrets`)).json()) as any;
    expect(listed.data).toEqual([{ tool: "order_status", updated_at: expect.any(String) }]);
    const stored = await env.DB.prepare("SELECT ciphertext FROM tool_secrets WHERE tenant_id = ?")
      .bind(a.tenant.id)
      .first<any>();
    expect(stored.ciphertext).not.toContain(SECRET);
  });

  it("sends GET arguments as the query string, and a header secret under its header", async () => {
    const tool = { ...orderTool(), method: "GET" as const, auth: { type: "header" as const, header: "X-Api-Key" } };
    const a = await tenantWithTools([tool]);
    await adminCall("PUT", `/tenants/${a.tenant.id}/tool-secrets/order_status`, { secret: SECRET });
    const session = (await sessionStore(env.DB, a.tenant.id).get(a.conversationId))!;
    const { context } = directContext(a.tenant, session);
    const out = (await httpTool(httpToolSchema.parse(tool)).run(context, { order_id: "A7", verbose: false })) as any;
    expect(out.ok).toBe(true);
    expect(out.output).toMatchObject({
      method: "GET",
      path: "/echo/orders/A7",
      query: { verbose: "false" },
      headers: { "x-api-key": "[redacted]" },
    });
  });

  it("says so when its credential is not set", async () => {
    expect(await run(orderTool(), { order_id: "A1" })).toEqual({
      ok: false,
      error: "The order_status tool has no credential configured; it cannot be used right now.",
    });
  });

  it("returns a non-2xx answer to the model as an error", async () => {
    const tool = { ...orderTool(), url: `${base()}/status/500`, auth: { type: "none" as const } };
    expect(await run(tool, { order_id: "A1" })).toEqual({
      ok: false,
      error: "The order_status endpoint answered HTTP 500: upstream says 500",
    });
  });

  it("gives up at its timeout", async () => {
    const tool = { ...orderTool(), url: `${base()}/hang`, auth: { type: "none" as const }, timeout_ms: 100 };
    expect(await run(tool, { order_id: "A1" })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^The order_status endpoint failed: No answer within/),
    });
  });

  it("refuses a body over its size cap", async () => {
    const tool = { ...orderTool(), url: `${base()}/big`, auth: { type: "none" as const }, max_response_bytes: 100_000 };
    expect(await run(tool, { order_id: "A1" })).toEqual({
      ok: false,
      error: "The order_status endpoint failed: The response is larger than 100000 bytes.",
    });
  });

  it("follows a redirect on the same host, never one to another host", async () => {
    const home = { ...orderTool(), url: `${base()}/redirect-home`, auth: { type: "none" as const } };
    expect(await run(home, { order_id: "A1" })).toMatchObject({ ok: true, output: { path: "/echo/home" } });
    const away = { ...orderTool(), url: `${base()}/redirect-away`, auth: { type: "none" as const } };
    expect(await run(away, { order_id: "A1" })).toEqual({
      ok: false,
      error: expect.stringMatching(/^The order_status endpoint failed: Refused a redirect to another host/),
    });
  });

  it("refuses a redirect to a Location that is not a URL as an error result, not a crash", async () => {
    const tool = { ...orderTool(), url: `${base()}/redirect-broken`, auth: { type: "none" as const } };
    expect(await run(tool, { order_id: "A1" })).toEqual({
      ok: false,
      error: "The order_status endpoint failed: The URL is not a valid URL.",
    });
  });

  it("reaches only public https hosts in production", async () => {
    const a = await tenantWithTools([{ ...orderTool(), auth: { type: "none" } }]);
    const session = (await sessionStore(env.DB, a.tenant.id).get(a.conversationId))!;
    const { context } = directContext(a.tenant, session, { env: { ...env, ENVIRONMENT: "production" } as Env });
    const tool = httpTool(httpToolSchema.parse({ ...orderTool(), auth: { type: "none" } }));
    expect(await tool.run(context, { order_id: "A1" })).toEqual({
      ok: false,
      error: "The order_status endpoint failed: The URL must use https.",
    });
    const linkLocal = httpTool(
      httpToolSchema.parse({ ...orderTool(), url: "https://169.254.169.254/latest", auth: { type: "none" } }),
    );
    expect(await linkLocal.run(context, { order_id: "A1" })).toMatchObject({
      ok: false,
      error: expect.stringContaining("private, local or reserved address"),
    });
  });

  it("validates the model's arguments against the tenant's JSON schema", () => {
    const tool = httpTool(httpToolSchema.parse(orderTool()));
    expect(tool.validate({ order_id: "A1" })).toMatchObject({ ok: true });
    expect(tool.validate({ order_id: "nope" })).toMatchObject({
      ok: false,
      error: expect.stringContaining("order_id"),
    });
    expect(tool.validate({ order_id: "A1", extra: 1 })).toMatchObject({ ok: false });
  });
});

const customerTool = () => ({
  ...orderTool(),
  name: "customer_orders",
  url: `${base()}/echo/customers/{customer_id}/orders`,
  method: "GET" as const,
  auth: { type: "none" as const },
  input_schema: { type: "object", properties: { customer_id: { type: "string" } }, required: ["customer_id"] },
});

describe("an HTTP tool's URL template", () => {
  it.each([
    ".",
    "..",
    "%2e%2e",
    "%2E%2E",
    "%2E.",
    ".%2e",
    "%2e",
    "%252e%252e",
    "%25252e%25252E",
    "..\\",
    "\\..",
    "..%5c",
    "..%2f",
    "%2e%2e%2f",
    "../admin",
    "a/../../b",
    "a\\..\\b",
    "..%252f",
    "%c0%ae%c0%ae",
    "%u002e%u002e",
    "．．",
    "..;jsessionid=1",
    " .. ",
    "...",
    "",
  ])("refuses the path value %j instead of sending the tenant's request elsewhere", async (value) => {
    const out = await run(customerTool(), { customer_id: value });
    expect(out).toEqual({ ok: false, error: expect.stringMatching(/^The customer_orders tool was not called\. /) });
  });

  it.each(["A42", "a.b", ".hidden", "a..b", "a/b", "a b", "x%2e"])(
    "sends the ordinary value %j encoded, inside the template's path",
    async (value) => {
      const out = (await run(customerTool(), { customer_id: value })) as any;
      expect(out.ok).toBe(true);
      expect(out.output.path).toBe(`/echo/customers/${encodeURIComponent(value)}/orders`);
    },
  );
});

describe("an HTTP tool's secret", () => {
  const SLASHED = "tok/live+Secret/Value==42";
  const headerTool = (path: string) => ({
    ...orderTool(),
    url: `${base()}/${path}`,
    auth: { type: "header" as const, header: "X-Api-Key" },
  });

  async function runWithSecret(path: string) {
    const tool = headerTool(path);
    const a = await tenantWithTools([tool]);
    expect(
      (await adminCall("PUT", `/tenants/${a.tenant.id}/tool-secrets/order_status`, { secret: SLASHED })).status,
    ).toBe(200);
    const session = (await sessionStore(env.DB, a.tenant.id).get(a.conversationId))!;
    const { context } = directContext(a.tenant, session);
    return httpTool(httpToolSchema.parse(tool)).run(context, { order_id: "A1" });
  }

  it.each(["escaped/200", "slashes/200"])(
    "is redacted from a JSON answer that echoes it in JSON escapes (%s), in values and in keys",
    async (path) => {
      const out = (await runWithSecret(path)) as any;
      expect(out.ok).toBe(true);
      expect(JSON.stringify(out)).not.toContain(SLASHED);
      expect(out.output.headers["x-api-key"]).toBe("[redacted]");
      expect(out.output.by_value).toHaveProperty(["[redacted]"], "seen");
    },
  );

  it.each(["escaped/502", "slashes/502"])("is redacted from a failing endpoint's JSON body (%s)", async (path) => {
    const out = (await runWithSecret(path)) as any;
    expect(out).toEqual({ ok: false, error: expect.stringMatching(/^The order_status endpoint answered HTTP 502: /) });
    expect(out.error).not.toContain(SLASHED);
    expect(out.error).toContain("[redacted]");
  });

  it("never reaches the visitor, the model, the audit log or the developer API, and neither does the error body", async () => {
    const fake = await scenario({
      anthropic: [
        { kind: "stream", tools: [call("t1", "order_status", { order_id: "A42" })] },
        { kind: "stream", text: ["That did not work."] },
      ],
    });
    const a = await tenantWithTools([headerTool("escaped/500")]);
    await adminCall("PUT", `/tenants/${a.tenant.id}/tool-secrets/order_status`, { secret: SLASHED });
    const { events } = await sendMessage(toolEnv(fake), a.client, a.conversationId, { content: "Where is A42?" });
    expect(doneMessage(events).content).toBe("That did not work.");
    const error = events.find((e) => e.data.type === "tool.error")!.data;
    expect(error).toEqual({
      type: "tool.error",
      message_id: expect.any(String),
      call_id: "t1",
      name: "order_status",
      error: TOOL_ERROR_MESSAGE,
    });
    const [, second] = await fake.requests("anthropic");
    const result = second!.body.messages.at(-1).content[0];
    expect(result).toMatchObject({ is_error: true, content: expect.stringContaining("HTTP 500") });
    const executions = await apiCall(a.keys.secret, "GET", `/v1/sessions/${a.conversationId}/tool-executions`);
    expect(executions.status).toBe(200);
    const seen = [
      JSON.stringify(events),
      JSON.stringify(second!.body),
      JSON.stringify(await auditRows(a.conversationId)),
    ];
    seen.push(await executions.text());
    for (const text of seen) {
      expect(text).not.toContain(SLASHED);
      expect(text).not.toContain(JSON.stringify(SLASHED).slice(1, -1).replaceAll("/", "\\/"));
    }
  });
});

describe("a failing HTTP tool", () => {
  it("tells the visitor only that it failed; the model, the audit log and the developer API get the detail", async () => {
    const fake = await scenario({
      anthropic: [
        { kind: "stream", tools: [call("t1", "order_status", { order_id: "A42" })] },
        { kind: "stream", text: ["Sorry, the shop is down."] },
      ],
    });
    const tool = { ...orderTool(), url: `${base()}/status/503`, auth: { type: "none" as const } };
    const a = await tenantWithTools([tool]);
    const { events } = await sendMessage(toolEnv(fake), a.client, a.conversationId, { content: "Where is A42?" });
    expect(doneMessage(events).content).toBe("Sorry, the shop is down.");
    const toolEvents = events.filter((e) => e.data.type.startsWith("tool."));
    expect(toolEvents.map((e) => e.data.type)).toEqual(["tool.call", "tool.error"]);
    expect(toolEvents[1]!.data).toMatchObject({ error: TOOL_ERROR_MESSAGE });
    expect(JSON.stringify(events)).not.toContain("upstream says");

    const detail = "The order_status endpoint answered HTTP 503: upstream says 503";
    const [, second] = await fake.requests("anthropic");
    expect(second!.body.messages.at(-1).content[0]).toMatchObject({ is_error: true, content: detail });
    expect((await auditRows(a.conversationId)).map((r) => r.error)).toEqual([detail]);
    const executions = (await (
      await apiCall(a.keys.secret, "GET", `/v1/sessions/${a.conversationId}/tool-executions`)
    ).json()) as any;
    expect(executions.data.map((e: any) => e.error)).toEqual([detail]);
  });
});

describe("tool configuration", () => {
  it("refuses unusable schemas, reserved names, duplicate names and credential headers when written", async () => {
    const a = await toolTenant({});
    const put = (tools: unknown) => adminCall("PATCH", `/tenants/${a.tenant.id}`, { config: { tools } });
    for (const tools of [
      { http: [{ ...orderTool(), input_schema: { type: "string" } }] },
      { http: [{ ...orderTool(), input_schema: { type: "object", properties: { a: { $ref: "#/nowhere" } } } }] },
      { http: [{ ...orderTool(), name: "file_read" }] },
      { http: [orderTool()], client: [{ name: "order_status", description: "dup" }] },
      { http: [{ ...orderTool(), headers: { Authorization: "Bearer x" } }] },
      { http: [{ ...orderTool(), url: "ftp://example.com" }] },
    ]) {
      const res = await put(tools);
      expect(res.status, JSON.stringify(tools)).toBe(400);
    }
    expect((await put({ http: [orderTool()], limits: { max_rounds: 3 } })).status).toBe(200);
  });

  it("sets a secret only for a tool that sends one, and deletes it", async () => {
    const a = await tenantWithTools([{ ...orderTool(), auth: { type: "none" } }]);
    const path = `/tenants/${a.tenant.id}/tool-secrets`;
    expect((await adminCall("PUT", `${path}/order_status`, { secret: SECRET })).status).toBe(400);
    expect((await adminCall("PUT", `${path}/unknown_tool`, { secret: SECRET })).status).toBe(404);
    const b = await tenantWithTools([orderTool()]);
    const bPath = `/tenants/${b.tenant.id}/tool-secrets`;
    expect((await adminCall("PUT", `${bPath}/order_status`, { secret: SECRET })).status).toBe(200);
    expect((await adminCall("DELETE", `${bPath}/order_status`)).status).toBe(200);
    expect((await adminCall("DELETE", `${bPath}/order_status`)).status).toBe(404);
  });
});
