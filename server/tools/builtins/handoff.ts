import { z } from "zod";
import { sessionStore } from "../../sessions/repository";
import { tenantEventStatement } from "../../tenant-events/tenant-events";
import { defineBuiltin, ok } from "../tool";

/**
 * Hands the conversation to a person: marks the session as waiting for one, records a
 * `handoff.requested` event for the tenant, and tells the model what to say — honestly: someone
 * has been notified, and will reply in this conversation; nobody is promised to be there now.
 */
export const handoffToHuman = defineBuiltin({
  name: "handoff_to_human",
  description:
    "Hand the conversation to a person on the team when the visitor asks for one or you cannot help. " +
    "Then tell the visitor, in your own words, what the result says happens next.",
  status: "Asking a person to take over…",
  input: z
    .object({
      reason: z.string().min(1).max(500).describe("Why a person is needed"),
      summary: z.string().max(2_000).optional().describe("What the person should know"),
    })
    .strict(),
  async run(ctx, input) {
    const now = Date.now();
    await ctx.env.DB.batch([
      sessionStore(ctx.env.DB, ctx.tenant.id).needsHumanStatement(ctx.session.id, now),
      tenantEventStatement(ctx.env.DB, ctx.tenant.id, {
        type: "handoff.requested",
        sessionId: ctx.session.id,
        data: { reason: input.reason, summary: input.summary ?? null, turn_id: ctx.turnId },
      }),
    ]);
    return ok({
      status: "handoff_requested",
      what_happens_next:
        "The team has been notified and a person will read this conversation and reply here. " +
        "Replies are not instant: the visitor can leave the page and come back to this conversation later.",
    });
  },
});
