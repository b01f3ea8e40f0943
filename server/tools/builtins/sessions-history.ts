import { z } from "zod";
import { sessionStore } from "../../sessions/repository";
import { defineBuiltin, fail, ok } from "../tool";
import { reachableSession } from "./session-access";

/** A conversation's transcript, newest `limit` messages, optionally with its tool calls. */
export const sessionsHistory = defineBuiltin({
  name: "sessions_history",
  description:
    "Read the transcript of a conversation (the latest messages, oldest first). Set include_tools to also " +
    "see the tools the assistant called in it and their results.",
  status: "Reading the conversation…",
  input: z
    .object({
      session_id: z.string().min(1).max(100).describe("The conversation's id, from sessions_list"),
      limit: z.number().int().min(1).max(100).default(20),
      include_tools: z.boolean().default(false),
    })
    .strict(),
  async run(ctx, input) {
    const session = await reachableSession(ctx, input.session_id);
    if (!session) return fail(`There is no conversation ${input.session_id} that you may read.`);
    const page = await sessionStore(ctx.env.DB, ctx.tenant.id).listMessages(session.id, { limit: input.limit });
    type Entry = { role: string; created_at: number; [key: string]: unknown };
    let entries: Entry[] = page.messages.map((m) => ({ role: m.role, content: m.content, created_at: m.created_at }));
    if (input.include_tools && entries.length > 0) {
      const { results } = await ctx.env.DB.prepare(
        `SELECT tool, input, output, error, created_at FROM tool_executions
         WHERE tenant_id = ? AND session_id = ? AND created_at >= ? ORDER BY created_at, id LIMIT 200`,
      )
        .bind(ctx.tenant.id, session.id, entries[0]!.created_at)
        .all<{ tool: string; input: string; output: string | null; error: string | null; created_at: number }>();
      const tools: Entry[] = results.map((t) => ({
        role: "tool",
        tool: t.tool,
        input: t.input,
        ...(t.error === null ? { output: t.output } : { error: t.error }),
        created_at: t.created_at,
      }));
      entries = [...entries, ...tools].sort((a, b) => a.created_at - b.created_at);
    }
    return ok({
      session_id: session.id,
      title: session.title,
      has_more: page.hasMore,
      messages: entries.map((e) => ({ ...e, created_at: new Date(e.created_at).toISOString() })),
    });
  },
});
