import type { Route } from "../llm/routing/router";
import type { MessageRecord, SessionRecord, SessionStore } from "../sessions/repository";
import type { TurnChannel } from "../streaming/turn-log";
import type { Tenant } from "../tenants/tenant";
import type { QuotaHold } from "../usage/reservations";
import type { TurnCaller } from "./caller";

/**
 * What a turn is given once its user message is stored (start-turn.ts makes all but the channel):
 * the parts of runTurn and the sessions_send forwarding read it, so it has a file of its own.
 */
export interface TurnInput {
  env: Env;
  tenant: Tenant;
  store: SessionStore;
  session: SessionRecord;
  userMessage: MessageRecord;
  route: Route;
  channel: TurnChannel;
  /** Who sent the message: the principal of every tool call (server/turns/caller.ts). */
  caller: TurnCaller;
  /** The turn's quota reservation, taken by the entry point before the message was stored. */
  hold: QuotaHold;
  /** Epoch ms by which the turn ends; absent: its tenant's `max_turn_ms` from now. Forwarded turns get their sender's. */
  deadline?: number;
  /**
   * Narrows the tenant's tool permissions for this turn (e.g. the tools a secret-key API call
   * allows); never widens them. Absent or null: the tenant's and the session's permissions.
   */
  toolScope?: readonly string[] | null;
  /** 0 for a visitor's or API caller's turn; turns started by sessions_send are deeper. */
  depth?: number;
}
