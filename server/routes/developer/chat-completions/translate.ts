import { badRequest } from "../../../http/errors";
import type { ChatMessage, FinishReason, ToolChoice, ToolSpec } from "../../../llm/provider";
import type { ChatCompletionRequest, MessageParam, OpenAiFinishReason } from "./schemas";

/** OpenAI's request shapes into the provider interface's, and back for finish reasons. */

export interface CompletionInput {
  /** The caller's system and developer messages, joined. */
  system: string;
  messages: ChatMessage[];
  tools: ToolSpec[];
  toolChoice?: ToolChoice;
  temperature?: number;
  stop?: string[];
  maxOutputTokens?: number;
}

export function completionInput(body: ChatCompletionRequest): CompletionInput {
  const system: string[] = [];
  const messages: ChatMessage[] = [];
  body.messages.forEach((message, i) => {
    switch (message.role) {
      case "system":
      case "developer":
        system.push(textOf(message.content));
        break;
      case "user":
        messages.push({ role: "user", content: textOf(message.content) });
        break;
      case "assistant":
        messages.push({
          role: "assistant",
          content: textOf(message.content ?? ""),
          ...(message.tool_calls?.length
            ? {
                tool_calls: message.tool_calls.map((call, j) => ({
                  id: call.id,
                  name: call.function.name,
                  input: parseArguments(call.function.arguments, `messages.${i}.tool_calls.${j}.function.arguments`),
                })),
              }
            : {}),
        });
        break;
      case "tool":
        messages.push({ role: "tool", tool_call_id: message.tool_call_id, content: textOf(message.content) });
        break;
    }
  });
  if (messages.length === 0) {
    throw badRequest("messages must contain at least one user message.", {
      problems: [{ field: "messages", message: "has no user, assistant or tool message" }],
    });
  }
  const tools = (body.tools ?? []).map((tool) => ({
    name: tool.function.name,
    description: tool.function.description ?? "",
    input_schema: tool.function.parameters ?? { type: "object", properties: {} },
  }));
  const choice = body.tool_choice;
  const maxOutput = body.max_completion_tokens ?? body.max_tokens ?? undefined;
  const stop = body.stop == null ? undefined : typeof body.stop === "string" ? [body.stop] : body.stop;
  return {
    system: system.join("\n\n"),
    messages,
    tools,
    ...(choice === undefined
      ? {}
      : { toolChoice: typeof choice === "string" ? choice : { name: choice.function.name } }),
    ...(body.temperature == null ? {} : { temperature: body.temperature }),
    ...(stop?.length ? { stop } : {}),
    ...(maxOutput ? { maxOutputTokens: maxOutput } : {}),
  };
}

/**
 * In a session the history is stored: the request's last message is the new turn, and it must be a
 * user message (earlier messages, which clients often resend, are not stored again).
 */
export function sessionTurnText(messages: readonly MessageParam[]): string {
  const last = messages.at(-1)!;
  const field = `messages.${messages.length - 1}`;
  if (last.role !== "user") {
    throw badRequest("In a session, the last message must be the user's new message.", {
      problems: [{ field, message: "must be a user message" }],
    });
  }
  const text = textOf(last.content).trim();
  if (!text) throw badRequest("The user's message is empty.", { problems: [{ field, message: "is empty" }] });
  return text;
}

export function textOf(content: string | { type: "text"; text: string }[]): string {
  return typeof content === "string" ? content : content.map((part) => part.text).join("");
}

function parseArguments(text: string, field: string): unknown {
  try {
    return text.trim() ? JSON.parse(text) : {};
  } catch {
    throw badRequest(`${field} is not valid JSON.`, { problems: [{ field, message: "is not valid JSON" }] });
  }
}

export function openAiFinishReason(reason: FinishReason): OpenAiFinishReason {
  if (reason === "tool_use") return "tool_calls";
  if (reason === "length") return "length";
  return "stop";
}
