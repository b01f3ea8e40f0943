import { costMicros, type CatalogEntry, type Usage } from "../models/catalog";
import { envLogger } from "../logging/context-logger";
import {
  collectAnswerParts,
  emptyAnswerParts,
  runWithFallback,
  type ChainLink,
  type FallbackEvent,
  type FallbackOutcome,
} from "../llm/fallback";
import { fitKnowledge } from "../llm/knowledge-fit";
import { estimateTokens, type ChatMessage, type ChatRequest } from "../llm/provider";
import { thinkingBudget, type Route } from "../llm/routing/router";
import { modelTuning, type ModelTuning } from "../llm/settings";
import { newId } from "../lib/crypto";
import { countTokens, fitContext, truncateToBudget, type Summarizer } from "../sessions/compaction";
import { CONTEXT_MESSAGES, loadContext, saveContext, toContext, type ContextMessage } from "../sessions/context-cache";
import { toApiMessage } from "../sessions/api-shapes";
import type { MessageRecord, SessionRecord, SessionStore } from "../sessions/repository";
import type { TurnChannel } from "../streaming/turn-log";
import type { Tenant } from "../tenants/tenant";
import { clientPollMs } from "../tools/client-calls";
import { toolbox } from "./toolbox";
import { runToolCalls } from "./run-tool-calls";
import { getSessionToolScope } from "../tools/session-scope";
import { releaseHold, settleHoldStatements, type QuotaHold } from "../usage/reservations";
import type { TurnCaller } from "./caller";
import { forwarding } from "./forwarding";
import { modelCallGate, requestInputTokens, type ModelCallGate } from "./model-calls";

/**
 * One assistant turn, after the visitor's message is stored: load the context (compacting it if
 * it outgrew the model's window), run the route's fallback chain, stream the answer, then store
 * it with its model, the reason for that model, usage and cost — and the tenant's monthly usage —
 * in one transaction. It runs to the end even when the client has disconnected (the caller keeps
 * it alive with waitUntil), so a dropped connection loses nothing; a reconnecting client reads the
 * rest from the turn log.
 *
 * A model failure after text was streamed ends the answer there, stored and announced as
 * `interrupted` (a `message.notice`, then `message.done` with that status): continuing with
 * another model would repeat or contradict what the visitor already read.
 *
 * The model loop: when the model calls tools, they run (all of a round's calls at once, see
 * server/turns/run-tool-calls.ts), their results go back to the model, and so on until it
 * answers — bounded by the tenant's `tools.limits` (rounds and total time). Every round's text is
 * part of the one answer; a bound that is hit ends the answer with a `tool_limit` notice that says
 * which. Tool calls and results are in the audit log (tool_executions), not in the messages.
 *
 * The tools act for `caller`, whoever sent the message (caller.ts), never for the session's
 * origin. Quotas: the entry point reserved the turn's share of the month (`hold`); every model call
 * first grows it (model-calls.ts), the answer's batch settles it to the actual usage, a failure
 * releases it. Messages passed on by sessions_send run as turns of their own within this one's
 * bounds (forwarding.ts).
 */

export const MAX_OUTPUT_TOKENS = 1024;
/** Room kept free in a window for what estimates miss (tool schemas, formatting). */
const WINDOW_MARGIN = (window: number) => Math.ceil(window * 0.05) + 256;
/** Knowledge may use at most this share of what a window leaves for input. */
const KNOWLEDGE_SHARE = 0.4;

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

export async function runTurn(input: TurnInput): Promise<MessageRecord | null> {
  const { env, tenant, store, session, userMessage, route, channel, caller, hold } = input;
  const tuning = modelTuning(env);
  const background: Promise<unknown>[] = [];
  const log = envLogger(env, {
    tenantId: tenant.id,
    secrets: route.secrets,
    fields: { session_id: session.id, turn_id: userMessage.id },
  }).record;
  let settled = false;
  try {
    const context = await loadContext(env.CACHE, store, tenant.id, session, userMessage);
    const extraUsage: Usage & { cost_micros: number } = { input_tokens: 0, output_tokens: 0, cost_micros: 0 };
    const total = { input_tokens: 0, output_tokens: 0, cost_micros: 0 };
    const admit = modelCallGate({
      env,
      tenant,
      hold,
      caller,
      chargeCallerRateLimit: (input.depth ?? 0) > 0,
      spent: () => total.input_tokens + extraUsage.input_tokens,
    });
    const primary = route.chain[0]!;
    const fitted = await fitContext({
      messages: context.messages,
      summary: context.summary,
      budget: contextBudget(primary.entry, tenant, userMessage.content).messages,
      maxMessages: CONTEXT_MESSAGES,
      summarize:
        primary.entry.provider === "offline" || route.summarizers.length === 0
          ? null
          : summarizer(route.summarizers, tuning, extraUsage, log, admit),
    });
    let startSeq = context.startSeq;
    if (
      fitted.compacted &&
      (await store.saveSummary(session.id, fitted.compacted.summary, fitted.compacted.throughSeq))
    ) {
      startSeq = fitted.compacted.throughSeq;
    }

    const messageId = newId("msg");
    let requestTokens = 0;
    const buildRequest = (link: ChainLink): ChatRequest => {
      const budget = contextBudget(link.entry, tenant, userMessage.content);
      const fit = truncateToBudget(fitted.messages, fitted.summary, budget.messages);
      const system = withSummary(tenant.config.assistant.system_prompt, fit.summary);
      const messages: ChatMessage[] = [
        ...fit.messages.map(({ role, content }) => ({ role, content })),
        ...loopMessages,
      ];
      requestTokens = estimateTokens(system + messages.map((m) => m.content).join("\n"));
      return {
        model: link.entry.id,
        system,
        messages,
        knowledge: budget.knowledge,
        maxOutputTokens: budget.maxOutput,
        thinkingBudget: budget.thinking,
        ...(tools.specs.length ? { tools: tools.specs } : {}),
      };
    };

    const limits = tenant.config.tools.limits;
    const deadline = input.deadline ?? Date.now() + limits.max_turn_ms;
    const forward = forwarding({
      parent: input,
      deadline,
      track: (turn) => background.push(turn),
      run: runTurn,
    });
    const tools = toolbox({
      tenant,
      session,
      sessionScope: await getSessionToolScope(env.DB, tenant.id, session.id),
      callScope: input.toolScope,
      depth: input.depth ?? 0,
      clientPollMs: clientPollMs(env),
    });
    /** The loop's own messages after the stored context: tool calls and their results. */
    const loopMessages: ChatMessage[] = [];

    const answer = { text: "", ...emptyAnswerParts() };
    /** This round's text; `answer.text` is every round's. */
    let roundText = "";
    let started = false;
    let link = primary;
    const start = () => {
      if (started) return;
      started = true;
      channel.send({ type: "message.start", message_id: messageId, model: link.entry.id });
      if (link !== primary) {
        channel.send({
          type: "message.notice",
          message_id: messageId,
          code: "fallback",
          message: `${primary.entry.id} was unavailable, so ${link.entry.id} answered.`,
        });
      }
    };
    const sendText = (text: string) => {
      start();
      answer.text += text;
      channel.send({ type: "text.delta", message_id: messageId, text });
    };
    const onEvent = (event: FallbackEvent) => {
      collectAnswerParts(answer, event);
      switch (event.type) {
        case "attempt":
          link = event.link;
          break;
        case "text_delta":
          if (!event.text) break;
          // Rounds are one answer: a paragraph break between one round's text and the next.
          if (!roundText && answer.text) sendText("\n\n");
          roundText += event.text;
          sendText(event.text);
          break;
        case "failure":
          log({
            level: "warn",
            where: "model",
            model: event.link.entry.id,
            kind: event.error.kind,
            status: event.error.status,
            next: event.next,
            error: event.error.message,
          });
          if (event.next === "interrupted") {
            channel.send({
              type: "message.notice",
              message_id: messageId,
              code: "interrupted",
              message: "The answer was cut off by a model error; what you see is what was received.",
            });
          }
          break;
        case "skipped":
          log({ level: "warn", where: "model", model: event.link.entry.id, skipped: event.why });
          break;
      }
    };

    const allAttempts: FallbackOutcome["attempts"] = [];
    let rounds = 0;
    let toolCallCount = 0;
    let limitHit: string | null = null;
    let outcome: FallbackOutcome | null = null;
    for (;;) {
      const refusal = await admit(requestInputTokens(buildRequest(link)));
      if (refusal) {
        limitHit = refusal;
        break;
      }
      rounds++;
      roundText = "";
      const run = runWithFallback(route.chain, buildRequest, tuning);
      let step = await run.next();
      while (!step.done) {
        onEvent(step.value);
        step = await run.next();
      }
      outcome = step.value;
      allAttempts.push(...outcome.attempts);
      if (!outcome.link) throw outcome.error ?? new Error("no model answered");
      link = outcome.link;
      const used = answer.usage ?? {
        input_tokens: requestTokens,
        output_tokens: estimateTokens(roundText) + estimateTokens(JSON.stringify(answer.toolCalls)),
      };
      total.input_tokens += used.input_tokens;
      total.output_tokens += used.output_tokens;
      total.cost_micros += costMicros(link.entry, used);

      const calls = answer.toolCalls;
      if (outcome.interrupted || calls.length === 0 || answer.finish === "error") break;
      if (rounds >= limits.max_rounds) {
        limitHit = `I stopped here: this answer reached its limit of ${limits.max_rounds} rounds of tool use.`;
        break;
      }
      if (Date.now() >= deadline) {
        limitHit = `I stopped here: this answer reached its time limit of ${Math.round(limits.max_turn_ms / 1000)} s.`;
        break;
      }
      start();
      toolCallCount += calls.length;
      const results = await runToolCalls({
        calls,
        toolbox: tools,
        deadline,
        maxCalls: limits.max_calls_per_round,
        log,
        context: {
          env,
          tenant,
          session,
          principal: caller,
          turnId: userMessage.id,
          messageId,
          channel,
          depth: input.depth ?? 0,
          forward,
        },
      });
      loopMessages.push({
        role: "assistant",
        content: roundText,
        tool_calls: calls,
        ...(answer.thinking && answer.signature
          ? { thinking: { text: answer.thinking, signature: answer.signature } }
          : {}),
      });
      for (const result of results) {
        loopMessages.push({
          role: "tool",
          tool_call_id: result.call.id,
          content: result.content,
          ...(result.isError ? { is_error: true } : {}),
        });
      }
      if (Date.now() >= deadline) {
        limitHit = `I stopped here: this answer reached its time limit of ${Math.round(limits.max_turn_ms / 1000)} s.`;
        break;
      }
    }
    if (limitHit) {
      start();
      channel.send({ type: "message.notice", message_id: messageId, code: "tool_limit", message: limitHit });
      sendText(`${answer.text ? "\n\n" : ""}${limitHit}`);
    }
    const entry = link.entry;
    const usage = { input_tokens: total.input_tokens, output_tokens: total.output_tokens };
    const cost = total.cost_micros;
    const failed = allAttempts.filter((a) => a.outcome !== "ok");
    const reason =
      link === primary
        ? route.reason
        : `${route.reason}; fallback to ${entry.id} after ${failed.map((a) => `${a.model} ${a.outcome}`).join(", ")}`;
    const interrupted = !!outcome?.interrupted || answer.finish === "error";

    const stored = await store.appendMessage(
      session.id,
      {
        id: messageId,
        role: "assistant",
        content: answer.text,
        status: interrupted ? "interrupted" : "complete",
        model: entry.id,
        model_reason: reason,
        input_tokens: usage.input_tokens,
        output_tokens: usage.output_tokens,
        cost_micros: cost,
        metadata: {
          reply_to: userMessage.id,
          finish: interrupted ? "error" : limitHit ? "tool_limit" : answer.finish,
          ...(failed.length ? { attempts: allAttempts } : {}),
          // Thinking is kept for the record (and a later tool loop), never shown to visitors.
          ...(answer.thinking ? { thinking: answer.thinking, thinking_signature: answer.signature || null } : {}),
          ...(toolCallCount ? { tools: { rounds, calls: toolCallCount } } : {}),
          ...(limitHit ? { tool_limit: limitHit } : {}),
          // Calls the model made in its last round that did not run (a bound was hit).
          ...(limitHit && answer.toolCalls.length ? { tool_calls: answer.toolCalls } : {}),
          ...(fitted.compacted || fitted.dropped
            ? { context: { compacted: !!fitted.compacted, dropped: fitted.dropped } }
            : {}),
        },
      },
      () =>
        settleHoldStatements(env.DB, hold, {
          // An answer no model produced (the quota or a rate limit stopped it first) is not a message of the month.
          messages: rounds > 0 ? 1 : 0,
          input_tokens: usage.input_tokens + extraUsage.input_tokens,
          output_tokens: usage.output_tokens + extraUsage.output_tokens,
          cost_micros: cost + extraUsage.cost_micros,
        }),
    );
    settled = true;
    await saveContext(env.CACHE, tenant.id, session.id, startSeq, [...fitted.messages, toContext(stored)]).catch(
      (error) => log({ level: "warn", where: "context cache", error: String(error) }),
    );
    start();
    channel.send({ type: "message.done", message: toApiMessage(stored) });
    return stored;
  } catch (error) {
    log({ level: "error", where: "turn", error });
    if (!settled) {
      await releaseHold(env.DB, hold).catch((e) => log({ level: "error", where: "quota release", error: String(e) }));
    }
    channel.send({
      type: "error",
      error: { type: "upstream_error", message: "The assistant could not answer this time. Please try again." },
    });
    return null;
  } finally {
    await channel.close();
    // Turns started by sessions_send without waiting finish inside this one's lifetime.
    await Promise.allSettled(background);
  }
}

/**
 * The input tokens a turn reserves before its message is stored: its first model call without the
 * stored history (the prompt, the knowledge that fits, the message). The turn grows its hold to the
 * real request before each call; reserving the opening share up front keeps a burst from being
 * admitted on the message's size alone and then stalling at its first call.
 */
export function openingInputTokens(tenant: Tenant, route: Route, content: string): number {
  const budget = contextBudget(route.chain[0]!.entry, tenant, content);
  return requestInputTokens({
    model: route.chain[0]!.entry.id,
    system: tenant.config.assistant.system_prompt,
    messages: [{ role: "user", content }],
    knowledge: budget.knowledge,
    maxOutputTokens: budget.maxOutput,
  });
}

/** How a model's window is shared: output (and thinking), knowledge, then the conversation. */
export function contextBudget(entry: CatalogEntry, tenant: Tenant, question: string) {
  const thinking = thinkingBudget(entry, tenant.config.model.thinking);
  const maxOutput = Math.min(MAX_OUTPUT_TOKENS, entry.max_output);
  const input = Math.max(0, entry.context_window - maxOutput - thinking - WINDOW_MARGIN(entry.context_window));
  const knowledge = fitKnowledge(tenant.config.assistant.knowledge, question, Math.floor(input * KNOWLEDGE_SHARE));
  const fixed =
    countTokens(tenant.config.assistant.system_prompt) +
    knowledge.reduce((sum, s) => sum + countTokens(s.title) + countTokens(s.content) + 8, 0) +
    64;
  return { maxOutput, thinking, knowledge, messages: Math.max(64, input - fixed) };
}

function withSummary(system: string, summary: string | null): string {
  if (!summary) return system;
  return [system.trim(), `Summary of the earlier conversation:\n${summary}`].filter(Boolean).join("\n\n");
}

const SUMMARY_PROMPT =
  "You keep the memory of a conversation between a website's assistant and a visitor. Write a concise summary " +
  "(at most 200 words) of the conversation you are given, folding in the previous summary if there is one. Keep " +
  "facts, names, numbers, decisions and open questions. Reply with the summary only.";

/** Compaction by the cheapest models, through the same fallback machinery (never the offline one). */
function summarizer(
  links: ChainLink[],
  tuning: ModelTuning,
  usage: Usage & { cost_micros: number },
  log: (fields: Record<string, unknown>) => void,
  admit: ModelCallGate,
): Summarizer {
  return async (previous, older) => {
    const transcript = older.map((m: ContextMessage) => `${m.role === "user" ? "Visitor" : "Assistant"}: ${m.content}`);
    const request = (link: ChainLink): ChatRequest => {
      const room = Math.max(256, link.entry.context_window - 1_024 - WINDOW_MARGIN(link.entry.context_window));
      const text = [previous ? `Previous summary:\n${previous}\n` : "", "Conversation:", ...transcript].join("\n");
      const fit = truncateToBudget([{ seq: 0, role: "user", content: text }], null, room - countTokens(SUMMARY_PROMPT));
      return {
        model: link.entry.id,
        system: SUMMARY_PROMPT,
        messages: fit.messages,
        knowledge: [],
        maxOutputTokens: 512,
      };
    };
    const refusal = await admit(requestInputTokens(request(links[0]!)));
    if (refusal) {
      log({ level: "warn", where: "compaction", error: refusal });
      return null;
    }
    let text = "";
    let used: Usage | null = null;
    const run = runWithFallback(links, request, tuning);
    let step = await run.next();
    while (!step.done) {
      const event = step.value;
      if (event.type === "attempt") text = "";
      else if (event.type === "text_delta") text += event.text;
      else if (event.type === "usage") used = event;
      step = await run.next();
    }
    const outcome = step.value;
    if (!outcome.link || outcome.interrupted || !text.trim()) {
      log({ level: "warn", where: "compaction", error: outcome.error?.message ?? "empty summary" });
      return null;
    }
    if (used) {
      usage.input_tokens += used.input_tokens;
      usage.output_tokens += used.output_tokens;
      usage.cost_micros += costMicros(outcome.link.entry, used);
    }
    return text.trim();
  };
}
