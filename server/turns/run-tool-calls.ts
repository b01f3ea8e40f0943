import type { ToolCall } from "../llm/provider";
import { TOOL_ERROR_MESSAGE } from "../streaming/events";
import { recordToolExecution } from "../tools/executions";
import type { Toolbox } from "./toolbox";
import type { Tool, ToolContext, ToolOutcome } from "../tools/tool";

/**
 * Runs one round of the model's tool calls, all at once (calls the model makes together do not
 * depend on each other's results: it has not seen them). Each call is checked before it runs —
 * known, permitted, within the round's limit, arguments valid against its schema — and any failure
 * becomes an error result the model can act on, never an exception. Every call, run or refused,
 * is written to the audit log and streamed as `tool.call`, then `tool.result` or `tool.error`.
 */

/** Characters of one result the model gets back. */
export const MODEL_RESULT_CHARS = 16_000;

export interface ToolCallResult {
  call: ToolCall;
  /** What the model is told. */
  content: string;
  isError: boolean;
}

export interface ToolRoundInput {
  calls: readonly ToolCall[];
  toolbox: Toolbox;
  context: Omit<ToolContext, "callId" | "signal" | "deadline">;
  /** Epoch ms: the turn's bound; no call runs past it. */
  deadline: number;
  maxCalls: number;
  log(fields: Record<string, unknown>): void;
}

export async function runToolCalls(input: ToolRoundInput): Promise<ToolCallResult[]> {
  return Promise.all(input.calls.map((call, index) => runOne(input, call, index)));
}

async function runOne(input: ToolRoundInput, call: ToolCall, index: number): Promise<ToolCallResult> {
  const { context, toolbox } = input;
  const tool = toolbox.find(call.name);
  const started = Date.now();
  context.channel.send({
    type: "tool.call",
    message_id: context.messageId,
    call_id: call.id,
    name: call.name,
    status: tool?.status ?? "Working on it…",
  });

  let outcome: ToolOutcome;
  if (index >= input.maxCalls) {
    outcome = { ok: false, error: `Too many tool calls at once: at most ${input.maxCalls} per round. Call fewer.` };
  } else if (!tool) {
    outcome = { ok: false, error: `There is no tool named ${call.name}.` };
  } else if (!toolbox.permitted(call.name)) {
    input.log({ level: "warn", where: "tools", denied: call.name, call: call.id });
    outcome = { ok: false, error: `${call.name} is not permitted here.` };
  } else {
    const valid = tool.validate(call.input);
    if (!valid.ok) {
      outcome = { ok: false, error: `Invalid arguments for ${call.name}: ${valid.error}. Fix them and call it again.` };
    } else {
      outcome = await runBounded(input, call, tool, valid.value);
    }
  }
  const durationMs = Date.now() - started;

  await recordToolExecution(context.env.DB, context.tenant.id, {
    sessionId: context.session.id,
    messageId: context.turnId,
    callId: call.id,
    tool: call.name,
    input: call.input ?? null,
    output: outcome.ok ? outcome.output : null,
    error: outcome.ok ? null : outcome.error,
    durationMs,
  }).catch((error) => input.log({ level: "error", where: "tool audit log", call: call.id, error: String(error) }));

  if (outcome.ok) {
    context.channel.send({
      type: "tool.result",
      message_id: context.messageId,
      call_id: call.id,
      name: call.name,
      duration_ms: durationMs,
    });
    return { call, content: capped(outcome.output), isError: false };
  }
  context.channel.send({
    type: "tool.error",
    message_id: context.messageId,
    call_id: call.id,
    name: call.name,
    error: TOOL_ERROR_MESSAGE, // the detail is for the model and the audit log, never the client
  });
  return { call, content: outcome.error, isError: true };
}

/** Runs the tool with what is left of the turn's time; past that, a timeout result (the tool is aborted). */
async function runBounded(input: ToolRoundInput, call: ToolCall, tool: Tool, args: unknown): Promise<ToolOutcome> {
  const left = input.deadline - Date.now();
  if (left <= 0) return { ok: false, error: "The answer's time limit was reached before this tool could run." };
  const abort = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<ToolOutcome>((resolve) => {
    timer = setTimeout(() => {
      abort.abort();
      resolve({ ok: false, error: `${call.name} did not finish within the answer's time limit.` });
    }, left);
  });
  const run = tool
    .run({ ...input.context, callId: call.id, signal: abort.signal, deadline: input.deadline }, args)
    .catch((error: unknown): ToolOutcome => {
      input.log({ level: "error", where: "tools", tool: call.name, call: call.id, error: String(error) });
      return { ok: false, error: `${call.name} failed unexpectedly.` };
    });
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function capped(output: unknown): string {
  const text = typeof output === "string" ? output : (JSON.stringify(output) ?? "null");
  return text.length > MODEL_RESULT_CHARS
    ? `${text.slice(0, MODEL_RESULT_CHARS)}… [cut at ${MODEL_RESULT_CHARS} characters]`
    : text;
}
