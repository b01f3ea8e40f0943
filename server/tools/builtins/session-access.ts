import { ownsConversation } from "../../sessions/ownership";
import { sessionStore, type SessionRecord } from "../../sessions/repository";
import type { ToolContext } from "../tool";

/** Another session of the same tenant, if the principal may reach it; null reads like "not found". */
export async function reachableSession(ctx: ToolContext, sessionId: string): Promise<SessionRecord | null> {
  const session = await sessionStore(ctx.env.DB, ctx.tenant.id).get(sessionId);
  if (!session) return null;
  if (ctx.principal.kind === "visitor" && !ownsConversation(ctx.principal.owner, session)) return null;
  return session;
}
