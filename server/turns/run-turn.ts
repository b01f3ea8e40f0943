import { envLogger } from "../logging/context-logger";
import { modelTuning } from "../llm/settings";
import type { MessageRecord } from "../sessions/repository";
import { releaseHold } from "../usage/reservations";
import { forwarding } from "./forwarding";
import { modelCallGate, noSpend } from "./model-calls";
import { prepareContext } from "./prepare-context";
import { runModelLoop } from "./run-model-loop";
import { storeAnswer } from "./store-answer";
import { turnEmitter } from "./turn-emitter";
import type { TurnInput } from "./turn-input";

/**
 * One assistant turn, after its user message is stored (start-turn.ts), read top to bottom:
 *   1. prepareContext: the conversation, compacted if it outgrew the model's window;
 *   2. runModelLoop: the route's fallback chain answers, running tools round by round, its text
 *      streamed through the turn emitter (turn-emitter.ts owns the message's events);
 *   3. storeAnswer: the answer, its model and reason, usage and cost, and the month's usage, in one
 *      transaction; then `message.done`.
 * It runs to the end even when the client has disconnected (the caller keeps it alive with
 * waitUntil), so a dropped connection loses nothing; a reconnecting client reads the rest from the
 * turn log. A failure before the answer is stored releases the quota hold and ends with `error`.
 *
 * The tools act for `caller`, whoever sent the message (caller.ts), never for the session's
 * origin. Quotas: the turn's share of the month was reserved when it started (`hold`); every model
 * call first grows it (model-calls.ts), the answer's batch settles it to the actual usage. Messages
 * passed on by sessions_send run as turns of their own within this one's bounds (forwarding.ts).
 */

export async function runTurn(input: TurnInput): Promise<MessageRecord | null> {
  const { env, tenant, session, userMessage, route, channel, caller, hold } = input;
  const tuning = modelTuning(env);
  const background: Promise<unknown>[] = [];
  const log = envLogger(env, {
    tenantId: tenant.id,
    secrets: route.secrets,
    fields: { session_id: session.id, turn_id: userMessage.id },
  }).record;
  const spend = { answer: noSpend(), compaction: noSpend() };
  let settled = false;
  try {
    const admit = modelCallGate({
      env,
      tenant,
      hold,
      caller,
      chargeCallerRateLimit: (input.depth ?? 0) > 0,
      spent: () => spend.answer.input_tokens + spend.compaction.input_tokens,
    });
    const context = await prepareContext({ ...input, tuning, admit, spend: spend.compaction, log });
    const emit = turnEmitter(channel, route.chain[0]!);
    const deadline = input.deadline ?? Date.now() + tenant.config.tools.limits.max_turn_ms;
    const forward = forwarding({ parent: input, deadline, track: (turn) => background.push(turn), run: runTurn });
    const answer = await runModelLoop({
      turn: input,
      context,
      emit,
      admit,
      spend: spend.answer,
      tuning,
      deadline,
      forward,
      log,
    });
    const stored = await storeAnswer({
      ...input,
      tenantId: tenant.id,
      messageId: emit.messageId,
      answer,
      context,
      spend: spend.answer,
      compaction: spend.compaction,
      log,
    });
    settled = true;
    emit.done(answer.link, stored);
    return stored;
  } catch (error) {
    log({ level: "error", where: "turn", error });
    if (!settled) {
      await releaseHold(env.DB, hold).catch((e) => log({ level: "error", where: "quota release", error: String(e) }));
    }
    channel.send({
      type: "error",
      error: { type: "upstream_error", message: "The assistant could not answer this time. Please try again." },
    });
    return null;
  } finally {
    await channel.close();
    // Turns started by sessions_send without waiting finish inside this one's lifetime.
    await Promise.allSettled(background);
  }
}
