/**
 * The widget API's request schemas, as the server's routes import them. They are defined once in
 * protocol/schemas/widget-api.ts, next to the response schemas, and held to the widget's types.
 */
export { MAX_MESSAGE_CHARS } from "../../../protocol/limits";
export {
  bootstrapBodySchema,
  conversationIdSchema,
  createConversationBodySchema,
  feedbackBodySchema,
  listConversationsQuerySchema,
  listMessagesQuerySchema,
  messageContentSchema,
  messageIdSchema,
  resumeQuerySchema,
  sendMessageBodySchema,
  toolResultBodySchema,
} from "../../../protocol/schemas/widget-api";
