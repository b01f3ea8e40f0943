import type { ErrorBody } from "./errors";
import type { Message, Rating } from "./events";

/**
 * The widget API (`/v1/widget/*`) as plain types and constants: its paths and its request and
 * response bodies. The server validates and documents them with protocol/schemas/widget-api.ts,
 * which is checked against these types at compile time.
 */

/** Where the widget API is mounted on the Worker. */
export const WIDGET_API_PREFIX = "/v1/widget";

/** Paths under {@link WIDGET_API_PREFIX}, as OpenAPI templates (`{param}`). */
export const WIDGET_PATHS = {
  bootstrap: "/bootstrap",
  logout: "/logout",
  conversations: "/conversations",
  conversation: "/conversations/{id}",
  reset: "/conversations/{id}/reset",
  messages: "/conversations/{id}/messages",
  feedback: "/conversations/{id}/messages/{messageId}/feedback",
  turnEvents: "/conversations/{id}/turns/{turnId}/events",
  toolResults: "/conversations/{id}/turns/{turnId}/tool-results",
} as const;

type PathParams<T extends string> = T extends `${string}{${infer Name}}${infer Rest}` ? Name | PathParams<Rest> : never;

/** Fills a path template, each value URI-encoded: `widgetPath(WIDGET_PATHS.messages, { id })`. */
export const widgetPath = <T extends string>(template: T, params: Record<PathParams<T>, string>): string =>
  template.replace(/\{(\w+)\}/g, (_, name: PathParams<T>) => encodeURIComponent(params[name]));

export interface BootstrapRequest {
  /** A verified user's identity JWT, signed by the tenant's backend (docs/tenancy.md). */
  identity_token?: string;
}

export interface TenantTheme {
  accent_color?: string;
  title?: string;
  logo_url?: string;
  /** Corner radius in px (0–32). */
  radius?: number;
  /** A CSS font-family list. */
  font?: string;
}

/** What a page may know of the assistant: its name, greeting, prompts and look. */
export interface PublicTenant {
  name: string;
  greeting: string;
  suggested_prompts: string[];
  theme: TenantTheme;
}

/** The signed-in user the identity token named (null for an anonymous visitor). */
export interface VerifiedUser {
  id: string;
  name?: string;
  email?: string;
}

export interface BootstrapResponse {
  visitor: { id: string; token: string };
  user: VerifiedUser | null;
  tenant: PublicTenant;
}

export interface Conversation {
  id: string;
  title: string | null;
  created_at: string;
  updated_at: string;
}

export interface ConversationResponse {
  conversation: Conversation;
}

/** The visitor's conversations, newest first. */
export interface ConversationPage {
  data: Conversation[];
  has_more: boolean;
  next_cursor: string | null;
}

export interface SendMessageRequest {
  content: string;
  /** A catalog model id; honoured only when the tenant allows overrides and the plan has it. */
  model?: string;
}

/** Messages oldest first; `has_more` when older ones exist (page with `before`). */
export interface MessagePage {
  data: Message[];
  has_more: boolean;
}

export interface FeedbackRequest {
  rating: Rating;
}

export interface FeedbackResponse {
  message_id: string;
  rating: Rating;
}

/** A client tool's answer: exactly one of `output` and `error`. */
export interface ToolResultRequest {
  call_id: string;
  output?: unknown;
  error?: string;
}

export interface ToolResultResponse {
  accepted: true;
}

export type { ErrorBody };
