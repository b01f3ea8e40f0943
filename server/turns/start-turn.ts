import { loadTenantCredentials } from "../llm/credentials";
import { routeTurn } from "../llm/routing/router";
import { sessionStore, type SessionRecord } from "../sessions/repository";
import type { Tenant } from "../tenants/tenant";
import { releaseHold, reserveTurn } from "../usage/reservations";
import type { TurnCaller } from "./caller";
import { openingInputTokens } from "./context-budget";
import type { TurnInput } from "./turn-input";

/**
 * How every turn starts — a widget message, the sessions API, a chat completion in a session, a
 * message passed on by sessions_send — so that none skips a step or takes them in another order:
 *   1. the tenant's provider credentials are read;
 *   2. the router picks the model (a requested model the caller may not use is refused here);
 *   3. the turn's share of the month is reserved — its size depends on the routed model's window,
 *      so the reservation comes after routing; a refusal is the 429 quota error;
 *   4. the user message is stored, only now: a refused turn writes nothing. If storing fails, the
 *      reservation is given back.
 * The result is runTurn's input without a channel: the entry point chooses where events go.
 */

export interface StartTurnInput {
  env: Env;
  tenant: Tenant;
  session: SessionRecord;
  /** The user message, already validated by the entry point. */
  content: string;
  /** Who sends it: decides model choice here and every tool's permissions in the turn. */
  caller: TurnCaller;
  /** A model the caller asks for; absent: the router chooses. */
  model?: string;
  /** Stored with the user message (e.g. the API caller's metadata, where a forwarded message came from). */
  metadata?: Record<string, unknown>;
}

export type StartedTurn = Pick<
  TurnInput,
  "env" | "tenant" | "store" | "session" | "userMessage" | "route" | "caller" | "hold"
>;

export async function startTurn(input: StartTurnInput): Promise<StartedTurn> {
  const { env, tenant, session, content, caller } = input;
  const credentials = await loadTenantCredentials(env, tenant.id);
  const route = routeTurn({ env, tenant, credentials, text: content, caller, requestedModel: input.model });
  const hold = await reserveTurn(env.DB, tenant, openingInputTokens(tenant, route, content));
  const store = sessionStore(env.DB, tenant.id);
  const userMessage = await store
    .appendMessage(session.id, { role: "user", content, metadata: input.metadata })
    .catch(async (error: unknown) => {
      await releaseHold(env.DB, hold);
      throw error;
    });
  return { env, tenant, store, session, userMessage, route, caller, hold };
}
