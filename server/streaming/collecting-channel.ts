import type { StreamEvent } from "./events";
import type { TurnChannel } from "./turn-log";

type StreamError = Extract<StreamEvent, { type: "error" }>["error"];

/**
 * Where a turn sends its events when its answer is returned whole, not streamed (the sessions API
 * without SSE, a chat completion in a session): a listener may follow them as they come (to
 * translate them), and the turn's failure, if it sends one, is kept for the response. Beside the
 * live SSE channel (turn-log.ts) and the silent one (silent-channel.ts).
 */
export interface CollectingChannel extends TurnChannel {
  /** The `error` event the turn ended with, if any. */
  readonly failure: StreamError | null;
}

export function collectingChannel(listen: (event: StreamEvent) => void = () => {}): CollectingChannel {
  let failure: StreamError | null = null;
  return {
    send(event) {
      if (event.type === "error") failure = event.error;
      listen(event);
      return 0;
    },
    close: async () => undefined,
    disconnected: false,
    get failure() {
      return failure;
    },
  };
}
