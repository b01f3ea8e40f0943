// React 19: `<clawless-chat>` is a custom element; declare its attributes once for JSX.
import "clawless";
import type { ChatMode, ChatTheme, ClawlessChat, ClawlessEventMap } from "clawless";
import { useEffect, useRef, type DetailedHTMLProps, type HTMLAttributes } from "react";

declare module "react" {
  namespace JSX {
    interface IntrinsicElements {
      "clawless-chat": DetailedHTMLProps<HTMLAttributes<ClawlessChat>, ClawlessChat> & {
        "publishable-key": string;
        api?: string;
        mode?: ChatMode;
        theme?: ChatTheme;
        locale?: string;
      };
    }
  }
}

export function Help() {
  const chat = useRef<ClawlessChat>(null);
  useEffect(() => {
    const element = chat.current;
    const onMessage = (event: Event) => {
      const { message } = (event as CustomEvent<ClawlessEventMap["message"]>).detail;
      console.log(message.content);
    };
    element?.addEventListener("clawless-message", onMessage);
    return () => element?.removeEventListener("clawless-message", onMessage);
  }, []);
  return <clawless-chat ref={chat} publishable-key="pk_live_…" api="https://chat.example.com" mode="inline" />;
}
