import { chooseModel } from "../llm/router";
import { newId } from "../lib/crypto";
import { loadContext, saveContext, toContext } from "../sessions/context-cache";
import { toApiMessage } from "../sessions/api-shapes";
import type { MessageRecord, SessionRecord, SessionStore } from "../sessions/repository";
import type { SseStream } from "../streaming/sse";
import type { Tenant } from "../tenants/tenant";
import { addUsageStatement } from "../usage/usage";

/**
 * One assistant turn, after the visitor's message is stored: load context, pick a model, stream
 * its answer, then store the answer, its usage and the new context in one go. It runs to the end
 * even when the client has disconnected (the caller keeps it alive with waitUntil), so a dropped
 * connection loses nothing.
 */

export const MAX_OUTPUT_TOKENS = 1024;

export interface TurnInput {
  env: Env;
  tenant: Tenant;
  store: SessionStore;
  session: SessionRecord;
  userMessage: MessageRecord;
  stream: SseStream;
}

export async function runTurn({
  env,
  tenant,
  store,
  session,
  userMessage,
  stream,
}: TurnInput): Promise<MessageRecord | null> {
  try {
    const context = await loadContext(env.CACHE, store, tenant.id, session.id, userMessage);
    const choice = chooseModel(env, tenant);
    const messageId = newId("msg");
    stream.send({ type: "message.start", message_id: messageId, model: choice.model });

    let text = "";
    let usage = { input_tokens: 0, output_tokens: 0 };
    let interrupted = false;
    try {
      for await (const event of choice.provider.stream({
        model: choice.model,
        system: tenant.config.assistant.system_prompt,
        messages: context.messages.map(({ role, content }) => ({ role, content })),
        knowledge: tenant.config.assistant.knowledge,
        maxOutputTokens: MAX_OUTPUT_TOKENS,
      })) {
        if (event.type === "text_delta" && event.text) {
          text += event.text;
          stream.send({ type: "text.delta", message_id: messageId, text: event.text });
        } else if (event.type === "usage") {
          usage = { input_tokens: event.input_tokens, output_tokens: event.output_tokens };
        } else if (event.type === "finish" && event.reason === "error") {
          interrupted = true;
        }
      }
    } catch (error) {
      // Whatever was already streamed is kept (never re-sent): the message ends `interrupted`.
      console.error(
        JSON.stringify({ level: "error", where: "model stream", model: choice.model, error: String(error) }),
      );
      if (!text) throw error;
      interrupted = true;
    }

    const answer = await store.appendMessage(
      session.id,
      {
        id: messageId,
        role: "assistant",
        content: text,
        status: interrupted ? "interrupted" : "complete",
        model: choice.model,
        model_reason: choice.reason,
        input_tokens: usage.input_tokens,
        output_tokens: usage.output_tokens,
      },
      () => [addUsageStatement(env.DB, tenant.id, { messages: 1, ...usage, cost_micros: 0 })],
    );
    await saveContext(env.CACHE, tenant.id, session.id, [...context.messages, toContext(answer)]);
    stream.send({ type: "message.done", message: toApiMessage(answer) });
    return answer;
  } catch (error) {
    console.error(JSON.stringify({ level: "error", where: "turn", session: session.id, error: String(error) }));
    stream.send({
      type: "error",
      error: { type: "upstream_error", message: "The assistant could not answer this time. Please try again." },
    });
    return null;
  } finally {
    stream.close();
  }
}
