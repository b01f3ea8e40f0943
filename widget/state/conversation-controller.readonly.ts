import type { ConversationController } from "./conversation-controller";

/**
 * Compile-time checks, never bundled: the controller's state is read-only from outside (the host
 * renders it and changes it only through the controller's methods). If any of these writes
 * became possible, its `@ts-expect-error` would be unused and the widget's typecheck would fail.
 */
export function readOnlyFromOutside(chat: ConversationController): void {
  // @ts-expect-error the status changes only inside the controller
  chat.status = "idle";
  // @ts-expect-error so does the tenant
  chat.tenant = null;
  // @ts-expect-error the message list is a read-only view
  chat.messages.push({ key: "x", role: "user", content: "", state: "pending" });
  // @ts-expect-error and so are its messages
  chat.messages[0]!.content = "";
  // @ts-expect-error errors are set by the controller
  chat.error = null;
  // @ts-expect-error the conversation list is read-only too
  chat.conversations = [];
  // @ts-expect-error tool status too
  chat.toolStatus = null;
}
