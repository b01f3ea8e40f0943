import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { secretKeyAuth } from "../../../auth/secret-key";
import type { AppEnv } from "../../../env";
import { ApiError, notFound } from "../../../http/errors";
import { toApiMessage } from "../../../sessions/api-shapes";
import { forgetContext } from "../../../sessions/context-cache";
import { sessionStore, type SessionStore } from "../../../sessions/repository";
import { collectingChannel } from "../../../streaming/collecting-channel";
import { runTurn } from "../../../turns/run-turn";
import { startTurn } from "../../../turns/start-turn";
import { streamTurn } from "../../../turns/stream-turn";
import { AUTO_MODEL, namedModel } from "../chat-completions/model-choice";
import { emptyJsonBody, jsonBodyLimit } from "../../../middleware/body-limit";
import { AUTH_ERRORS, errorResponses } from "../../openapi/error-schemas";
import { idempotency } from "../idempotency/idempotency";
import { idempotencyHeaderSchema } from "../idempotency/schema";
import { openApiApp } from "../../openapi/openapi-app";
import { streamEventApiSchema } from "../../openapi/stream-event";
import {
  createSessionBodySchema,
  listMessagesQuerySchema,
  listSessionsQuerySchema,
  listToolExecutionsQuerySchema,
  messagePageSchema,
  sendMessageBodySchema,
  sessionEnvelopeSchema,
  sessionIdParamSchema,
  sessionPageSchema,
  toolExecutionPageSchema,
  turnResultSchema,
} from "./schemas";
import { listToolExecutions, toApiToolExecution } from "../../../tools/executions";
import { toApiSession } from "./views";
import { SESSION_HEADER, TURN_HEADER } from "../../../../protocol/headers";

/**
 * The sessions API: a tenant's conversations (the widget's and the API's alike), their messages,
 * new turns and the tool log, for its backend with a secret key. Reads need `sessions:read`,
 * changes `sessions:write`, a new turn `chat`.
 */
export const sessionRoutes = openApiApp();

const read = secretKeyAuth({ scope: "sessions:read" });
const write = secretKeyAuth({ scope: "sessions:write" });
const chat = secretKeyAuth({ scope: "chat" });
const common = { tags: ["Sessions"], security: [{ secretKey: [] }] };
const json = <T>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });

sessionRoutes.openapi(
  createRoute({
    ...common,
    method: "get",
    path: "/",
    operationId: "listSessions",
    summary: "List sessions, most recently active first",
    middleware: [read] as const,
    request: { query: listSessionsQuerySchema },
    responses: { 200: json(sessionPageSchema, "A page of sessions."), ...errorResponses(400, ...AUTH_ERRORS) },
  }),
  async (c) => {
    const query = c.req.valid("query");
    const page = await sessionStore(c.env.DB, c.var.tenant.id).list({
      limit: query.limit,
      cursor: query.cursor,
      filter: {
        status: query.status,
        visitorId: query.visitor_id,
        userId: query.user_id,
        updatedSince: query.updated_since ? Date.parse(query.updated_since) : undefined,
      },
    });
    return c.json(
      { data: page.sessions.map(toApiSession), has_more: page.nextCursor !== null, next_cursor: page.nextCursor },
      200,
    );
  },
);

sessionRoutes.openapi(
  createRoute({
    ...common,
    method: "post",
    path: "/",
    operationId: "createSession",
    summary: "Start a session",
    middleware: [write, jsonBodyLimit(), idempotency()] as const,
    request: {
      headers: idempotencyHeaderSchema,
      body: { required: true, content: { "application/json": { schema: createSessionBodySchema } } },
    },
    responses: {
      201: json(sessionEnvelopeSchema, "The new session."),
      ...errorResponses(400, ...AUTH_ERRORS, 409, 415),
    },
  }),
  async (c) => {
    const body = c.req.valid("json");
    const session = await sessionStore(c.env.DB, c.var.tenant.id).create({
      channel: "api",
      visitorId: body.visitor_id ?? null,
      userId: body.user_id ?? null,
      toolScope: body.tools ?? null,
    });
    return c.json({ session: toApiSession(session) }, 201);
  },
);

sessionRoutes.openapi(
  createRoute({
    ...common,
    method: "get",
    path: "/{id}",
    operationId: "getSession",
    summary: "Get a session",
    middleware: [read] as const,
    request: { params: sessionIdParamSchema },
    responses: { 200: json(sessionEnvelopeSchema, "The session."), ...errorResponses(400, ...AUTH_ERRORS, 404) },
  }),
  async (c) => {
    const session = await findSession(storeOf(c), c.req.valid("param").id);
    return c.json({ session: toApiSession(session) }, 200);
  },
);

sessionRoutes.openapi(
  createRoute({
    ...common,
    method: "delete",
    path: "/{id}",
    operationId: "deleteSession",
    summary: "Delete a session with its messages and tool log",
    middleware: [write] as const,
    request: { params: sessionIdParamSchema },
    responses: { 204: { description: "Deleted." }, ...errorResponses(400, ...AUTH_ERRORS, 404) },
  }),
  async (c) => {
    const store = storeOf(c);
    const session = await findSession(store, c.req.valid("param").id);
    await store.delete(session.id);
    await forgetContext(c.env.CACHE, c.var.tenant.id, session.id);
    return c.body(null, 204);
  },
);

sessionRoutes.openapi(
  createRoute({
    ...common,
    method: "post",
    path: "/{id}/reset",
    operationId: "resetSession",
    summary: "Start the session afresh for the model (its messages stay as history)",
    description: "Takes no body: send none, or `{}` as JSON.",
    middleware: [write, emptyJsonBody(), idempotency()] as const,
    request: { params: sessionIdParamSchema, headers: idempotencyHeaderSchema },
    responses: {
      200: json(sessionEnvelopeSchema, "The session."),
      ...errorResponses(400, ...AUTH_ERRORS, 404, 409, 413, 415),
    },
  }),
  async (c) => {
    const store = storeOf(c);
    const session = await findSession(store, c.req.valid("param").id);
    await store.reset(session.id);
    await forgetContext(c.env.CACHE, c.var.tenant.id, session.id);
    return c.json({ session: toApiSession((await store.get(session.id)) ?? session) }, 200);
  },
);

sessionRoutes.openapi(
  createRoute({
    ...common,
    method: "get",
    path: "/{id}/messages",
    operationId: "listSessionMessages",
    summary: "List a session's messages, newest page first",
    middleware: [read] as const,
    request: { params: sessionIdParamSchema, query: listMessagesQuerySchema },
    responses: { 200: json(messagePageSchema, "A page of messages."), ...errorResponses(400, ...AUTH_ERRORS, 404) },
  }),
  async (c) => {
    const query = c.req.valid("query");
    const store = storeOf(c);
    const session = await findSession(store, c.req.valid("param").id);
    const page = await store.listMessages(session.id, { limit: query.limit, beforeSeq: query.before });
    const first = page.messages[0];
    return c.json(
      {
        data: page.messages.map(toApiMessage),
        has_more: page.hasMore,
        next_before: page.hasMore && first ? first.seq : null,
      },
      200,
    );
  },
);

sessionRoutes.openapi(
  createRoute({
    ...common,
    method: "post",
    path: "/{id}/messages",
    operationId: "sendSessionMessage",
    summary: "Send a user message and get the assistant's answer",
    description:
      "With `Accept: text/event-stream` the answer streams as the widget's events (`X-Clawless-Turn` names the turn); " +
      "otherwise the response comes when the answer is stored. The turn completes even if the client disconnects.",
    middleware: [chat, jsonBodyLimit(), idempotency()] as const,
    request: {
      params: sessionIdParamSchema,
      headers: idempotencyHeaderSchema,
      body: { required: true, content: { "application/json": { schema: sendMessageBodySchema } } },
    },
    responses: {
      200: {
        description: "The stored user message and answer, or the stream of the turn's events.",
        content: {
          "application/json": { schema: turnResultSchema },
          "text/event-stream": { schema: streamEventApiSchema },
        },
      },
      ...errorResponses(400, ...AUTH_ERRORS, 404, 409, 413, 415, 502),
    },
  }),
  async (c) => {
    const body = c.req.valid("json");
    const { tenant } = c.var;
    const store = storeOf(c);
    const session = await findSession(store, c.req.valid("param").id);
    // The turn acts for the secret key that sent it, whoever created the session.
    const caller = { kind: "api", keyId: c.var.key.id } as const;
    const model = namedModel(body.model ?? AUTO_MODEL);
    const turn = await startTurn({ env: c.env, tenant, session, content: body.content, caller, model });
    const { userMessage } = turn;
    const headers = { [SESSION_HEADER]: session.id, [TURN_HEADER]: userMessage.id };

    if (/\btext\/event-stream\b/i.test(c.req.header("accept") ?? "")) return streamTurn(turn, headers, c.executionCtx);
    const channel = collectingChannel();
    // Kept alive by waitUntil, so a client that hangs up does not cancel the turn half-way.
    const running = runTurn({ ...turn, channel });
    c.executionCtx.waitUntil(running);
    const stored = await running;
    if (!stored)
      throw new ApiError(502, "upstream_error", channel.failure?.message ?? "The assistant could not answer.");
    return c.json({ user_message: toApiMessage(userMessage), message: toApiMessage(stored) }, 200, headers);
  },
);

sessionRoutes.openapi(
  createRoute({
    ...common,
    method: "get",
    path: "/{id}/tool-executions",
    operationId: "listToolExecutions",
    summary: "The session's tool execution log, oldest first",
    middleware: [read] as const,
    request: { params: sessionIdParamSchema, query: listToolExecutionsQuerySchema },
    responses: {
      200: json(toolExecutionPageSchema, "A page of tool executions."),
      ...errorResponses(400, ...AUTH_ERRORS, 404),
    },
  }),
  async (c) => {
    const query = c.req.valid("query");
    const session = await findSession(storeOf(c), c.req.valid("param").id);
    const page = await listToolExecutions(c.env.DB, c.var.tenant.id, session.id, query);
    return c.json(
      {
        data: page.executions.map(toApiToolExecution),
        has_more: page.nextCursor !== null,
        next_cursor: page.nextCursor,
      },
      200,
    );
  },
);

const storeOf = (c: Context<AppEnv>) => sessionStore(c.env.DB, c.var.tenant.id);

async function findSession(store: SessionStore, id: string) {
  const session = await store.get(id);
  if (!session) throw notFound("Session");
  return session;
}
