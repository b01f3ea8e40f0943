import "@hono/zod-openapi";
import { streamEventSchema } from "../../streaming/events";

/**
 * The SSE event schema as an OpenAPI component: both the widget API and the sessions API stream it,
 * so it lives here, below both surfaces, rather than in either.
 */
export const streamEventApiSchema = streamEventSchema.openapi("StreamEvent", {
  description:
    "The widget's event schema: each Server-Sent Event is `id: <n>`, `event: <type>`, `data: <json>` (the JSON " +
    "repeats `type`). A turn sends message.user, message.start, text.delta…, possibly message.notice, then " +
    "message.done (or error).",
});
