import { z } from "zod";
import { defineBuiltin, fail, ok } from "../tool";
import { reachableSession } from "./session-access";

/**
 * Posts a message into another conversation of the same tenant, where the assistant answers it as
 * a turn of that conversation; optionally waits for the reply. Outcomes: `accepted` (not waiting),
 * `ok` with the reply, `timeout` (the reply will still be stored there). A refusal — no such
 * conversation for this caller, a bound of the sending turn (server/turns/forwarding.ts), the
 * quota — is a tool error, so the audit log records it as one.
 */
export const sessionsSend = defineBuiltin({
  name: "sessions_send",
  description:
    "Send a message into another conversation; the assistant there answers it. Set wait_seconds to wait for " +
    "the reply (status ok with the reply, or timeout); with 0 the message is just accepted.",
  status: "Passing the message on…",
  input: z
    .object({
      session_id: z.string().min(1).max(100).describe("The conversation to post into, from sessions_list"),
      message: z.string().min(1).max(8_000),
      wait_seconds: z.number().int().min(0).max(60).default(0),
    })
    .strict(),
  async run(ctx, input) {
    if (ctx.depth > 0) return fail("A message passed on by sessions_send cannot be passed on again.");
    if (input.session_id === ctx.session.id) return fail("That is this conversation: answer here instead.");
    const target = await reachableSession(ctx, input.session_id);
    if (!target) return fail(`There is no conversation ${input.session_id} you may send to.`);
    const sent = await ctx.forward(target, input.message);
    if (!sent.ok) return fail(sent.error);
    const { message, reply } = sent;
    if (input.wait_seconds === 0) return ok({ status: "accepted", session_id: target.id, message_id: message.id });

    const waitMs = Math.min(input.wait_seconds * 1_000, Math.max(0, ctx.deadline - Date.now()));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), waitMs)));
    const settled = await Promise.race([reply, timeout]).finally(() => clearTimeout(timer));
    if (settled === "timeout") return ok({ status: "timeout", session_id: target.id, message_id: message.id });
    if (settled === null)
      return fail("The message was stored there, but the assistant in that conversation could not answer.");
    return ok({ status: "ok", session_id: target.id, message_id: message.id, reply: settled.content });
  },
});
