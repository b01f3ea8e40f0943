import { Hono } from "hono";
import { publishableKeyAuth } from "../auth/publishable-key";
import { requireVisitor, VISITOR_HEADER } from "../auth/visitor";
import { issueVisitor, verifyVisitor } from "../auth/visitor-token";
import type { AppEnv } from "../env";
import { notFound } from "../http/errors";
import { parseJsonBody, parseQuery } from "../http/validation";
import { toApiConversation, toApiMessage } from "../sessions/api-shapes";
import { sessionStore } from "../sessions/repository";
import { createSseStream } from "../streaming/sse";
import { runTurn } from "../turns/run-turn";
import { postMessageFeedback } from "./feedback";
import {
  bootstrapBodySchema,
  conversationIdSchema,
  createConversationBodySchema,
  listConversationsQuerySchema,
  listMessagesQuerySchema,
  sendMessageBodySchema,
} from "./schemas";

/** The widget's endpoints: publishable key + allowed origin, then a visitor token. */
export const widgetApi = new Hono<AppEnv>();

widgetApi.use("*", publishableKeyAuth());

/** Who am I and what does this assistant look like: one round trip when the widget opens. */
widgetApi.post("/bootstrap", async (c) => {
  await parseJsonBody(c, bootstrapBodySchema);
  const { tenant } = c.var;
  const sent = c.req.header(VISITOR_HEADER);
  const existingId = sent ? await verifyVisitor(c.env, tenant.id, sent) : null;
  const visitor = existingId && sent ? { id: existingId, token: sent } : await issueVisitor(c.env, tenant.id);
  const { assistant, theme } = tenant.config;
  return c.json({
    visitor,
    tenant: {
      name: tenant.name,
      greeting: assistant.greeting,
      suggested_prompts: assistant.suggested_prompts,
      theme,
    },
  });
});

widgetApi.use("/conversations/*", requireVisitor());
widgetApi.use("/conversations", requireVisitor());

widgetApi.post("/conversations", async (c) => {
  await parseJsonBody(c, createConversationBodySchema);
  const session = await sessionStore(c.env.DB, c.var.tenant.id).create({
    channel: "widget",
    visitorId: c.var.visitorId,
  });
  return c.json({ conversation: toApiConversation(session) }, 201);
});

widgetApi.get("/conversations", async (c) => {
  const { limit } = parseQuery(c, listConversationsQuerySchema);
  const sessions = await sessionStore(c.env.DB, c.var.tenant.id).listForVisitor(c.var.visitorId, limit);
  return c.json({ data: sessions.map(toApiConversation) });
});

widgetApi.get("/conversations/:id/messages", async (c) => {
  const query = parseQuery(c, listMessagesQuerySchema);
  const store = sessionStore(c.env.DB, c.var.tenant.id);
  const session = await ownSession(store, c.req.param("id"), c.var.visitorId);
  const page = await store.listMessages(session.id, { limit: query.limit, beforeSeq: query.before });
  return c.json({ data: page.messages.map(toApiMessage), has_more: page.hasMore });
});

/**
 * Stores the visitor's message, then streams the answer as SSE. The turn is handed to waitUntil,
 * so it completes and is stored even if the visitor closes the page mid-answer.
 */
widgetApi.post("/conversations/:id/messages", async (c) => {
  const body = await parseJsonBody(c, sendMessageBodySchema);
  const { tenant } = c.var;
  const store = sessionStore(c.env.DB, tenant.id);
  const session = await ownSession(store, c.req.param("id"), c.var.visitorId);
  const userMessage = await store.appendMessage(session.id, { role: "user", content: body.content });

  const stream = createSseStream();
  stream.send({ type: "message.user", message: toApiMessage(userMessage) });
  c.executionCtx.waitUntil(runTurn({ env: c.env, tenant, store, session, userMessage, stream }));
  return stream.response;
});

widgetApi.post("/conversations/:id/messages/:messageId/feedback", postMessageFeedback);

async function ownSession(store: ReturnType<typeof sessionStore>, id: string, visitorId: string) {
  const session = conversationIdSchema.safeParse(id).success ? await store.getForVisitor(id, visitorId) : null;
  if (!session) throw notFound("Conversation");
  return session;
}
