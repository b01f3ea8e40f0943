import type { CatalogEntry, Usage } from "../models/catalog";
import { breakerAllows, recordFailure, recordSuccess } from "./circuit-breaker";
import { classifyError, ModelError } from "./errors";
import type { ChatRequest, FinishReason, ModelEvent, ModelProvider, ToolCall } from "./provider";
import type { ModelTuning } from "./settings";
import { withTimeouts } from "./timeouts";

/**
 * Runs a turn along a fallback chain of models. Each link is tried with retries and exponential
 * backoff (honouring `retry-after` up to a limit) on retryable failures — 429, 5xx/529,
 * timeouts, dropped connections, errors inside the stream — then the next link; the offline
 * responder, last in every chain, cannot fail. A link whose provider's circuit breaker is open is
 * skipped. Once any text has reached the visitor, nothing is retried or re-sent: the answer ends
 * there, marked interrupted, so the visitor never sees text twice.
 */

export interface ChainLink {
  entry: CatalogEntry;
  provider: ModelProvider;
  /** Circuit-breaker key: the provider endpoint and whose credential it uses. */
  breakerKey: string;
}

export type FallbackEvent =
  | ModelEvent
  /** A new attempt begins: anything an earlier attempt produced (but text) is to be discarded. */
  | { type: "attempt"; link: ChainLink; attempt: number }
  | { type: "failure"; link: ChainLink; error: ModelError; next: "retry" | "next_model" | "interrupted" }
  | { type: "skipped"; link: ChainLink; why: "circuit_open" };

export interface AttemptRecord {
  model: string;
  outcome: "ok" | "skipped" | ModelError["kind"];
}

export interface FallbackOutcome {
  /** The link that produced the answer (null when every link failed and none was offline). */
  link: ChainLink | null;
  interrupted: boolean;
  error: ModelError | null;
  attempts: AttemptRecord[];
}

export async function* runWithFallback(
  chain: readonly ChainLink[],
  buildRequest: (link: ChainLink) => ChatRequest,
  tuning: ModelTuning,
): AsyncGenerator<FallbackEvent, FallbackOutcome> {
  const attempts: AttemptRecord[] = [];
  let lastError: ModelError | null = null;
  let textSent = false;

  for (const link of chain) {
    if (link.entry.provider !== "offline" && !breakerAllows(link.breakerKey)) {
      attempts.push({ model: link.entry.id, outcome: "skipped" });
      yield { type: "skipped", link, why: "circuit_open" };
      continue;
    }
    for (let attempt = 0; ; attempt++) {
      yield { type: "attempt", link, attempt };
      const abort = new AbortController();
      try {
        const events = link.provider.stream({ ...buildRequest(link), signal: abort.signal });
        for await (const event of withTimeouts(events, {
          firstEventMs: tuning.firstEventTimeoutMs,
          idleMs: tuning.idleTimeoutMs,
          abort,
        })) {
          if (event.type === "text_delta" && event.text) textSent = true;
          yield event;
        }
        recordSuccess(link.breakerKey);
        attempts.push({ model: link.entry.id, outcome: "ok" });
        return { link, interrupted: false, error: null, attempts };
      } catch (thrown) {
        const error = classifyError(thrown);
        lastError = error;
        attempts.push({ model: link.entry.id, outcome: error.kind });
        if (error.countsAgainstProvider) recordFailure(link.breakerKey, breakerOptions(tuning));
        if (textSent) {
          yield { type: "failure", link, error, next: "interrupted" };
          return { link, interrupted: true, error, attempts };
        }
        const wait = error.retryable && attempt < tuning.maxRetries ? retryDelay(error, attempt, tuning) : null;
        const canRetry = wait !== null && breakerAllows(link.breakerKey);
        yield { type: "failure", link, error, next: canRetry ? "retry" : "next_model" };
        if (!canRetry) break;
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }
  return { link: null, interrupted: false, error: lastError, attempts };
}

function breakerOptions(tuning: ModelTuning) {
  return { failures: tuning.breakerFailures, cooldownMs: tuning.breakerCooldownMs };
}

/**
 * How long to wait before retrying, or null to move on: the provider's `retry-after` when it sent
 * one (a longer wait than `retryMaxWaitMs` is not worth it: the next model answers sooner), else
 * exponential backoff with jitter.
 */
export function retryDelay(error: ModelError, attempt: number, tuning: ModelTuning): number | null {
  if (error.retryAfterMs !== undefined) {
    return error.retryAfterMs <= tuning.retryMaxWaitMs ? error.retryAfterMs : null;
  }
  const base = tuning.retryBaseMs * 2 ** attempt;
  return Math.min(tuning.retryMaxWaitMs, Math.round(base * (0.5 + Math.random() / 2)));
}

/** What an answer carries besides its text, gathered from the fallback events the same way by every caller. */
export interface AnswerParts {
  thinking: string;
  signature: string;
  toolCalls: ToolCall[];
  usage: Usage | null;
  finish: FinishReason;
}

export const emptyAnswerParts = (): AnswerParts => ({
  thinking: "",
  signature: "",
  toolCalls: [],
  usage: null,
  finish: "stop",
});

/**
 * Folds one event into the parts. A new attempt discards what an earlier one produced (it made no
 * text, or the run would have ended). Text, failures and skips are left to the caller.
 */
export function collectAnswerParts(parts: AnswerParts, event: FallbackEvent): void {
  switch (event.type) {
    case "attempt":
      Object.assign(parts, emptyAnswerParts());
      break;
    case "thinking_delta":
      parts.thinking += event.text;
      break;
    case "thinking_signature":
      parts.signature = event.signature;
      break;
    case "tool_call":
      parts.toolCalls.push({ id: event.id, name: event.name, input: event.input });
      break;
    case "usage":
      parts.usage = { input_tokens: event.input_tokens, output_tokens: event.output_tokens };
      break;
    case "finish":
      parts.finish = event.reason;
      break;
  }
}
