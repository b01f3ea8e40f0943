import { z } from "zod";
import { sessionStore } from "../../sessions/repository";
import { defineBuiltin, ok } from "../tool";

/** The tenant's conversations the principal may see: a visitor's own, or all of them for the API. */
export const sessionsList = defineBuiltin({
  name: "sessions_list",
  description:
    "List conversations, most recently active first. A website visitor only sees their own conversations; " +
    "a server-side API caller sees all of the business's conversations.",
  status: "Looking through conversations…",
  input: z
    .object({
      active_within_minutes: z
        .number()
        .int()
        .min(1)
        .max(525_600)
        .optional()
        .describe("Only conversations with activity in the last N minutes"),
      limit: z.number().int().min(1).max(50).default(20).describe("At most this many conversations"),
    })
    .strict(),
  async run(ctx, input) {
    const owner = ctx.principal.kind === "visitor" ? ctx.principal.owner : undefined;
    const page = await sessionStore(ctx.env.DB, ctx.tenant.id).list({ owner, limit: input.limit });
    const since = input.active_within_minutes === undefined ? 0 : Date.now() - input.active_within_minutes * 60_000;
    return ok({
      sessions: page.sessions
        .filter((s) => s.updated_at >= since)
        .map((s) => ({
          id: s.id,
          title: s.title,
          channel: s.channel,
          status: s.status,
          current: s.id === ctx.session.id,
          created_at: new Date(s.created_at).toISOString(),
          updated_at: new Date(s.updated_at).toISOString(),
        })),
    });
  },
});
