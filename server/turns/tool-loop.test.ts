import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { TOOL_ERROR_MESSAGE } from "../streaming/events";
import { apiHarness } from "../test/api-helpers";
import { scenario } from "../test/fake-upstreams/client";
import { doneMessage, sendMessage, storedMessage } from "../test/runtime-helpers";
import { AUDIT_CAP, listToolExecutions } from "../tools/executions";
import { setSessionToolScope } from "../tools/session-scope";
import { auditRows, call, toolEnv, toolTenant, types } from "../tools/test-support";

/** The model loop through the widget API, with fake upstreams that call tools through the real SDKs. */

/** The tool results the model got in a request, Anthropic or OpenAI shaped, in order. */
function toolResults(body: any): { id: string; content: string; is_error: boolean }[] {
  return body.messages.flatMap((m: any) => {
    if (m.role === "tool") return [{ id: m.tool_call_id, content: m.content, is_error: false }];
    if (m.role === "user" && Array.isArray(m.content)) {
      return m.content
        .filter((b: any) => b.type === "tool_result")
        .map((b: any) => ({ id: b.tool_use_id, content: b.content, is_error: b.is_error === true }));
    }
    return [];
  });
}

describe("the model loop", () => {
  it("runs tools over several rounds until the model answers, streaming tool events", async () => {
    const fake = await scenario({
      anthropic: [
        {
          kind: "stream",
          text: ["Let me save that."],
          tools: [call("toolu_1", "file_write", { path: "notes/a.txt", content: "remember me" })],
        },
        { kind: "stream", tools: [call("toolu_2", "file_read", { path: "notes/a.txt" })] },
        { kind: "stream", text: ["Saved and checked: ", "remember me."] },
      ],
    });
    const { tenant, client, conversationId } = await toolTenant({ allow: ["file_write", "file_read"] });
    const { events } = await sendMessage(toolEnv(fake), client, conversationId, { content: "Save a note" });

    expect(types(events)).toEqual([
      "message.user",
      "message.start",
      "text.delta",
      "tool.call",
      "tool.result",
      "tool.call",
      "tool.result",
      "text.delta",
      "text.delta",
      "text.delta",
      "message.done",
    ]);
    const done = doneMessage(events);
    expect(done.content).toBe("Let me save that.\n\nSaved and checked: remember me.");
    const toolCall = events.find((e) => e.data.type === "tool.call")!.data;
    expect(toolCall).toMatchObject({ name: "file_write", call_id: "toolu_1", status: "Saving a file…" });

    const requests = await fake.requests("anthropic");
    expect(requests).toHaveLength(3);
    expect(requests[0]!.body.tools.map((t: any) => t.name).sort()).toEqual(["file_read", "file_write"]);
    expect(requests[0]!.body.tools.find((t: any) => t.name === "file_read").input_schema).toMatchObject({
      type: "object",
      required: ["path"],
    });
    expect(toolResults(requests[1]!.body)).toEqual([
      { id: "toolu_1", content: expect.stringContaining('"written":true'), is_error: false },
    ]);
    // The assistant's round-1 message (its text and tool_use) goes back before the result.
    expect(requests[1]!.body.messages.at(-2)).toMatchObject({
      role: "assistant",
      content: [
        { type: "text", text: "Let me save that." },
        { type: "tool_use", id: "toolu_1", name: "file_write" },
      ],
    });
    expect(toolResults(requests[2]!.body).at(-1)!.content).toContain("remember me");

    const stored = await storedMessage(done.id);
    expect(JSON.parse(stored!.metadata)).toMatchObject({ tools: { rounds: 3, calls: 2 }, finish: "stop" });
    // Usage of all three model calls (25 + 10 each from the fake) is counted once, on the answer.
    expect(stored).toMatchObject({ input_tokens: 75, output_tokens: 30 });
    const audit = await auditRows(conversationId);
    expect(audit.map((r) => [r.tool, r.call_id, r.error])).toEqual([
      ["file_write", "toolu_1", null],
      ["file_read", "toolu_2", null],
    ]);
    // A visitor's file lands in their conversation's space (server/tools/builtins/file-scopes.ts).
    const key = `tenants/${tenant.id}/conversations/${conversationId}/files/notes/a.txt`;
    expect(await env.FILES.get(key).then((o) => o?.text())).toBe("remember me");
  });

  it("runs a round's calls together and returns every result, in the order of the calls (OpenAI)", async () => {
    const fake = await scenario({
      openai: [
        {
          kind: "stream",
          tools: [
            call("call_a", "file_write", { path: "one.txt", content: "1" }),
            call("call_b", "file_write", { path: "two.txt", content: "2" }),
            call("call_c", "file_list", {}),
          ],
        },
        { kind: "stream", text: ["Both written."] },
      ],
    });
    const { client, conversationId } = await toolTenant({ allow: ["file_write", "file_list"] });
    const { events } = await sendMessage(toolEnv(fake, { openai: true }), client, conversationId, { content: "go" });
    expect(doneMessage(events).content).toBe("Both written.");
    expect(events.filter((e) => e.data.type === "tool.call")).toHaveLength(3);
    const [, second] = await fake.requests("openai");
    const assistant = second!.body.messages.find((m: any) => m.role === "assistant");
    expect(assistant.tool_calls.map((c: any) => c.id)).toEqual(["call_a", "call_b", "call_c"]);
    expect(toolResults(second!.body).map((r) => r.id)).toEqual(["call_a", "call_b", "call_c"]);
  });

  it("returns invalid arguments to the model as an error it can correct", async () => {
    const fake = await scenario({
      anthropic: [
        {
          kind: "stream",
          tools: [
            call("toolu_bad", "file_read", { path: "../../other-tenant/secret.txt" }),
            call("toolu_abs", "file_read", { path: "/etc/passwd" }),
            call("toolu_json", "file_read", '{"path": "notes'),
          ],
        },
        { kind: "stream", tools: [call("toolu_ok", "file_list", { prefix: "notes" })] },
        { kind: "stream", text: ["Fixed."] },
      ],
    });
    const { client, conversationId } = await toolTenant({ allow: ["file_read", "file_list"] });
    const { events } = await sendMessage(toolEnv(fake), client, conversationId, { content: "read it" });
    expect(doneMessage(events).content).toBe("Fixed.");
    // The visitor's stream says only that the calls failed; the model is told why.
    const errors = events.flatMap((e) => (e.data.type === "tool.error" ? [e.data.error] : []));
    expect(errors).toEqual([TOOL_ERROR_MESSAGE, TOOL_ERROR_MESSAGE, TOOL_ERROR_MESSAGE]);
    const [, second, third] = await fake.requests("anthropic");
    const results = toolResults(second!.body);
    expect(results.map((r) => r.content)).toEqual([
      expect.stringMatching(/^Invalid arguments for file_read: path: must not contain \. or \.\. segments/),
      expect.stringMatching(/^Invalid arguments for file_read: path: must be a relative path/),
      expect.stringMatching(/^Invalid arguments for file_read: the arguments must be a JSON object/),
    ]);
    expect(results.map((r) => r.is_error)).toEqual([true, true, true]);
    expect(results[0]!.content).toContain("Fix them and call it again");
    expect(toolResults(third!.body).at(-1)).toMatchObject({ id: "toolu_ok", is_error: false });
  });

  it("answers a call to a tool that is not permitted with 'not permitted', and logs it", async () => {
    const fake = await scenario({
      anthropic: [
        { kind: "stream", tools: [call("toolu_1", "file_read", { path: "a.txt" }), call("toolu_2", "nope_tool", {})] },
        { kind: "stream", text: ["I can't do that."] },
      ],
    });
    const { client, conversationId } = await toolTenant({ allow: ["*"], deny: ["file_read", "file_write"] });
    const { events } = await sendMessage(toolEnv(fake), client, conversationId, { content: "read a.txt" });
    expect(doneMessage(events).content).toBe("I can't do that.");
    const [first, second] = await fake.requests("anthropic");
    // Denied tools are not offered at all…
    expect(first!.body.tools.map((t: any) => t.name)).not.toContain("file_read");
    expect(first!.body.tools.map((t: any) => t.name)).toContain("file_list");
    // …and a call to one anyway is refused, like a call to a tool that does not exist.
    expect(toolResults(second!.body)).toEqual([
      { id: "toolu_1", content: "file_read is not permitted here.", is_error: true },
      { id: "toolu_2", content: "There is no tool named nope_tool.", is_error: true },
    ]);
    // Both refusals are logged; they happen in the same round, so the same millisecond may order them either way.
    const audit = await auditRows(conversationId);
    expect(audit.map((r) => [r.tool, r.error]).sort()).toEqual([
      ["file_read", "file_read is not permitted here."],
      ["nope_tool", "There is no tool named nope_tool."],
    ]);
  });

  it("lets a session narrow the tenant's permissions, never widen them", async () => {
    const fake = await scenario({
      anthropic: [
        { kind: "stream", tools: [call("t1", "file_list", {}), call("t2", "file_read", { path: "a.txt" })] },
        { kind: "stream", text: ["ok"] },
      ],
    });
    const { tenant, client, conversationId } = await toolTenant({ allow: ["file_list", "sessions_list"] });
    // The session asks for file_list and file_read: file_read is not the tenant's to give.
    await setSessionToolScope(env.DB, tenant.id, conversationId, ["file_list", "file_read"]);
    await sendMessage(toolEnv(fake), client, conversationId, { content: "list" });
    const [first, second] = await fake.requests("anthropic");
    expect(first!.body.tools.map((t: any) => t.name)).toEqual(["file_list"]);
    expect(toolResults(second!.body).map((r) => [r.id, r.is_error])).toEqual([
      ["t1", false],
      ["t2", true],
    ]);
  });

  it("lets a developer API session narrow the tools when it is created", async () => {
    const fake = await scenario({
      anthropic: [
        { kind: "stream", tools: [call("t1", "file_read", { path: "a.txt" })] },
        { kind: "stream", text: ["ok"] },
      ],
    });
    const { keys } = await toolTenant({ allow: ["file_list", "file_read"] });
    const api = apiHarness(keys.secret, toolEnv(fake));
    const created = await api.fetch("/v1/sessions", { method: "POST", body: JSON.stringify({ tools: ["file_list"] }) });
    expect(created.status).toBe(201);
    const { session } = (await created.json()) as { session: { id: string } };
    const sent = await api.fetch(`/v1/sessions/${session.id}/messages`, {
      method: "POST",
      body: JSON.stringify({ content: "read a.txt" }),
    });
    expect(sent.status).toBe(200);
    await api.settled();
    const [first, second] = await fake.requests("anthropic");
    expect(first!.body.tools.map((t: any) => t.name)).toEqual(["file_list"]);
    expect(toolResults(second!.body)).toEqual([
      expect.objectContaining({ id: "t1", is_error: true, content: expect.stringContaining("not permitted") }),
    ]);
  });

  it("offers no tools when the tenant allows none, so turns look as before", async () => {
    const fake = await scenario({ anthropic: [{ kind: "stream", text: ["Plain."] }] });
    const { client, conversationId } = await toolTenant({});
    await sendMessage(toolEnv(fake), client, conversationId, { content: "hi" });
    expect((await fake.requests("anthropic"))[0]!.body.tools).toBeUndefined();
  });

  it("stops at the round limit with a clear message, and stores what the model still wanted", async () => {
    const again = (id: string) => ({ kind: "stream" as const, tools: [call(id, "file_list", {})] });
    const fake = await scenario({ anthropic: [again("r1"), again("r2"), again("r3")] });
    const { client, conversationId } = await toolTenant({ allow: ["file_list"], limits: { max_rounds: 2 } });
    const { events } = await sendMessage(toolEnv(fake), client, conversationId, { content: "loop" });
    const notice = events.find((e) => e.data.type === "message.notice")!.data;
    expect(notice).toMatchObject({ code: "tool_limit", message: expect.stringContaining("limit of 2 rounds") });
    const done = doneMessage(events);
    expect(done.content).toContain("this answer reached its limit of 2 rounds of tool use");
    expect(await fake.requests("anthropic")).toHaveLength(2);
    const metadata = JSON.parse((await storedMessage(done.id))!.metadata);
    expect(metadata).toMatchObject({ finish: "tool_limit", tool_calls: [{ id: "r2", name: "file_list" }] });
    expect(await auditRows(conversationId)).toHaveLength(1);
  });

  it("refuses calls beyond the per-round limit", async () => {
    const fake = await scenario({
      anthropic: [
        { kind: "stream", tools: [call("a", "file_list", {}), call("b", "file_list", {})] },
        { kind: "stream", text: ["ok"] },
      ],
    });
    const { client, conversationId } = await toolTenant({ allow: ["file_list"], limits: { max_calls_per_round: 1 } });
    await sendMessage(toolEnv(fake), client, conversationId, { content: "list twice" });
    const [, second] = await fake.requests("anthropic");
    expect(toolResults(second!.body)[1]).toMatchObject({
      is_error: true,
      content: expect.stringContaining("at most 1 per round"),
    });
  });

  it("sends thinking back with the tool calls when extended thinking is on (Anthropic requires it)", async () => {
    const fake = await scenario({
      anthropic: [
        { kind: "stream", thinking: ["Need the files."], tools: [call("t1", "file_list", {})] },
        { kind: "stream", text: ["None."] },
      ],
    });
    const { client, conversationId } = await toolTenant({ allow: ["file_list"] }, { model: { thinking: "low" } });
    await sendMessage(toolEnv(fake), client, conversationId, { content: "files?" });
    const [, second] = await fake.requests("anthropic");
    expect(second!.body.messages.at(-2).content[0]).toEqual({
      type: "thinking",
      thinking: "Need the files.",
      signature: "sig_fake",
    });
  });
});

describe("the audit log", () => {
  it("stores tool, input, output truncated to the cap, error, duration, session and message", async () => {
    const big = "y".repeat(AUDIT_CAP + 500);
    const fake = await scenario({
      anthropic: [
        { kind: "stream", tools: [call("w", "file_write", { path: "big.txt", content: big })] },
        {
          kind: "stream",
          tools: [call("r", "file_read", { path: "big.txt" }), call("m", "file_read", { path: "missing.txt" })],
        },
        { kind: "stream", text: ["done"] },
      ],
    });
    const { tenant, client, conversationId } = await toolTenant({ allow: ["file_write", "file_read"] });
    const { events } = await sendMessage(toolEnv(fake), client, conversationId, { content: "big file" });
    const turnId = events[0]!.data.type === "message.user" ? events[0]!.data.message.id : "";

    const rows = (await auditRows(conversationId)).sort((a, b) => "wrm".indexOf(a.call_id) - "wrm".indexOf(b.call_id));
    expect(rows.map((r) => r.tool)).toEqual(["file_write", "file_read", "file_read"]);
    for (const row of rows) {
      expect(row).toMatchObject({ session_id: conversationId, message_id: turnId });
      expect(row.duration_ms).toBeGreaterThanOrEqual(0);
    }
    const [write, read, missing] = rows;
    expect(write!.input).toContain("[truncated,");
    expect(write!.input.length).toBeLessThan(AUDIT_CAP + 100);
    expect(JSON.parse(write!.output!)).toMatchObject({ path: "big.txt", written: true });
    expect(read!.output).toContain("[truncated,");
    expect(read!.error).toBeNull();
    expect(missing).toMatchObject({ output: null, error: "There is no file missing.txt." });

    // Paged through the store the REST API reads, tenant-scoped.
    const first = await listToolExecutions(env.DB, tenant.id, conversationId, { limit: 2 });
    expect(first.executions).toHaveLength(2);
    const next = await listToolExecutions(env.DB, tenant.id, conversationId, { limit: 2, cursor: first.nextCursor });
    expect(next.executions).toHaveLength(1);
    expect(new Set([...first.executions, ...next.executions].map((e) => e.call_id))).toEqual(new Set(["w", "r", "m"]));
    expect(next.nextCursor).toBeNull();
    const other = await toolTenant({});
    expect((await listToolExecutions(env.DB, other.tenant.id, conversationId, { limit: 10 })).executions).toEqual([]);
  });
});
