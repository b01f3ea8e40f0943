// Vue 3: a render function makes `<clawless-chat>` a plain custom element (in a template, mark the
// tag with `compilerOptions.isCustomElement`); `onClawlessMessage` listens to `clawless-message`.
import "clawless";
import type { ClawlessEventMap } from "clawless";
import { defineComponent, h } from "vue";

export const Help = defineComponent({
  name: "ClawlessHelp",
  setup() {
    const onMessage = (event: CustomEvent<ClawlessEventMap["message"]>) => console.log(event.detail.message.content);
    return () =>
      h("clawless-chat", {
        "publishable-key": "pk_live_…",
        api: "https://chat.example.com",
        theme: "auto",
        onClawlessMessage: onMessage,
      });
  },
});
