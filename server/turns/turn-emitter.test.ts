import { describe, expect, it } from "vitest";
import type { ChainLink } from "../llm/fallback";
import type { MessageRecord } from "../sessions/repository";
import type { StreamEvent } from "../streaming/events";
import { collectingChannel } from "../streaming/collecting-channel";
import { turnEmitter } from "./turn-emitter";

const link = (id: string) => ({ entry: { id } }) as unknown as ChainLink;
const primary = link("claude-haiku-5-5");
const fallback = link("gpt-5-mini");

function emitted() {
  const events: StreamEvent[] = [];
  return { events, channel: collectingChannel((event) => events.push(event)) };
}

describe("the turn emitter", () => {
  it("opens the message once, before its first text, with the model that answers", () => {
    const { events, channel } = emitted();
    const emit = turnEmitter(channel, primary);
    emit.text(primary, "Hel");
    emit.text(primary, "lo");
    expect(events.map((e) => e.type)).toEqual(["message.start", "text.delta", "text.delta"]);
    expect(events[0]).toMatchObject({ message_id: emit.messageId, model: "claude-haiku-5-5" });
  });

  it("says right after message.start that a fallback model answered", () => {
    const { events, channel } = emitted();
    const emit = turnEmitter(channel, primary);
    emit.notice(fallback, "tool_limit", "I stopped here.");
    expect(events).toMatchObject([
      { type: "message.start", model: "gpt-5-mini" },
      { type: "message.notice", code: "fallback" },
      { type: "message.notice", code: "tool_limit", message: "I stopped here." },
    ]);
  });

  it("ends with message.done, opening the message first if nothing was said", () => {
    const { events, channel } = emitted();
    const emit = turnEmitter(channel, primary);
    const stored: MessageRecord = {
      id: emit.messageId,
      session_id: "ses_1",
      seq: 2,
      role: "assistant",
      content: "",
      status: "complete",
      model: "claude-haiku-5-5",
      model_reason: "pinned by the tenant",
      input_tokens: 0,
      output_tokens: 0,
      cost_micros: 0,
      metadata: null,
      feedback: null,
      created_at: 0,
    };
    emit.done(primary, stored);
    expect(events.map((e) => e.type)).toEqual(["message.start", "message.done"]);
  });
});
