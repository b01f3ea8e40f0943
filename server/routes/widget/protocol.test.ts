import { describe, expect, it } from "vitest";
import { z } from "zod";
import { errorBodySchema } from "../../../protocol/schemas/errors";
import {
  bootstrapResponseSchema,
  conversationPageSchema,
  conversationResponseSchema,
  feedbackResponseSchema,
  messagePageSchema,
} from "../../../protocol/schemas/widget-api";
import { createTenant, parseSse, widgetCall, type WidgetClient } from "../../test/helpers";

/**
 * The widget API answers in exactly the shapes protocol/ promises the widget: every JSON body
 * here is parsed strictly (no unknown keys) with the protocol's response schemas, and every SSE
 * event with its event schema (parseSse).
 */

const knowledge = [{ id: "ship", title: "Shipping", content: "We ship worldwide within 3 business days." }];

async function bodyOf<T extends z.ZodType>(res: Response, schema: T, status = 200): Promise<z.output<T>> {
  expect(res.status).toBe(status);
  return strict(schema).parse(await res.json()) as z.output<T>;
}

/** The schema with every object strict, so a field the protocol does not name fails the test. */
function strict(schema: z.core.$ZodType): z.ZodType {
  if (schema instanceof z.ZodObject) {
    const shape = Object.fromEntries(Object.entries(schema.shape).map(([key, value]) => [key, strict(value)]));
    return schema.extend(shape).strict();
  }
  if (schema instanceof z.ZodArray) return strict(schema.element).array();
  if (schema instanceof z.ZodNullable) return strict(schema.unwrap()).nullable();
  if (schema instanceof z.ZodOptional) return strict(schema.unwrap()).optional();
  return schema as z.ZodType;
}

describe("the widget API's bodies match protocol/", { timeout: 60_000 }, () => {
  it("bootstrap, conversations, messages, a turn's events, feedback and errors", async () => {
    const { keys } = await createTenant({ assistant: { knowledge }, theme: { accent_color: "#ff0066" } });
    const boot = await bodyOf(
      await widgetCall({ key: keys.publishable }, "POST", "/bootstrap", {}),
      bootstrapResponseSchema,
    );
    expect(boot.user).toBeNull();
    const client: WidgetClient = { key: keys.publishable, visitor: boot.visitor.token };

    const created = await bodyOf(
      await widgetCall(client, "POST", "/conversations", {}),
      conversationResponseSchema,
      201,
    );
    const id = created.conversation.id;
    const turn = await widgetCall(client, "POST", `/conversations/${id}/messages`, { content: "Shipping time?" });
    const events = parseSse(await turn.text()).map((event) => event.data);
    const done = events.find((event) => event.type === "message.done");
    expect(done?.type).toBe("message.done");

    const page = await bodyOf(await widgetCall(client, "GET", `/conversations/${id}/messages`), messagePageSchema);
    expect(page.data.map((message) => message.role)).toEqual(["user", "assistant"]);
    const list = await bodyOf(await widgetCall(client, "GET", "/conversations"), conversationPageSchema);
    expect(list.data.map((conversation) => conversation.id)).toEqual([id]);
    const reset = await bodyOf(
      await widgetCall(client, "POST", `/conversations/${id}/reset`),
      conversationResponseSchema,
    );
    expect(reset.conversation.id).toBe(id);

    const answerId = page.data[1]!.id;
    const rated = await bodyOf(
      await widgetCall(client, "POST", `/conversations/${id}/messages/${answerId}/feedback`, { rating: "up" }),
      feedbackResponseSchema,
    );
    expect(rated).toEqual({ message_id: answerId, rating: "up" });

    const missing = await bodyOf(
      await widgetCall(client, "GET", "/conversations/ses_0000000000000000000000/messages"),
      errorBodySchema,
      404,
    );
    expect(missing.error.type).toBe("not_found");
  });
});
