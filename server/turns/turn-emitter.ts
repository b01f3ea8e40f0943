import type { ChainLink } from "../llm/fallback";
import { newId } from "../lib/crypto";
import { toApiMessage } from "../sessions/api-shapes";
import type { MessageRecord } from "../sessions/repository";
import type { NoticeCode } from "../streaming/events";
import type { TurnChannel } from "../streaming/turn-log";

/**
 * The answer's events, in the order every client relies on: `message.start` once, naming the model
 * that answers, before anything else of the answer; a `fallback` notice right after it when that
 * model is not the route's first; then text deltas and notices; `message.done` last. The model loop
 * says what happens (and which model is answering); the emitter opens the message when it first
 * has something to show.
 */

export interface TurnEmitter {
  /** The id of the answer's message, known before it is stored. */
  readonly messageId: string;
  /** Opens the answer (once) as `link`'s. */
  start(link: ChainLink): void;
  text(link: ChainLink, text: string): void;
  notice(link: ChainLink, code: NoticeCode, message: string): void;
  /** The stored answer: the last event of the message. */
  done(link: ChainLink, message: MessageRecord): void;
}

export function turnEmitter(channel: TurnChannel, primary: ChainLink): TurnEmitter {
  const messageId = newId("msg");
  let started = false;
  const start = (link: ChainLink) => {
    if (started) return;
    started = true;
    channel.send({ type: "message.start", message_id: messageId, model: link.entry.id });
    if (link !== primary) {
      channel.send({
        type: "message.notice",
        message_id: messageId,
        code: "fallback",
        message: `${primary.entry.id} was unavailable, so ${link.entry.id} answered.`,
      });
    }
  };
  return {
    messageId,
    start,
    text(link, text) {
      start(link);
      channel.send({ type: "text.delta", message_id: messageId, text });
    },
    notice(link, code, message) {
      start(link);
      channel.send({ type: "message.notice", message_id: messageId, code, message });
    },
    done(link, message) {
      start(link);
      channel.send({ type: "message.done", message: toApiMessage(message) });
    },
  };
}
