import type { ClientToolConfig } from "../tenants/config";
import { clientCallStore } from "./client-calls";
import { fail, jsonSchemaValidator, ok, type Tool } from "./tool";

/**
 * A tenant's client tool, run in the visitor's browser: the turn opens the call, streams a
 * `tool.client_request` event and waits (bounded by the tool's timeout and the turn's) for the
 * widget's answer at POST .../turns/:turnId/tool-results. No answer in time is an error result,
 * never a hang; so is a page that registered no handler (the widget answers that at once).
 */

export function clientTool(config: ClientToolConfig, pollMs: number): Tool {
  return {
    name: config.name,
    description: config.description,
    input_schema: config.input_schema,
    kind: "client",
    status: config.status_text ?? "Working on it…",
    validate: jsonSchemaValidator(config.input_schema),
    async run(ctx, input) {
      const started = Date.now();
      const deadline = Math.min(started + config.timeout_ms, ctx.deadline);
      const store = clientCallStore(ctx.env.DB, ctx.tenant.id);
      await store.open({
        sessionId: ctx.session.id,
        turnId: ctx.turnId,
        callId: ctx.callId,
        tool: config.name,
        expiresAt: deadline,
      });
      ctx.channel.send({
        type: "tool.client_request",
        message_id: ctx.messageId,
        turn_id: ctx.turnId,
        call_id: ctx.callId,
        name: config.name,
        input,
        confirm: config.confirm,
        timeout_ms: Math.max(0, deadline - Date.now()),
        status: config.status_text ?? "Working on it…",
      });
      const answer = await store.wait(ctx.turnId, ctx.callId, deadline, pollMs);
      if (!answer) {
        const seconds = Math.max(1, Math.round((deadline - started) / 1_000));
        return fail(
          `The visitor's browser did not answer within ${seconds} s, so there is no result from ${config.name}.`,
        );
      }
      const output = parseOrText(answer.output);
      return answer.isError ? fail(typeof output === "string" ? output : JSON.stringify(output)) : ok(output);
    },
  };
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
