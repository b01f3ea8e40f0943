/**
 * The page-facing global `window.Clawless`: the loader installs it as a queue stub, and the
 * element chunk swaps in the real methods once loaded (see attach.ts). Shared by both sides, so
 * this file holds types and one small constant only.
 */

export const CLAWLESS_METHODS = ["open", "close", "toggle", "send", "on", "off", "destroy"] as const;
export type ClawlessMethod = (typeof CLAWLESS_METHODS)[number];

/** A call recorded before the element loaded: the method name, then its arguments. */
export type QueuedCall = [ClawlessMethod, ...unknown[]];

export type ClawlessListener = (event: CustomEvent) => void;

export interface ClawlessGlobal {
  /** Calls made before the element loaded, replayed in order once it is ready. */
  q: QueuedCall[];
  /** Set by the loader: a second copy of the script tag then does nothing. */
  loader?: true;
  open(): void;
  close(): void;
  toggle(): void;
  send(text: string): void;
  on(event: string, listener: ClawlessListener): void;
  off(event: string, listener: ClawlessListener): void;
  destroy(): void;
}

declare global {
  interface Window {
    Clawless?: Partial<ClawlessGlobal>;
  }
}
