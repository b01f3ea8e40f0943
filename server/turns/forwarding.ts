import { ApiError } from "../http/errors";
import type { MessageRecord, SessionRecord } from "../sessions/repository";
import { silentChannel } from "../streaming/silent-channel";
import type { Forwarded } from "../tools/tool";
import type { TurnInput } from "./turn-input";
import { startTurn, type StartedTurn } from "./start-turn";

/**
 * sessions_send's bounds, kept by the turn that sends: without them one widget message fanned out
 * into hundreds of model calls. A turn passes on at most `tools.limits.max_sends_per_turn` messages
 * (a refused attempt counts too, so a model cannot retry its way past it). Each forwarded turn:
 * - acts for the sender (same caller), and offers no sessions_send of its own (depth > 0);
 * - starts as every turn does (start-turn.ts): its own quota reservation is taken before its message
 *   is stored; it spends the sender's rate limit on every model call it makes (model-calls.ts);
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

    let turn: StartedTurn;
    try {
      turn = await startTurn({
        env: parent.env,
        tenant: parent.tenant,
        session: target,
        content,
        caller: parent.caller,
        metadata: { via: "sessions_send", from_session: parent.session.id },
      });
    } catch (error) {
      // The month's quota is a refusal the model is told about; anything else is the tool's failure.
      if (error instanceof ApiError && error.status === 429) return refused(error.message);
      throw error;
    }
    const message = turn.userMessage;
    const reply = input.run({ ...parent, ...turn, channel: silentChannel(), deadline, depth: (parent.depth ?? 0) + 1 });
    input.track(reply);
    return { ok: true, message, reply };
  };
}

const refused = (error: string): Forwarded => ({ ok: false, error });
