import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createTenant, errorOf, ORIGIN, startConversation } from "../test/helpers";
import { countRows } from "../test/tenancy-helpers";

/**
 * One text rule at every entry point (protocol/schemas/text-rules.ts): lone surrogates, C0 controls other than
 * tab/LF/CR, and bidi overrides/isolates are refused with a 400 naming the field; blank messages
 * and ids are refused; stored messages are trimmed and NFC.
 */

const BAD: [string, string][] = [
  ["a lone surrogate (JSON escape)", "\\ud800 hi"],
  ["NUL", "hi\\u0000there"],
  ["an escape character", "\\u001b[31mred"],
  ["a right-to-left override", "pay \\u202eevil"],
  ["a bidi isolate", "x\\u2066y"],
];

/** A JSON body with `text` (already JSON-escaped) at `content`. */
const messageBody = (text: string) => `{"content":"${text}"}`;

async function widgetSetup() {
  const { tenant, keys } = await createTenant();
  const { visitor, conversationId } = await startConversation(keys.publishable);
  const send = (body: string) =>
    call(`/v1/widget/conversations/${conversationId}/messages?key=${keys.publishable}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: ORIGIN, "X-Clawless-Visitor": visitor.token },
      body,
    });
  return { tenant, keys, conversationId, send };
}

describe("message content", () => {
  it.each(BAD)("the widget refuses %s, naming content, and stores nothing", async (_, text) => {
    const { tenant, send } = await widgetSetup();
    const res = await send(messageBody(text));
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.details).toMatchObject({ problems: [{ field: "content" }] });
    expect(await countRows("messages", tenant.id)).toBe(0);
  });

  it.each(BAD)("the sessions API refuses %s", async (_, text) => {
    const { keys, conversationId } = await widgetSetup();
    const res = await call(`/v1/sessions/${conversationId}/messages`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${keys.secret}` },
      body: messageBody(text),
    });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).details).toMatchObject({ problems: [{ field: "content" }] });
  });

  it.each(BAD)("chat completions refuse %s in any message, and count nothing", async (_, text) => {
    const { tenant, keys } = await widgetSetup();
    const res = await call("/v1/chat/completions", {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${keys.secret}` },
      body: `{"model":"auto","messages":[{"role":"system","content":"ok"},{"role":"user","content":[{"type":"text","text":"${text}"}]}]}`,
    });
    expect(res.status).toBe(400);
    const error = (await res.json()) as { error: { param: string } };
    expect(error.error.param).toBe("messages.1.content.0.text");
    expect(await countRows("usage", tenant.id)).toBe(0);
  });

  it("keeps tabs and newlines, trims, and stores NFC", async () => {
    const { tenant, send } = await widgetSetup();
    const res = await send(messageBody("  cafe\\u0301\\tmenu\\nplease \\r\\n"));
    expect(res.status).toBe(200);
    await res.text();
    const row = await env.DB.prepare("SELECT content FROM messages WHERE tenant_id = ? AND role = 'user'")
      .bind(tenant.id)
      .first<{ content: string }>();
    expect(row?.content).toBe("caf\u00e9\tmenu\nplease");
  });
});

describe("blank input", () => {
  it("chat completions refuse an empty or whitespace user message, and count no usage", async () => {
    const { tenant, keys } = await widgetSetup();
    for (const content of ['""', '" \\n\\t "', '[{"type":"text","text":"  "}]']) {
      const res = await call("/v1/chat/completions", {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${keys.secret}` },
        body: `{"model":"auto","messages":[{"role":"user","content":${content}}]}`,
      });
      expect(res.status, content).toBe(400);
      const error = (await res.json()) as { error: { param: string; message: string } };
      expect(error.error.param).toBe("messages.0.content");
      expect(error.error.message).toMatch(/content must not be empty/);
    }
    expect(await countRows("usage", tenant.id)).toBe(0);
  });

  it("chat completions in a session refuse a control character in the stored turn", async () => {
    const { tenant, keys, conversationId } = await widgetSetup();
    const res = await call("/v1/chat/completions", {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${keys.secret}` },
      body: `{"model":"auto","session_id":"${conversationId}","messages":[{"role":"user","content":"a\\u0007b"}]}`,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { param: string } }).error.param).toBe("messages.0.content");
    expect(await countRows("messages", tenant.id)).toBe(0);
  });

  it("the sessions API refuses a blank, padded or control-laden user_id or visitor_id", async () => {
    const { tenant, keys } = await widgetSetup();
    const before = await countRows("sessions", tenant.id);
    const cases: [string, string][] = [
      ['{"user_id":"   "}', "user_id"],
      ['{"user_id":" alice"}', "user_id"],
      ['{"user_id":"al\\u0000ice"}', "user_id"],
      ['{"visitor_id":"\\t"}', "visitor_id"],
      ['{"visitor_id":"v\\u202e1"}', "visitor_id"],
    ];
    for (const [body, field] of cases) {
      const res = await call("/v1/sessions", {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${keys.secret}` },
        body,
      });
      expect(res.status, body).toBe(400);
      expect((await errorOf(res)).details).toMatchObject({ problems: [{ field }] });
    }
    expect(await countRows("sessions", tenant.id)).toBe(before);
  });

  it("chat completions refuse control characters in metadata and user", async () => {
    const { keys } = await widgetSetup();
    for (const [extra, param] of [
      ['"metadata":{"order":"12\\u00003"}', "metadata.order"],
      ['"user":"u\\u202e1"', "user"],
    ]) {
      const res = await call("/v1/chat/completions", {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${keys.secret}` },
        body: `{"model":"auto","messages":[{"role":"user","content":"hi"}],${extra}}`,
      });
      expect(res.status, extra).toBe(400);
      expect(((await res.json()) as { error: { param: string } }).error.param).toBe(param);
    }
  });
});
