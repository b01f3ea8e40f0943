import type { Message } from "../api/types";

export type ChatMessageState = "pending" | "failed" | "streaming" | "complete" | "interrupted";

/** A message as the widget shows it: stored, optimistic (pending) or still streaming. */
export interface ChatMessage {
  /** Stable render key: the stored id, or a local one until the server has assigned it. */
  key: string;
  role: "user" | "assistant";
  content: string;
  state: ChatMessageState;
  seq?: number;
  /**
   * While streaming: the text committed so far, one string per animation frame, so a renderer can
   * append only what is new instead of re-rendering the whole message.
   */
  segments?: string[];
}

export function fromStored(message: Message): ChatMessage {
  return {
    key: message.id,
    role: message.role,
    content: message.content,
    state: message.status,
    seq: message.seq,
  };
}
