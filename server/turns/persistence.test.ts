import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { envFor, scenario } from "../test/fake-upstreams/client";
import { createTenant, parseSse, startConversation, widgetCall } from "../test/helpers";
import { deltasOf, doneMessage, sendMessage, widgetRequest } from "../test/runtime-helpers";

/** Sessions never lose a message: disconnects, reconnects and concurrent sends. */

/** Reads SSE frames from a live response until `stop` says so; returns them and the reader. */
async function readUntil(response: Response, stop: (events: ReturnType<typeof parseSse>) => boolean) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    const complete = text.slice(0, text.lastIndexOf("\n\n") + 2);
    const events = parseSse(complete);
    if (stop(events)) return { events, reader };
  }
  return { events: parseSse(text), reader };
}

async function history(client: Parameters<typeof widgetCall>[0], conversationId: string) {
  const res = await widgetCall(client, "GET", `/conversations/${conversationId}/messages`);
  return (
    (await res.json()) as {
      data: { seq: number; role: string; content: string; status: string; reply_to?: string; id: string }[];
    }
  ).data;
}

describe("persistence", () => {
  it("stores the visitor's message before any model call, and the answer after the client hung up", async () => {
    const fake = await scenario({
      anthropic: [
        { kind: "stream", text: ["Part one, ", "part two, ", "part three."], fail: { after: 2, how: "hold" } },
      ],
    });
    const { keys } = await createTenant();
    const { client, conversationId } = await startConversation(keys.publishable);
    const sent = await widgetRequest(envFor(env, fake), client, "POST", `/conversations/${conversationId}/messages`, {
      content: "Tell me a story",
    });
    const { events, reader } = await readUntil(
      sent.response,
      (evs) => evs.filter((e) => e.data.type === "text.delta").length === 2,
    );
    expect(deltasOf(events)).toBe("Part one, part two, ");
    // The model is mid-answer (held by the fake): the visitor's message is already stored.
    expect((await history(client, conversationId)).map((m) => [m.role, m.content])).toEqual([
      ["user", "Tell me a story"],
    ]);

    // The visitor closes the page mid-stream; the turn goes on and is stored.
    await reader.cancel();
    await fake.release();
    await sent.settled();
    const messages = await history(client, conversationId);
    expect(messages.map((m) => [m.seq, m.role, m.content, m.status])).toEqual([
      [1, "user", "Tell me a story", "complete"],
      [2, "assistant", "Part one, part two, part three.", "complete"],
    ]);
    expect(messages[1]!.reply_to).toBe(messages[0]!.id);
  });

  it("lets a reconnecting client resume with Last-Event-ID and get exactly what it missed", async () => {
    const fake = await scenario({
      anthropic: [{ kind: "stream", text: ["Alpha ", "beta ", "gamma ", "delta."], fail: { after: 1, how: "hold" } }],
    });
    const { keys } = await createTenant();
    const { client, conversationId } = await startConversation(keys.publishable);
    const testEnv = envFor(env, fake);
    const sent = await widgetRequest(testEnv, client, "POST", `/conversations/${conversationId}/messages`, {
      content: "Greek letters?",
    });
    const turnId = sent.response.headers.get("X-Clawless-Turn")!;
    const { events, reader } = await readUntil(sent.response, (evs) => evs.some((e) => e.data.type === "text.delta"));
    await reader.cancel();
    const lastSeen = Number(events.at(-1)!.id);
    const seenText = deltasOf(events);
    expect(seenText).toBe("Alpha ");

    // Reconnect while the turn is still running, then let it finish.
    const resumed = await widgetRequest(
      testEnv,
      client,
      "GET",
      `/conversations/${conversationId}/turns/${turnId}/events`,
      undefined,
      {
        "Last-Event-ID": String(lastSeen),
      },
    );
    expect(resumed.response.headers.get("Content-Type")).toMatch(/^text\/event-stream/);
    await fake.release();
    const rest = parseSse(await resumed.response.text());
    await Promise.all([sent.settled(), resumed.settled()]);

    const ids = rest.map((e) => Number(e.id));
    expect(ids.every((id) => id > lastSeen)).toBe(true);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    const done = doneMessage(rest);
    expect(done.content).toBe("Alpha beta gamma delta.");
    // Whatever deltas the resumed stream carried continue the text without repeating it.
    expect(done.content.startsWith(seenText + deltasOf(rest))).toBe(true);

    // After the turn, a reconnect gets the final event (its message holds the whole answer).
    const later = await widgetRequest(
      testEnv,
      client,
      "GET",
      `/conversations/${conversationId}/turns/${turnId}/events?after=${lastSeen}`,
    );
    const finalEvents = parseSse(await later.response.text());
    await later.settled();
    expect(finalEvents.map((e) => e.data.type)).toEqual(["message.done"]);
    expect(doneMessage(finalEvents).content).toBe("Alpha beta gamma delta.");
    // From the start, it also gets the visitor's message.
    const fromStart = await widgetRequest(
      testEnv,
      client,
      "GET",
      `/conversations/${conversationId}/turns/${turnId}/events`,
    );
    const all = parseSse(await fromStart.response.text());
    await fromStart.settled();
    expect(all[0]).toMatchObject({ id: "1", data: { type: "message.user" } });
  });

  it("answers a resume for an unknown turn, or someone else's conversation, with 404", async () => {
    const { keys } = await createTenant();
    const alice = await startConversation(keys.publishable);
    const bob = await startConversation(keys.publishable);
    const sent = await sendMessage(env, alice.client, alice.conversationId, { content: "hello" });
    const turnId = sent.response.headers.get("X-Clawless-Turn")!;
    const path = (conversation: string, turn: string) => `/conversations/${conversation}/turns/${turn}/events`;
    expect((await widgetCall(bob.client, "GET", path(alice.conversationId, turnId))).status).toBe(404);
    expect(
      (await widgetCall(alice.client, "GET", path(alice.conversationId, "msg_0000000000000000000000"))).status,
    ).toBe(404);
    const ok = await widgetCall(alice.client, "GET", path(alice.conversationId, turnId));
    expect(parseSse(await ok.text()).map((e) => e.data.type)).toEqual(["message.user", "message.done"]);
  });

  it("keeps every message of concurrent sends into one session: none lost, duplicated or out of order", async () => {
    const { keys } = await createTenant({
      assistant: { knowledge: [{ id: "a", title: "Answers", content: "Everything is fine." }] },
    });
    const { client, conversationId } = await startConversation(keys.publishable);
    const contents = ["one", "two", "three", "four", "five", "six"].map((n) => `Question ${n} about answers?`);
    const results = await Promise.all(contents.map((content) => sendMessage(env, client, conversationId, { content })));
    for (const result of results) expect(doneMessage(result.events).status).toBe("complete");

    const messages = (await (
      await widgetCall(client, "GET", `/conversations/${conversationId}/messages?limit=200`)
    ).json()) as {
      data: { id: string; seq: number; role: string; content: string; reply_to?: string }[];
    };
    const rows = messages.data;
    expect(rows.map((m) => m.seq)).toEqual(Array.from({ length: contents.length * 2 }, (_, i) => i + 1));
    const users = rows.filter((m) => m.role === "user");
    expect(users.map((m) => m.content).sort()).toEqual([...contents].sort());
    const answers = rows.filter((m) => m.role === "assistant");
    expect(answers).toHaveLength(contents.length);
    expect(new Set(answers.map((a) => a.reply_to)).size).toBe(contents.length);
    for (const answer of answers) {
      const question = users.find((u) => u.id === answer.reply_to)!;
      expect(question.seq).toBeLessThan(answer.seq);
    }
    // Each stream's own user message is the one it stored.
    for (const [i, result] of results.entries()) {
      const user = result.events[0]!.data;
      expect(user.type === "message.user" && user.message.content).toBe(contents[i]);
    }
  });
});
