import type { RateLimitScope } from "../rate-limit/limits";
import type { SessionOwner } from "../sessions/repository";

/**
 * Who sent the message a turn answers — the turn's principal for every tool it runs. Each entry
 * point says it: the widget route passes the signed-in visitor or user, the secret-key API passes
 * its key; a turn started by sessions_send acts for the sender of the turn that sent it. Never
 * derived from the session (its channel or its creator): a widget visitor chatting in a session the
 * tenant's backend created is still only that visitor, and a conversation's device is not its
 * reader. A `TurnCaller` is a tools' `Principal` (server/tools/tool.ts) plus what rate limits it.
 */
export type TurnCaller =
  | { kind: "visitor"; owner: SessionOwner }
  | { kind: "api"; /** The secret key's id (its rate limit). */ keyId: string };

/** The rate limit the caller's requests count against (the same keys the auth middlewares use). */
export function callerRateLimit(tenantId: string, caller: TurnCaller): { scope: RateLimitScope; id: string } {
  return caller.kind === "visitor"
    ? { scope: "visitor", id: `${tenantId}:${caller.owner.visitorId}` }
    : { scope: "key", id: caller.keyId };
}
