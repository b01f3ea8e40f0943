import { createRoute } from "@hono/zod-openapi";
import { secretKeyAuth } from "../../../auth/secret-key";
import { ApiError, badRequest } from "../../../http/errors";
import { validationError } from "../../../http/validation";
import { loadTenantCredentials } from "../../../llm/credentials";
import { estimateTokens } from "../../../llm/tokens";
import { routeTurn } from "../../../llm/routing/router";
import { sessionStore } from "../../../sessions/repository";
import { startTurn } from "../../../turns/start-turn";
import { reserveTurn } from "../../../usage/reservations";
import { messageContentSchema } from "../../widget/schemas";
import { jsonBodyLimit } from "../../../middleware/body-limit";
import { AUTH_ERRORS, errorResponses } from "../../openapi/error-schemas";
import { idempotency } from "../idempotency/idempotency";
import { idempotencyHeaderSchema } from "../idempotency/schema";
import { openApiApp } from "../../openapi/openapi-app";
import { namedModel } from "./model-choice";
import { onOpenAiError } from "./openai-errors";
import { runCompletionInSession } from "./run-in-session";
import { runStatelessCompletion } from "./run-stateless";
import {
  chatCompletionChunkSchema,
  chatCompletionRequestSchema,
  chatCompletionSchema,
  sessionHeaderSchema,
  type ChatCompletionRequest,
} from "./schemas";
import { collectedCompletion, completionIdentity, isFailure, openAiStream, type CompletionSink } from "./sinks";
import { completionInput, sessionTurnText, textOf } from "./translate";
import { SESSION_HEADER, TURN_HEADER } from "../../../../protocol/headers";

export const MAX_COMPLETION_BODY_BYTES = 1024 * 1024;

const createCompletion = createRoute({
  method: "post",
  path: "/chat/completions",
  operationId: "createChatCompletion",
  tags: ["Chat completions"],
  summary: "Create a chat completion (OpenAI-compatible)",
  description:
    "OpenAI's chat completions API: point the official `openai` client at `<clawless>/v1` with a secret key. " +
    "Stateless by default (the caller's messages, system prompt and tools, returned as `tool_calls`); with a " +
    "session (`session_id` or `X-Clawless-Session`) the turn is stored there and the assistant's own system prompt, " +
    "knowledge and tools apply. Quotas, rate limits, routing, fallback and usage apply as for the widget.",
  security: [{ secretKey: [] }],
  middleware: [secretKeyAuth({ scope: "chat" }), jsonBodyLimit(MAX_COMPLETION_BODY_BYTES), idempotency()] as const,
  request: {
    headers: sessionHeaderSchema.extend(idempotencyHeaderSchema.shape),
    body: { required: true, content: { "application/json": { schema: chatCompletionRequestSchema } } },
  },
  responses: {
    200: {
      description: "The completion: one object, or (with `stream: true`) a stream of chunks.",
      content: {
        "application/json": { schema: chatCompletionSchema },
        "text/event-stream": { schema: chatCompletionChunkSchema },
      },
    },
    ...errorResponses(400, ...AUTH_ERRORS, 404, 409, 413, 415, 502),
  },
});

/** `POST /v1/chat/completions`, with OpenAI-readable errors (see openai-errors.ts). */
export const chatCompletionsRoutes = openApiApp();
chatCompletionsRoutes.onError(onOpenAiError);

chatCompletionsRoutes.openapi(createCompletion, async (c) => {
  const body = c.req.valid("json");
  const headerSession = c.req.valid("header")["X-Clawless-Session"];
  if (body.session_id && headerSession && body.session_id !== headerSession) {
    throw badRequest("session_id and X-Clawless-Session name different sessions.", {
      problems: [{ field: "session_id", message: "differs from the X-Clawless-Session header" }],
    });
  }
  const sessionId = body.session_id ?? headerSession;
  const { tenant } = c.var;
  // The turn (stateless or in a session) acts for the secret key that sent it.
  const caller = { kind: "api", keyId: c.var.key.id } as const;
  const model = namedModel(body.model);
  const identity = completionIdentity();
  const stream = body.stream === true;
  const includeUsage = body.stream_options?.include_usage === true;

  /** Runs the completion into OpenAI's stream, or to the end into one object. */
  const respond = async (run: (sink: CompletionSink) => Promise<void>, headers: Record<string, string>) => {
    if (stream) {
      const out = openAiStream(identity, includeUsage, headers);
      // The answer completes (and is counted, and stored in a session) even if the client goes.
      c.executionCtx.waitUntil(run(out.sink));
      return out.response;
    }
    const collected = collectedCompletion(identity);
    // Kept alive by waitUntil too: a client that hangs up does not cut the turn (or its accounting) short.
    const running = run(collected.sink);
    c.executionCtx.waitUntil(running);
    await running;
    const result = await collected.done;
    if (isFailure(result)) throw new ApiError(502, "upstream_error", result.message, { code: result.code });
    return c.json(result, 200, headers);
  };

  if (!sessionId) {
    const credentials = await loadTenantCredentials(c.env, tenant.id);
    const route = routeTurn({ env: c.env, tenant, credentials, text: lastText(body), caller, requestedModel: model });
    const input = completionInput(body);
    const window = route.chain[0]!.entry.context_window;
    const needed =
      estimateTokens(input.system + input.messages.map((m) => m.content).join("\n")) + (input.maxOutputTokens ?? 0);
    if (needed > window) {
      throw badRequest(
        `The messages need about ${needed} tokens; ${route.chain[0]!.entry.id} has a window of ${window}.`,
        {
          code: "context_length_exceeded",
          problems: [{ field: "messages", message: "exceed the model's context window" }],
        },
      );
    }
    // The month's room for this call's input, taken before the model runs (settled or released by the run).
    const hold = await reserveTurn(c.env.DB, tenant, needed - (input.maxOutputTokens ?? 0));
    return respond((sink) => runStatelessCompletion({ env: c.env, tenant, route, input, sink, hold }), {});
  }

  const store = sessionStore(c.env.DB, tenant.id);
  const session = await store.get(sessionId);
  if (!session) {
    throw new ApiError(404, "not_found", "Session not found.", {
      code: "session_not_found",
      problems: [{ field: "session_id", message: "no such session" }],
    });
  }
  if (body.tools?.length) {
    throw badRequest(
      "Caller-defined tools work in stateless completions; in a session the assistant's own tools apply.",
      {
        problems: [{ field: "tools", message: "is not supported with a session" }],
      },
    );
  }
  // The new turn is stored: the same message rule as the widget's and the sessions API's.
  const turn = messageContentSchema.safeParse(sessionTurnText(body.messages));
  if (!turn.success) {
    const path = ["messages", body.messages.length - 1, "content"];
    throw validationError(
      turn.error.issues.map((issue) => ({ ...issue, path })),
      "request body",
    );
  }
  const started = await startTurn({
    env: c.env,
    tenant,
    session,
    content: turn.data,
    caller,
    model,
    ...(body.metadata ? { metadata: { api_metadata: body.metadata } } : {}),
  });
  const headers = { [SESSION_HEADER]: session.id, [TURN_HEADER]: started.userMessage.id };
  return respond((sink) => runCompletionInSession(started, sink), headers);
});

function lastText(body: ChatCompletionRequest): string {
  const last = body.messages.findLast((m) => m.role === "user");
  return last ? textOf(last.content) : "";
}
