import { ApiError } from "../http/errors";
import { loadTenantCredentials } from "../llm/credentials";
import { routeTurn } from "../llm/routing/router";
import { sessionStore, type MessageRecord, type SessionRecord } from "../sessions/repository";
import type { TurnChannel } from "../streaming/turn-log";
import type { Forwarded } from "../tools/tool";
import { releaseHold, reserveTurn } from "../usage/reservations";
import { openingInputTokens, type TurnInput } from "./run-turn";

/**
 * sessions_send's bounds, kept by the turn that sends: without them one widget message fanned out
 * into hundreds of model calls. A turn passes on at most `tools.limits.max_sends_per_turn` messages
 * (a refused attempt counts too, so a model cannot retry its way past it). Each forwarded turn:
 * - acts for the sender (same caller), and offers no sessions_send of its own (depth > 0);
 * - holds its own quota reservation, taken before its message is stored, and spends the sender's
 *   rate limit on every model call it makes (model-calls.ts);
 * - ends by the sending turn's deadline: the whole tree shares one.
 */

export interface ForwardingInput {
  parent: TurnInput;
  /** The sending turn's deadline (epoch ms), which every forwarded turn inherits. */
  deadline: number;
  /** Keeps a forwarded turn alive until the sending turn ends. */
  track(turn: Promise<unknown>): void;
  /** Runs the forwarded turn: runTurn (passed in by it, so tests can see what a forwarded turn is given). */
  run(input: TurnInput): Promise<MessageRecord | null>;
}

export function forwarding(input: ForwardingInput): (target: SessionRecord, content: string) => Promise<Forwarded> {
  const { parent, deadline } = input;
  const max = parent.tenant.config.tools.limits.max_sends_per_turn;
  let sent = 0;
  return async function forward(target, content) {
    // Counted before anything is awaited: a round's calls run at once.
    if (sent >= max) {
      return refused(`This answer may pass on at most ${max} message${max === 1 ? "" : "s"}; none more were sent.`);
    }
    sent++;
    if ((parent.depth ?? 0) > 0) return refused("A message passed on by sessions_send cannot be passed on again.");
    if (Date.now() >= deadline) return refused("The answer's time limit was reached; the message was not sent.");

    const { env, tenant } = parent;
    const credentials = await loadTenantCredentials(env, tenant.id);
    const route = routeTurn({ env, tenant, credentials, text: content });
    let hold;
    try {
      hold = await reserveTurn(env.DB, tenant, openingInputTokens(tenant, route, content));
    } catch (error) {
      if (error instanceof ApiError) return refused(error.message);
      throw error;
    }
    let message: MessageRecord;
    try {
      message = await sessionStore(env.DB, tenant.id).appendMessage(target.id, {
        role: "user",
        content,
        metadata: { via: "sessions_send", from_session: parent.session.id },
      });
    } catch (error) {
      await releaseHold(env.DB, hold);
      throw error;
    }
    let nextId = 1;
    const silent: TurnChannel = { send: () => nextId++, close: async () => {}, disconnected: true };
    const reply = input.run({
      ...parent,
      session: target,
      userMessage: message,
      route,
      channel: silent,
      hold,
      deadline,
      depth: (parent.depth ?? 0) + 1,
    });
    input.track(reply);
    return { ok: true, message, reply };
  };
}

const refused = (error: string): Forwarded => ({ ok: false, error });
