/** Shapes of the widget API (`/v1/widget/*`), as the Worker sends them. */
import type { Message, StreamEvent } from "../../server/streaming/events";

export type { Message, StreamEvent };

export interface Conversation {
  id: string;
  created_at: string;
  updated_at: string;
  title: string | null;
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

export interface Tenant {
  name: string;
  greeting: string;
  suggested_prompts: string[];
  theme: TenantTheme;
}

export interface BootstrapResponse {
  visitor: { id: string; token: string };
  tenant: Tenant;
}

export interface MessagePage {
  data: Message[];
  has_more: boolean;
}

/** The one error body every endpoint returns with a 4xx/5xx status. */
export interface ErrorBody {
  error: { type: string; message: string; details?: unknown; request_id: string };
}
