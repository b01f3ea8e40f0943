/**
 * The page-facing global `window.Clawless`: the loader installs it as a queue stub, and the
 * element chunk swaps in the real methods once loaded (see attach.ts). Shared by both sides, so
 * this file holds types and one small constant only.
 */
import type { Message } from "../../protocol";

export const CLAWLESS_METHODS = [
  "open",
  "close",
  "toggle",
  "send",
  "setInput",
  "identify",
  "logout",
  "newConversation",
  "registerTool",
  "on",
  "off",
  "destroy",
] as const;
export type ClawlessMethod = (typeof CLAWLESS_METHODS)[number];

/** A call recorded before the element loaded: the method name, then its arguments. */
export type QueuedCall = [ClawlessMethod, ...unknown[]];

/** What each event's `detail` holds. Events reach the page as `clawless-<name>` (`:` becomes `-`). */
export interface ClawlessEventMap {
  ready: Record<string, never>;
  open: Record<string, never>;
  close: Record<string, never>;
  /** An assistant answer finished. */
  message: { message: Message };
  /** The visitor's message was stored. */
  "message:sent": { message: Message };
  error: { type: string; message: string; status?: number };
  /** The number of answers that arrived while the panel was closed (0 again once opened). */
  unread: { count: number };
}
export type ClawlessEventName = keyof ClawlessEventMap;
export type ClawlessListener<K extends ClawlessEventName = ClawlessEventName> = (
  event: CustomEvent<ClawlessEventMap[K]>,
) => void;

/**
 * A client tool: the page's own function the assistant may call (used by client tools, which
 * arrive with the tools feature). It receives the model's arguments and returns a JSON-able result.
 */
export type ClawlessToolHandler = (input: unknown) => unknown;

export interface ClawlessGlobal {
  /** Calls made before the element loaded, replayed in order once it is ready. */
  q: QueuedCall[];
  /** Set by the loader: a second copy of the script tag then does nothing. */
  loader?: true;
  open(): void;
  close(): void;
  toggle(): void;
  /** Opens the panel and sends `text` as the visitor. */
  send(text: string): void;
  /** Opens the panel with `text` in the message box, not sent. */
  setInput(text: string): void;
  /** Signs the visitor in: a JWT signed by the tenant's backend, presented at bootstrap (`identity_token`). */
  identify(token: string): void;
  /** Forgets the identity and the conversation; the visitor starts afresh, anonymously. */
  logout(): void;
  newConversation(): void;
  registerTool(name: string, handler: ClawlessToolHandler): void;
  on<K extends ClawlessEventName>(event: K, listener: ClawlessListener<K>): void;
  off<K extends ClawlessEventName>(event: K, listener: ClawlessListener<K>): void;
  /** Removes the widget and this global. */
  destroy(): void;
}

/** The DOM event name of a `Clawless.on` name: `message:sent` → `clawless-message-sent`. */
export const domEventName = (name: string): string => `clawless-${name.replace(":", "-")}`;

declare global {
  interface Window {
    Clawless?: Partial<ClawlessGlobal>;
  }
}
