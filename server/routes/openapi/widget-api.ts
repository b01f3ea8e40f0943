import { z, type OpenAPIHono } from "@hono/zod-openapi";
import { LAST_EVENT_ID_HEADER, TURN_HEADER, VISITOR_HEADER } from "../../../protocol/headers";
import { WIDGET_PATHS } from "../../../protocol/widget-api";
import {
  bootstrapBodySchema,
  bootstrapResponseSchema,
  conversationIdSchema,
  conversationPageSchema,
  conversationResponseSchema,
  createConversationBodySchema,
  feedbackBodySchema,
  feedbackResponseSchema,
  listConversationsQuerySchema,
  listMessagesQuerySchema,
  messageIdSchema,
  messagePageSchema,
  resumeQuerySchema,
  sendMessageBodySchema,
  toolResultBodySchema,
  toolResultResponseSchema,
} from "../../../protocol/schemas/widget-api";
import { errorBodySchema } from "./error-schemas";
import { streamEventApiSchema } from "./stream-event";

/**
 * The widget API in the OpenAPI document (tag "Widget"), described from the same protocol schemas
 * the routes validate with. The routes themselves stay plain Hono routes (server/routes/widget/
 * routes.ts); server/routes/developer/openapi.node.test.ts checks that every widget route is documented here
 * and nothing else is.
 */

type Registry = OpenAPIHono["openAPIRegistry"];
type Method = "get" | "post" | "delete";

const TAG = "Widget";
/** Every widget call sends the publishable key; all but bootstrap also the visitor token. */
const VISITOR = [{ publishableKey: [], visitorToken: [] }];

const ERRORS = {
  400: "Invalid request: `error.details.problems` names each field.",
  401: "Unknown publishable key, or a missing or invalid visitor token (bootstrap again).",
  403: "The page's origin is not one of the tenant's allowed origins, or the tenant is suspended.",
  404: "No such conversation for this visitor (another visitor's reads the same).",
  409: "The client tool call is no longer waiting for a result.",
  413: "Body, or a field in it, too large.",
  415: "Content-Type must be application/json.",
  429: "Rate limit or monthly quota reached; see `Retry-After`.",
} as const;

function errors(...statuses: (keyof typeof ERRORS)[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: ERRORS[status], content: { "application/json": { schema: errorBodySchema } } },
    ]),
  );
}

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const body = (schema: z.ZodType) => ({ required: true, content: { "application/json": { schema } } });
const events = (description: string) => ({
  description,
  content: { "text/event-stream": { schema: streamEventApiSchema } },
});

const conversationParams = z.object({
  id: conversationIdSchema.openapi({ param: { name: "id", in: "path" }, example: "ses_0123456789abcdefghijAB" }),
});
const turnParams = conversationParams.extend({
  turnId: messageIdSchema.openapi({
    param: { name: "turnId", in: "path" },
    description: "The id of the visitor's message that started the turn (`X-Clawless-Turn`).",
  }),
});
const messageParams = conversationParams.extend({
  messageId: messageIdSchema.openapi({ param: { name: "messageId", in: "path" } }),
});

/** Adds the widget API's paths (under `prefix`, where it is mounted relative to the document's server). */
export function documentWidgetApi(registry: Registry, prefix = "/widget"): void {
  registry.registerComponent("securitySchemes", "publishableKey", {
    type: "apiKey",
    in: "query",
    name: "key",
    description: "A publishable key (`pk_…`), usable only from the tenant's allowed origins.",
  });
  registry.registerComponent("securitySchemes", "visitorToken", {
    type: "apiKey",
    in: "header",
    name: VISITOR_HEADER,
    description: "The visitor token `POST /widget/bootstrap` returned.",
  });

  const add = (
    method: Method,
    path: string,
    operationId: string,
    summary: string,
    rest: Omit<Parameters<Registry["registerPath"]>[0], "method" | "path" | "operationId" | "summary" | "tags">,
  ) =>
    registry.registerPath({
      method,
      path: `${prefix}${path}`,
      operationId,
      summary,
      tags: [TAG],
      security: VISITOR,
      ...rest,
    });

  add("post", WIDGET_PATHS.bootstrap, "widgetBootstrap", "Who the visitor is, and what the assistant looks like", {
    description:
      "The widget's first call. Sends the visitor token it has (if any) and, for a signed-in user, an " +
      "`identity_token` signed by the tenant's backend; returns the visitor token to use from now on.",
    security: [{ publishableKey: [], visitorToken: [] }, { publishableKey: [] }],
    request: { body: body(bootstrapBodySchema.openapi("WidgetBootstrapRequest")) },
    responses: {
      200: json(
        bootstrapResponseSchema.openapi("WidgetBootstrap"),
        "The visitor, the signed-in user and the assistant.",
      ),
      ...errors(400, 401, 403, 413, 415, 429),
    },
  });
  add("post", WIDGET_PATHS.logout, "widgetLogout", "Sign out: revoke every token this visitor holds", {
    description: "`Clawless.logout()` calls it: the visitor's tokens stop working at once, on every tab and copy.",
    responses: { 204: { description: "Revoked." }, ...errors(401, 403, 413, 415, 429) },
  });
  add("post", WIDGET_PATHS.conversations, "widgetCreateConversation", "Start a conversation", {
    request: { body: body(createConversationBodySchema) },
    responses: {
      201: json(conversationResponseSchema.openapi("WidgetConversationEnvelope"), "The new conversation."),
      ...errors(400, 401, 403, 415, 429),
    },
  });
  add("get", WIDGET_PATHS.conversations, "widgetListConversations", "The visitor's conversations, newest first", {
    request: { query: listConversationsQuerySchema },
    responses: {
      200: json(conversationPageSchema.openapi("WidgetConversationPage"), "A page of conversations."),
      ...errors(400, 401, 403, 429),
    },
  });
  add("post", WIDGET_PATHS.reset, "widgetResetConversation", "Start the conversation afresh for the model", {
    request: { params: conversationParams },
    responses: {
      200: json(conversationResponseSchema, "The conversation; its messages stay as history."),
      ...errors(401, 403, 404, 429),
    },
  });
  add("delete", WIDGET_PATHS.conversation, "widgetDeleteConversation", "Delete a conversation", {
    request: { params: conversationParams },
    responses: { 204: { description: "Deleted." }, ...errors(401, 403, 404, 429) },
  });
  add("get", WIDGET_PATHS.messages, "widgetListMessages", "A page of a conversation's messages", {
    request: { params: conversationParams, query: listMessagesQuerySchema },
    responses: {
      200: json(messagePageSchema.openapi("WidgetMessagePage"), "Messages, oldest first."),
      ...errors(400, 401, 403, 404, 429),
    },
  });
  add("post", WIDGET_PATHS.messages, "widgetSendMessage", "Send the visitor's message; the answer streams back", {
    description:
      `The response is Server-Sent Events (\`${TURN_HEADER}\` names the turn). The turn completes and is ` +
      "stored even if the visitor leaves; a dropped stream resumes from the turn's events endpoint.",
    request: { params: conversationParams, body: body(sendMessageBodySchema.openapi("WidgetSendMessage")) },
    responses: {
      200: events("The turn's events: message.user, message.start, text.delta…, message.notice?, message.done."),
      ...errors(400, 401, 403, 404, 413, 415, 429),
    },
  });
  add("get", WIDGET_PATHS.turnEvents, "widgetResumeTurn", "Resume a turn's event stream", {
    description: `The events after \`${LAST_EVENT_ID_HEADER}\` (or \`?after=\`), with their original ids, then the rest.`,
    request: {
      params: turnParams,
      query: resumeQuerySchema,
      headers: z.object({
        [LAST_EVENT_ID_HEADER]: z
          .string()
          .optional()
          .openapi({ param: { name: LAST_EVENT_ID_HEADER, in: "header" }, description: "Wins over `after`." }),
      }),
    },
    responses: { 200: events("The turn's remaining events."), ...errors(400, 401, 403, 404, 429) },
  });
  add("post", WIDGET_PATHS.toolResults, "widgetPostToolResult", "Answer a client tool call of a turn", {
    request: { params: turnParams, body: body(toolResultBodySchema.openapi("WidgetToolResult")) },
    responses: {
      202: json(toolResultResponseSchema, "Accepted: the turn continues with it."),
      ...errors(400, 401, 403, 404, 409, 415, 429),
    },
  });
  add("post", WIDGET_PATHS.feedback, "widgetRateMessage", "Thumbs up or down on an answer (null takes it back)", {
    request: { params: messageParams, body: body(feedbackBodySchema.openapi("WidgetFeedback")) },
    responses: {
      200: json(feedbackResponseSchema, "The rating as stored."),
      ...errors(400, 401, 403, 404, 415, 429),
    },
  });
}
