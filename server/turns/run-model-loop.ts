import {
  collectAnswerParts,
  emptyAnswerParts,
  runWithFallback,
  type AnswerParts,
  type ChainLink,
  type FallbackOutcome,
} from "../llm/fallback";
import type { ChatMessage, ChatRequest, ToolSpec } from "../llm/provider";
import { estimateTokens } from "../llm/tokens";
import type { ModelTuning } from "../llm/settings";
import { truncateToBudget } from "../sessions/compaction";
import type { Tenant } from "../tenants/tenant";
import { clientPollMs } from "../tools/client-calls";
import { toolbox } from "./toolbox";
import { runToolCalls } from "./run-tool-calls";
import { getSessionToolScope } from "../tools/session-scope";
import type { ToolContext } from "../tools/tool";
import { contextBudget } from "./context-budget";
import { addSpend, requestInputTokens, type ModelCallGate, type Spend } from "./model-calls";
import type { PreparedContext } from "./prepare-context";
import type { TurnInput } from "./turn-input";
import type { TurnEmitter } from "./turn-emitter";

/**
 * The model loop: the route's fallback chain answers; when the model calls tools, they run (all of
 * a round's calls at once, see server/tools/run-tool-calls.ts), their results go back to the model,
 * and so on until it answers — bounded by the tenant's `tools.limits` (rounds and total time) and
 * by the gate before every call (quota, rate limit). Every round's text is part of the one answer,
 * streamed through the emitter as it comes; a bound that is hit ends the answer with a `tool_limit`
 * notice that says which. A model failure after text was streamed ends the answer there
 * (`interrupted`): continuing with another model would repeat or contradict what was read.
 */

/** What the loop produced, for storing: the text and how it came about. */
export interface Answer {
  text: string;
  /** The last round's parts (its tool calls, thinking, finish reason). */
  parts: AnswerParts;
  /** The model that answered last. */
  link: ChainLink;
  rounds: number;
  toolCalls: number;
  /** Why the answer was cut short by a bound, in the words the visitor reads; null if it was not. */
  limitHit: string | null;
  attempts: FallbackOutcome["attempts"];
  interrupted: boolean;
}

export interface ModelLoopInput {
  turn: TurnInput;
  context: PreparedContext;
  emit: TurnEmitter;
  admit: ModelCallGate;
  /** The answer's usage, added to as each round ends (the gate reads it). */
  spend: Spend;
  tuning: ModelTuning;
  deadline: number;
  forward: ToolContext["forward"];
  log: (fields: Record<string, unknown>) => void;
}

export async function runModelLoop(input: ModelLoopInput): Promise<Answer> {
  const { turn, emit, admit, deadline, log } = input;
  const { env, tenant, session, userMessage, route } = turn;
  const limits = tenant.config.tools.limits;
  const tools = toolbox({
    tenant,
    session,
    sessionScope: await getSessionToolScope(env.DB, tenant.id, session.id),
    callScope: turn.toolScope,
    depth: turn.depth ?? 0,
    clientPollMs: clientPollMs(env),
  });
  const requests = requestBuilder(tenant, userMessage.content, input.context, tools.specs);
  const timeLimit = `I stopped here: this answer reached its time limit of ${Math.round(limits.max_turn_ms / 1000)} s.`;
  const answer: Answer = {
    text: "",
    parts: emptyAnswerParts(),
    link: route.chain[0]!,
    rounds: 0,
    toolCalls: 0,
    limitHit: null,
    attempts: [],
    interrupted: false,
  };
  const say = (text: string) => {
    answer.text += text;
    emit.text(answer.link, text);
  };

  for (;;) {
    const refusal = await admit(requestInputTokens(requests.build(answer.link)));
    if (refusal) {
      answer.limitHit = refusal;
      break;
    }
    answer.rounds++;
    const round = await streamRound(answer, {
      chain: route.chain,
      build: requests.build,
      tuning: input.tuning,
      emit,
      say,
      log,
    });
    const { outcome } = round;
    answer.attempts.push(...outcome.attempts);
    if (!outcome.link) throw outcome.error ?? new Error("no model answered");
    answer.link = outcome.link;
    const { parts } = answer;
    addSpend(
      input.spend,
      outcome.link.entry,
      parts.usage ?? {
        input_tokens: requests.lastInputTokens(),
        output_tokens: estimateTokens(round.text) + estimateTokens(JSON.stringify(parts.toolCalls)),
      },
    );
    answer.interrupted = outcome.interrupted || parts.finish === "error";

    const calls = parts.toolCalls;
    if (answer.interrupted || calls.length === 0) break;
    if (answer.rounds >= limits.max_rounds) {
      answer.limitHit = `I stopped here: this answer reached its limit of ${limits.max_rounds} rounds of tool use.`;
      break;
    }
    if (Date.now() >= deadline) {
      answer.limitHit = timeLimit;
      break;
    }
    emit.start(answer.link);
    answer.toolCalls += calls.length;
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
        principal: turn.caller,
        turnId: userMessage.id,
        messageId: emit.messageId,
        channel: turn.channel,
        depth: turn.depth ?? 0,
        forward: input.forward,
      },
    });
    requests.continueWith(
      {
        role: "assistant",
        content: round.text,
        tool_calls: calls,
        ...(parts.thinking && parts.signature
          ? { thinking: { text: parts.thinking, signature: parts.signature } }
          : {}),
      },
      ...results.map((result): ChatMessage => ({
        role: "tool",
        tool_call_id: result.call.id,
        content: result.content,
        ...(result.isError ? { is_error: true } : {}),
      })),
    );
    if (Date.now() >= deadline) {
      answer.limitHit = timeLimit;
      break;
    }
  }
  if (answer.limitHit) {
    emit.notice(answer.link, "tool_limit", answer.limitHit);
    say(`${answer.text ? "\n\n" : ""}${answer.limitHit}`);
  }
  return answer;
}

/**
 * One round: the fallback chain's events folded into the answer, its text streamed. Rounds are one
 * answer: a paragraph break goes between one round's text and the next.
 */
async function streamRound(
  answer: Answer,
  how: {
    chain: ChainLink[];
    build: (link: ChainLink) => ChatRequest;
    tuning: ModelTuning;
    emit: TurnEmitter;
    /** Adds text to the answer and streams it. */
    say: (text: string) => void;
    log: (fields: Record<string, unknown>) => void;
  },
): Promise<{ outcome: FallbackOutcome; text: string }> {
  const { emit, say, log } = how;
  let text = "";
  const run = runWithFallback(how.chain, how.build, how.tuning);
  let step = await run.next();
  for (; !step.done; step = await run.next()) {
    const event = step.value;
    collectAnswerParts(answer.parts, event);
    switch (event.type) {
      case "attempt":
        answer.link = event.link;
        break;
      case "text_delta":
        if (!event.text) break;
        if (!text && answer.text) say("\n\n");
        text += event.text;
        say(event.text);
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
          emit.notice(
            answer.link,
            "interrupted",
            "The answer was cut off by a model error; what you see is what was received.",
          );
        }
        break;
      case "skipped":
        log({ level: "warn", where: "model", model: event.link.entry.id, skipped: event.why });
        break;
    }
  }
  return { outcome: step.value, text };
}

/**
 * Builds each model request from the fitted context (truncated to the model's own window, its
 * summary in the system prompt) and the loop's own messages: tool calls and their results.
 */
function requestBuilder(tenant: Tenant, question: string, context: PreparedContext, tools: readonly ToolSpec[]) {
  const { fitted } = context;
  const loopMessages: ChatMessage[] = [];
  let lastInputTokens = 0;
  return {
    build(link: ChainLink): ChatRequest {
      const budget = contextBudget(link.entry, tenant, question);
      const fit = truncateToBudget(fitted.messages, fitted.summary, budget.messages);
      const system = withSummary(tenant.config.assistant.system_prompt, fit.summary);
      const messages: ChatMessage[] = [
        ...fit.messages.map(({ role, content }) => ({ role, content })),
        ...loopMessages,
      ];
      lastInputTokens = estimateTokens(system + messages.map((m) => m.content).join("\n"));
      return {
        model: link.entry.id,
        system,
        messages,
        knowledge: budget.knowledge,
        maxOutputTokens: budget.maxOutput,
        thinkingBudget: budget.thinking,
        ...(tools.length ? { tools } : {}),
      };
    },
    /** The estimated input of the last request built (for a model that reports no usage). */
    lastInputTokens: () => lastInputTokens,
    continueWith(...messages: ChatMessage[]) {
      loopMessages.push(...messages);
    },
  };
}

function withSummary(system: string, summary: string | null): string {
  if (!summary) return system;
  return [system.trim(), `Summary of the earlier conversation:\n${summary}`].filter(Boolean).join("\n\n");
}
