import type { Message, NoticeCode, Rating } from "../../protocol";

/** `queued`: written while offline, sent on reconnect. */
export type ChatMessageState = "pending" | "queued" | "failed" | "streaming" | "complete" | "interrupted";

/** A message as the widget shows it: stored, optimistic (pending) or still streaming. */
export interface ChatMessage {
  /** Stable render key: the stored id, or a local one until the server has assigned it. */
  key: string;
  /** The stored id, once the server has one (what feedback is sent for). */
  id?: string;
  role: "user" | "assistant";
  content: string;
  state: ChatMessageState;
  seq?: number;
  /**
   * While streaming: the text committed so far, one string per animation frame, so a renderer can
   * append only what is new instead of re-rendering the whole message.
   */
  segments?: string[];
  feedback?: Rating;
  /** What the server said about this answer while it streamed (a `message.notice`), if anything. */
  notice?: NoticeCode;
}

export function fromStored(message: Message): ChatMessage {
  return {
    key: message.id,
    id: message.id,
    role: message.role,
    content: message.content,
    state: message.status,
    seq: message.seq,
    feedback: message.feedback ?? null,
  };
}
