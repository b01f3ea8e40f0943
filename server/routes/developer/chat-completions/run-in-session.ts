import type { FinishReason } from "../../../llm/provider";
import { readMessageMetadata } from "../../../sessions/message-metadata";
import type { MessageRecord } from "../../../sessions/repository";
import { collectingChannel } from "../../../streaming/collecting-channel";
import { runTurn } from "../../../turns/run-turn";
import type { StartedTurn } from "../../../turns/start-turn";
import type { CompletionSink } from "./sinks";
import { usageOf } from "./sinks";
import { openAiFinishReason } from "./translate";

/**
 * A completion inside a session: the same turn the widget runs (stored history, compaction, the
 * tenant's system prompt, knowledge and tools, fallback, usage), its events translated into
 * OpenAI's shapes as they come. The user message is already stored by the caller.
 */
export async function runCompletionInSession(turn: StartedTurn, sink: CompletionSink): Promise<void> {
  const channel = collectingChannel((event) => {
    if (event.type === "message.start") sink.start(event.model);
    else if (event.type === "text.delta") sink.text(event.text);
  });
  const stored = await runTurn({ ...turn, channel });
  if (!stored || channel.failure) {
    sink.fail({ type: "upstream_error", code: "upstream_error", message: "No model could answer this time." });
    return;
  }
  const finish = finishOf(stored);
  if (stored.status === "interrupted" || finish === "error") {
    sink.fail({
      type: "upstream_error",
      code: "interrupted",
      message:
        "The model failed in the middle of the answer; what was sent is all there is (it is stored as interrupted).",
    });
    return;
  }
  sink.finish({
    model: stored.model ?? "",
    text: stored.content,
    toolCalls: [],
    // The assistant's own tools ran inside the turn: nothing is left for the caller to call.
    finish: finish === "tool_use" ? "stop" : openAiFinishReason(finish),
    usage: usageOf(stored.input_tokens, stored.output_tokens),
  });
}

function finishOf(message: MessageRecord): FinishReason {
  const finish = readMessageMetadata(message.metadata).finish;
  // `tool_limit` (a bound stopped the tool loop) ends the answer like a stop.
  return finish === undefined || finish === "tool_limit" ? "stop" : finish;
}
