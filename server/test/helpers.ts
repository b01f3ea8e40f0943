import { exports } from "cloudflare:workers";
import { env } from "cloudflare:workers";
import { provisionTenant } from "../tenants/provisioning";
import type { TenantConfigInput } from "../tenants/config";
import { streamEventSchema, type StreamEvent } from "../streaming/events";

/** Test helpers: real requests into the real Worker (its default export) inside workerd. */

export const ORIGIN = "https://shop.example.com";

export async function createTenant(config: TenantConfigInput = {}, name = "Test Shop") {
  return provisionTenant(env.DB, {
    name,
    mode: "test",
    config: { allowed_origins: [ORIGIN], ...config },
  });
}

export function call(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(`http://clawless.test${path}`, init));
}

export interface WidgetClient {
  key: string;
  visitor?: string;
  origin?: string | null;
}

/** A request as the widget on an allowed page makes it. */
export function widgetCall(client: WidgetClient, method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = {};
  if (client.origin !== null) headers.Origin = client.origin ?? ORIGIN;
  if (client.visitor) headers["X-Clawless-Visitor"] = client.visitor;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const sep = path.includes("?") ? "&" : "?";
  return call(`/v1/widget${path}${sep}key=${encodeURIComponent(client.key)}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** Bootstraps a visitor and opens a conversation: the widget's first two calls. */
export async function startConversation(key: string) {
  const boot = await widgetCall({ key }, "POST", "/bootstrap", {});
  const { visitor } = (await boot.json()) as { visitor: { id: string; token: string } };
  const client: WidgetClient = { key, visitor: visitor.token };
  const created = await widgetCall(client, "POST", "/conversations", {});
  const { conversation } = (await created.json()) as { conversation: { id: string } };
  return { client, visitor, conversationId: conversation.id };
}

export interface ParsedEvent {
  id: string | undefined;
  event: string | undefined;
  data: StreamEvent;
}

/** Parses a whole SSE body, validating every event against the shared schema. */
export function parseSse(text: string): ParsedEvent[] {
  return text
    .split("\n\n")
    .filter((frame) => frame.trim() && !frame.startsWith(":"))
    .map((frame) => {
      const fields: Record<string, string> = {};
      for (const line of frame.split("\n")) {
        const i = line.indexOf(":");
        if (i > 0) fields[line.slice(0, i)] = line.slice(i + 1).trimStart();
      }
      return { id: fields.id, event: fields.event, data: streamEventSchema.parse(JSON.parse(fields.data ?? "null")) };
    });
}

export async function errorOf(response: Response) {
  return (
    (await response.json()) as { error: { type: string; message: string; request_id: string; details?: unknown } }
  ).error;
}
