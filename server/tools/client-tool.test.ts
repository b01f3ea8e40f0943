import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { scenario } from "../test/fake-upstreams/client";
import { widgetCall } from "../test/helpers";
import { doneMessage, widgetRequest } from "../test/runtime-helpers";
import { sessionStore } from "../sessions/repository";
import { auditRows, call, sseReader, toolEnv, toolTenant, types } from "./test-support";
import { toolbox } from "../turns/toolbox";

/** Client tools: the turn asks the visitor's browser, waits for the answer, and goes on. */

const cartTool = { name: "get_cart", description: "The visitor's cart", status_text: "Checking your cart…" };
const couponTool = { name: "apply_coupon", description: "Apply a coupon", confirm: true, timeout_ms: 1_000 };

function toolResults(body: any) {
  return body.messages
    .flatMap((m: any) => (Array.isArray(m.content) ? m.content : []))
    .filter((b: any) => b.type === "tool_result");
}

describe("a client tool", () => {
  it("streams requests for a round's calls together, takes the browser's answers, and resumes the model", async () => {
    const fake = await scenario({
      anthropic: [
        {
          kind: "stream",
          tools: [call("c1", "get_cart", {}), call("c2", "apply_coupon", { code: "SAVE10" })],
        },
        { kind: "stream", text: ["Your cart has 2 items; the coupon did not apply."] },
      ],
    });
    const a = await toolTenant({ allow: ["get_cart", "apply_coupon"], client: [cartTool, couponTool] });
    const sent = await widgetRequest(toolEnv(fake), a.client, "POST", `/conversations/${a.conversationId}/messages`, {
      content: "What's in my cart?",
    });
    const turnId = sent.response.headers.get("X-Clawless-Turn")!;
    const reader = sseReader(sent.response);
    // Both requests arrive before either is answered: the calls run at the same time.
    const events = await reader.until((evs) => evs.filter((e) => e.data.type === "tool.client_request").length === 2);
    const requests = events.flatMap((e) => (e.data.type === "tool.client_request" ? [e.data] : []));
    expect(requests).toEqual([
      expect.objectContaining({
        call_id: "c1",
        name: "get_cart",
        turn_id: turnId,
        confirm: false,
        status: "Checking your cart…",
      }),
      expect.objectContaining({ call_id: "c2", name: "apply_coupon", input: { code: "SAVE10" }, confirm: true }),
    ]);

    const post = (body: unknown) =>
      widgetCall(a.client, "POST", `/conversations/${a.conversationId}/turns/${turnId}/tool-results`, body);
    expect((await post({ call_id: "c1", output: { items: 2 } })).status).toBe(202);
    expect((await post({ call_id: "c2", error: "The visitor declined." })).status).toBe(202);
    // Once answered, a call takes no second answer; an unknown call is 404.
    expect((await post({ call_id: "c1", output: { items: 99 } })).status).toBe(409);
    expect((await post({ call_id: "nope", output: 1 })).status).toBe(404);
    expect((await post({ call_id: "c1" })).status).toBe(400);

    const all = await reader.rest();
    await sent.settled();
    expect(doneMessage(all).content).toBe("Your cart has 2 items; the coupon did not apply.");
    expect(types(all).filter((t) => t.startsWith("tool."))).toEqual([
      "tool.call",
      "tool.call",
      "tool.client_request",
      "tool.client_request",
      "tool.result",
      "tool.error",
    ]);
    const [, second] = await fake.requests("anthropic");
    expect(toolResults(second!.body)).toEqual([
      { type: "tool_result", tool_use_id: "c1", content: '{"items":2}' },
      { type: "tool_result", tool_use_id: "c2", content: "The visitor declined.", is_error: true },
    ]);
    expect((await auditRows(a.conversationId)).map((r) => [r.tool, r.output, r.error])).toEqual(
      expect.arrayContaining([
        ["get_cart", '{"items":2}', null],
        ["apply_coupon", null, "The visitor declined."],
      ]),
    );
  });

  it("is an error result, not a hang, when the browser never answers", async () => {
    const fake = await scenario({
      anthropic: [
        { kind: "stream", tools: [call("c1", "apply_coupon", { code: "X" })] },
        { kind: "stream", text: ["I couldn't apply it."] },
      ],
    });
    const a = await toolTenant({ allow: ["apply_coupon"], client: [couponTool] });
    const sent = await widgetRequest(toolEnv(fake), a.client, "POST", `/conversations/${a.conversationId}/messages`, {
      content: "apply X",
    });
    const turnId = sent.response.headers.get("X-Clawless-Turn")!;
    const all = await sseReader(sent.response).rest();
    await sent.settled();
    expect(doneMessage(all).content).toBe("I couldn't apply it.");
    const [, second] = await fake.requests("anthropic");
    expect(toolResults(second!.body)[0]).toMatchObject({
      is_error: true,
      content: "The visitor's browser did not answer within 1 s, so there is no result from apply_coupon.",
    });
    // A late answer is refused.
    const late = await widgetCall(a.client, "POST", `/conversations/${a.conversationId}/turns/${turnId}/tool-results`, {
      call_id: "c1",
      output: "ok",
    });
    expect(late.status).toBe(409);
  });

  it("is offered only where a browser can run it (widget sessions, not API sessions)", async () => {
    const a = await toolTenant({ allow: ["*"], client: [cartTool] });
    const store = sessionStore(env.DB, a.tenant.id);
    const widgetSession = (await store.get(a.conversationId))!;
    const apiSession = await store.create({ channel: "api" });
    const names = (session: typeof widgetSession) =>
      toolbox({ tenant: a.tenant, session, sessionScope: null, depth: 0, clientPollMs: 20 }).specs.map((s) => s.name);
    expect(names(widgetSession)).toContain("get_cart");
    expect(names(apiSession)).not.toContain("get_cart");
    // A caller's scope narrows further.
    const scoped = toolbox({
      tenant: a.tenant,
      session: widgetSession,
      sessionScope: null,
      callScope: ["get_cart"],
      depth: 0,
      clientPollMs: 20,
    });
    expect(scoped.specs.map((s) => s.name)).toEqual(["get_cart"]);
  });

  it("takes results only from the conversation's owner", async () => {
    const a = await toolTenant({ allow: ["get_cart"], client: [cartTool] });
    const other = await toolTenant({ allow: ["get_cart"], client: [cartTool] });
    const res = await widgetCall(
      { ...other.client, key: a.keys.publishable },
      "POST",
      `/conversations/${a.conversationId}/turns/msg_0000000000000000000000/tool-results`,
      { call_id: "c1", output: 1 },
    );
    expect(res.status).toBe(401);
    const stranger = await widgetCall(
      a.client,
      "POST",
      `/conversations/${other.conversationId}/turns/msg_0000000000000000000000/tool-results`,
      {
        call_id: "c1",
        output: 1,
      },
    );
    expect(stranger.status).toBe(404);
  });
});
