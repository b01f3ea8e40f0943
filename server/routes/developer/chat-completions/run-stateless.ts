import { costMicros } from "../../../models/catalog";
import { envLogger } from "../../../logging/context-logger";
import type { LogFields } from "../../../lib/logger";
import { collectAnswerParts, emptyAnswerParts, runWithFallback, type ChainLink } from "../../../llm/fallback";
import type { ChatRequest } from "../../../llm/provider";
import { estimateTokens } from "../../../llm/tokens";
import type { Route } from "../../../llm/routing/router";
import { modelTuning } from "../../../llm/settings";
import { MAX_OUTPUT_TOKENS } from "../../../turns/context-budget";
import type { Tenant } from "../../../tenants/tenant";
import { releaseHold, settleHold, type QuotaHold } from "../../../usage/reservations";
import type { CompletionSink } from "./sinks";
import { usageOf } from "./sinks";
import { openAiFinishReason, type CompletionInput } from "./translate";

/**
 * A stateless completion: the caller's messages, system prompt and tools go to the route's
 * fallback chain as they are (no stored session, no tenant prompt or knowledge), and the answer
 * — text and any calls of the caller's tools, which are returned, not run — goes to the sink.
 * Usage counts against the tenant's month like any answered turn. Tool calls are sent only once
 * the chain has settled: an attempt that fails after announcing a call is retried or replaced,
 * and its calls must not reach the caller. Text is never retried once sent (see fallback.ts).
 */

export interface StatelessInput {
  env: Env;
  tenant: Tenant;
  route: Route;
  input: CompletionInput;
  sink: CompletionSink;
  /** The quota reservation taken for this call; settled to its usage, or released if no model answered. */
  hold: QuotaHold;
}

export async function runStatelessCompletion({ env, tenant, route, input, sink, hold }: StatelessInput): Promise<void> {
  const logger = envLogger(env, { tenantId: tenant.id, secrets: route.secrets });
  const log = (fields: LogFields) => logger.record({ where: "chat completion", ...fields });
  const primary = route.chain[0]!;
  let link: ChainLink = primary;
  const answer = { text: "", ...emptyAnswerParts() };
  const buildRequest = (candidate: ChainLink): ChatRequest => ({
    model: candidate.entry.id,
    system: input.system,
    messages: input.messages,
    knowledge: [],
    maxOutputTokens: Math.min(input.maxOutputTokens ?? MAX_OUTPUT_TOKENS, candidate.entry.max_output),
    ...(input.tools.length && candidate.entry.tools
      ? { tools: input.tools, ...(input.toolChoice ? { toolChoice: input.toolChoice } : {}) }
      : {}),
    ...(input.temperature === undefined ? {} : { temperature: input.temperature }),
    ...(input.stop ? { stop: input.stop } : {}),
  });
  let settled = false;
  try {
    const run = runWithFallback(route.chain, buildRequest, modelTuning(env));
    let step = await run.next();
    while (!step.done) {
      const event = step.value;
      collectAnswerParts(answer, event);
      switch (event.type) {
        case "attempt":
          link = event.link;
          break;
        case "text_delta":
          if (!event.text) break;
          sink.start(link.entry.id);
          answer.text += event.text;
          sink.text(event.text);
          break;
        case "failure":
          log({ level: "warn", model: event.link.entry.id, kind: event.error.kind, next: event.next });
          break;
        default:
          break;
      }
      step = await run.next();
    }
    const outcome = step.value;
    if (!outcome.link) throw outcome.error ?? new Error("no model answered");
    const entry = outcome.link.entry;
    const usage = answer.usage ?? {
      input_tokens: estimateTokens(input.system + input.messages.map((m) => m.content).join("\n")),
      output_tokens: estimateTokens(answer.text),
    };
    await settleHold(env.DB, hold, {
      messages: 1,
      input_tokens: usage.input_tokens,
      output_tokens: usage.output_tokens,
      cost_micros: costMicros(entry, usage),
    });
    settled = true;
    if (outcome.interrupted || answer.finish === "error") {
      sink.fail({
        type: "upstream_error",
        code: "interrupted",
        message: "The model failed in the middle of the answer; what was sent is all there is.",
      });
      return;
    }
    sink.finish({
      model: entry.id,
      text: answer.text,
      toolCalls: answer.toolCalls,
      finish: answer.toolCalls.length ? "tool_calls" : openAiFinishReason(answer.finish),
      usage: usageOf(usage.input_tokens, usage.output_tokens),
    });
  } catch (error) {
    log({ level: "error", error });
    if (!settled)
      await releaseHold(env.DB, hold).catch((e) => log({ level: "error", where: "quota release", error: String(e) }));
    sink.fail({ type: "upstream_error", code: "upstream_error", message: "No model could answer this time." });
  }
}
