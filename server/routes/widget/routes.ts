import { Hono } from "hono";
import { publishableKeyAuth } from "../../auth/publishable-key";
import { requireVisitor, VISITOR_HEADER } from "../../auth/visitor";
import { bootstrapVisitor } from "../../auth/bootstrap-visitor";
import { visitorTokenVersions } from "../../auth/visitor-revocation";
import type { AppEnv } from "../../env";
import { badRequest, notFound } from "../../http/errors";
import { parseEmptyBody, parseJsonBody, parseQuery } from "../../http/validation";
import { modelTuning } from "../../llm/settings";
import { toApiConversation, toApiMessage } from "../../sessions/api-shapes";
import { forgetContext } from "../../sessions/context-cache";
import { sessionStore } from "../../sessions/repository";
import { replayTurn } from "../../streaming/resume";
import { createSseStream } from "../../streaming/sse";
import { startTurn } from "../../turns/start-turn";
import { streamTurn } from "../../turns/stream-turn";
import { postMessageFeedback } from "./feedback";
import { ownerOf, ownSession } from "./owned-conversation";
import {
  bootstrapBodySchema,
  createConversationBodySchema,
  listConversationsQuerySchema,
  listMessagesQuerySchema,
  messageIdSchema,
  resumeQuerySchema,
  sendMessageBodySchema,
} from "./schemas";
import { postToolResult } from "./tool-results";
import { TURN_HEADER } from "../../../protocol/headers";

/** The widget's endpoints: publishable key + allowed origin, then a visitor token. */
export const widgetRoutes = new Hono<AppEnv>();

// Bootstrap mints visitor tokens, so it counts against the smaller per-IP bootstrap budget.
widgetRoutes.use(
  "*",
  publishableKeyAuth({ clientScope: (c) => (c.req.path.endsWith("/bootstrap") ? "bootstrap" : "ip") }),
);

/** Who am I and what does this assistant look like: one round trip when the widget opens. */
widgetRoutes.post("/bootstrap", async (c) => {
  const body = await parseJsonBody(c, bootstrapBodySchema);
  const { tenant } = c.var;
  const { visitor, user } = await bootstrapVisitor(c.env, tenant, c.req.header(VISITOR_HEADER), body.identity_token);
  const { assistant, theme } = tenant.config;
  return c.json({
    visitor,
    user,
    tenant: {
      name: tenant.name,
      greeting: assistant.greeting,
      suggested_prompts: assistant.suggested_prompts,
      theme,
    },
  });
});

/** Sign-out (`Clawless.logout()`): every token this visitor (device) holds stops working, at once. */
widgetRoutes.post("/logout", requireVisitor(), async (c) => {
  await visitorTokenVersions(c.env.DB, c.var.tenant.id).revoke(c.var.visitorId);
  return c.body(null, 204);
});

// "/conversations/*" matches "/conversations" itself too: registering both ran the visitor check twice.
widgetRoutes.use("/conversations/*", requireVisitor());

widgetRoutes.post("/conversations", async (c) => {
  await parseJsonBody(c, createConversationBodySchema);
  const session = await sessionStore(c.env.DB, c.var.tenant.id).create({
    channel: "widget",
    visitorId: c.var.visitorId,
    userId: c.var.userId,
  });
  return c.json({ conversation: toApiConversation(session) }, 201);
});

widgetRoutes.get("/conversations", async (c) => {
  const { limit, cursor } = parseQuery(c, listConversationsQuerySchema);
  const page = await sessionStore(c.env.DB, c.var.tenant.id).list({ owner: ownerOf(c.var), limit, cursor });
  return c.json({
    data: page.sessions.map(toApiConversation),
    has_more: page.nextCursor !== null,
    next_cursor: page.nextCursor,
  });
});

/** Starts the conversation afresh for the model; its messages stay as history. */
widgetRoutes.post("/conversations/:id/reset", async (c) => {
  await parseEmptyBody(c);
  const store = sessionStore(c.env.DB, c.var.tenant.id);
  const session = await ownSession(store, c.req.param("id"), ownerOf(c.var));
  await store.reset(session.id);
  await forgetContext(c.env.CACHE, c.var.tenant.id, session.id);
  return c.json({ conversation: toApiConversation((await store.get(session.id)) ?? session) });
});

widgetRoutes.delete("/conversations/:id", async (c) => {
  const store = sessionStore(c.env.DB, c.var.tenant.id);
  const session = await ownSession(store, c.req.param("id"), ownerOf(c.var));
  await store.delete(session.id);
  await forgetContext(c.env.CACHE, c.var.tenant.id, session.id);
  return c.body(null, 204);
});

widgetRoutes.get("/conversations/:id/messages", async (c) => {
  const query = parseQuery(c, listMessagesQuerySchema);
  const store = sessionStore(c.env.DB, c.var.tenant.id);
  const session = await ownSession(store, c.req.param("id"), ownerOf(c.var));
  const page = await store.listMessages(session.id, { limit: query.limit, beforeSeq: query.before });
  return c.json({ data: page.messages.map(toApiMessage), has_more: page.hasMore });
});

/**
 * Starts a turn with the visitor's message (server/turns/start-turn.ts), then streams the answer as
 * SSE. The turn is handed to waitUntil, so it completes and is stored even if the visitor closes the
 * page mid-answer.
 */
widgetRoutes.post("/conversations/:id/messages", async (c) => {
  const body = await parseJsonBody(c, sendMessageBodySchema);
  const { tenant } = c.var;
  const store = sessionStore(c.env.DB, tenant.id);
  const owner = ownerOf(c.var);
  const session = await ownSession(store, c.req.param("id"), owner);
  // A widget turn acts for the visitor who sent it, whoever created the session.
  const caller = { kind: "visitor", owner } as const;
  const turn = await startTurn({ env: c.env, tenant, session, content: body.content, caller, model: body.model });
  return streamTurn(turn, { [TURN_HEADER]: turn.userMessage.id }, c.executionCtx);
});

/**
 * Resumes a turn's stream for a client that lost its connection: the events after
 * `Last-Event-ID` (or `?after=`), with their original ids, then the rest as the turn goes on.
 * The turn id is the id of the visitor's message (the `message.user` event, `X-Clawless-Turn`).
 */
widgetRoutes.get("/conversations/:id/turns/:turnId/events", async (c) => {
  const query = parseQuery(c, resumeQuerySchema);
  const header = c.req.header("Last-Event-ID");
  const afterId = header === undefined ? query.after : Number(header);
  if (!Number.isInteger(afterId) || afterId < 0) {
    throw badRequest("Last-Event-ID must be an event id.", {
      problems: [{ field: "Last-Event-ID", message: "must be a non-negative integer" }],
    });
  }
  const { tenant } = c.var;
  const store = sessionStore(c.env.DB, tenant.id);
  const session = await ownSession(store, c.req.param("id"), ownerOf(c.var));
  const turnId = c.req.param("turnId");
  const turn = messageIdSchema.safeParse(turnId).success ? await store.getMessage(session.id, turnId) : null;
  if (!turn || turn.role !== "user") throw notFound("Turn");

  const tuning = modelTuning(c.env);
  const stream = createSseStream();
  c.executionCtx.waitUntil(
    replayTurn({
      db: c.env.DB,
      keys: { tenantId: tenant.id, sessionId: session.id, turnId },
      afterId,
      stream,
      pollMs: tuning.resumePollMs,
      maxWaitMs: tuning.resumeMaxWaitMs,
    }),
  );
  return stream.response;
});

/** A client tool's result, from the visitor's browser, for a call the turn is waiting on. */
widgetRoutes.post("/conversations/:id/turns/:turnId/tool-results", postToolResult);
widgetRoutes.post("/conversations/:id/messages/:messageId/feedback", postMessageFeedback);
