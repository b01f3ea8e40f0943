import { visibleSession } from "../../sessions/ownership";
import { sessionStore, type SessionRecord } from "../../sessions/repository";
import type { ToolContext } from "../tool";

/** Another session of the same tenant, if the principal may reach it; null reads like "not found". */
export function reachableSession(ctx: ToolContext, sessionId: string): Promise<SessionRecord | null> {
  return visibleSession(sessionStore(ctx.env.DB, ctx.tenant.id), ctx.principal, sessionId);
}
