import { toApiMessage } from "../sessions/api-shapes";
import { createSseStream } from "../streaming/sse";
import { createTurnChannel, createTurnLog } from "../streaming/turn-log";
import { runTurn } from "./run-turn";
import type { StartedTurn } from "./start-turn";

/**
 * A started turn answered as the widget's SSE events (the widget, the sessions API with
 * `Accept: text/event-stream`): the stored user message first, then the answer as it comes. Every
 * event is logged for a client that reconnects; the turn is handed to `waitUntil`, so it completes
 * and is stored even if the client goes mid-answer.
 */
export function streamTurn(
  turn: StartedTurn,
  headers: Record<string, string>,
  ctx: { waitUntil(promise: Promise<unknown>): void },
): Response {
  const { env, tenant, session, userMessage } = turn;
  const stream = createSseStream(headers);
  const log = createTurnLog(env.DB, { tenantId: tenant.id, sessionId: session.id, turnId: userMessage.id });
  const channel = createTurnChannel(stream, log);
  channel.send({ type: "message.user", message: toApiMessage(userMessage) });
  ctx.waitUntil(runTurn({ ...turn, channel }));
  return stream.response;
}
