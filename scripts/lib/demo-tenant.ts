import type { TenantConfigInput } from "../../server/tenants/config";

/**
 * The demo tenant that `npm run dev` seeds (idempotently): an assistant that knows about Clawless
 * itself, so the offline responder has something real to retrieve from on a fresh machine.
 */

export { DEMO_TENANT_ID } from "../../server/routes/pages/demo-tenant-id";
export const DEMO_TENANT_NAME = "Clawless Demo";

export const demoTenantConfig: TenantConfigInput = {
  // Business: 50,000 messages and 5M input tokens a month, so trying the demo never hits a quota.
  tier: "business",
  assistant: {
    system_prompt:
      "You are the assistant on Clawless's own demo page. Answer questions about Clawless briefly and accurately, using the knowledge snippets.",
    greeting: "Hi! I'm the Clawless demo assistant. Ask me how Clawless works, what it costs, or how to embed it.",
    suggested_prompts: ["How do I embed the widget?", "What does it cost?", "Does it work offline?"],
    knowledge: [
      {
        id: "embed",
        title: "Embedding the widget",
        content:
          'Paste one script tag into your site: <script src="https://your-worker/widget/v1/clawless.js" data-key="pk_live_…" async></script>. The loader is tiny and loads the chat panel on first interaction or when the browser is idle. You can also install the npm package and use the <clawless-chat> custom element directly.',
      },
      {
        id: "pricing",
        title: "Plans and pricing",
        content:
          "What Clawless costs depends on the plan; there are four, priced by monthly volume. Starter includes 1,000 messages and 100K input tokens a month; Pro 10,000 messages and 1M tokens; Business 50,000 messages and 5M tokens; Enterprise is unlimited. Every plan includes the widget, the REST API and the offline responder.",
      },
      {
        id: "offline",
        title: "The offline responder",
        content:
          "Without any AI model configured, Clawless answers with its built-in offline responder: it searches your knowledge snippets with BM25 ranking and quotes the best matches. It needs no API key and no network, and it is the last link of every fallback chain, so visitors always get an answer.",
      },
      {
        id: "models",
        title: "Models and routing",
        content:
          "Clawless can route each message to Anthropic Claude, any OpenAI-compatible endpoint (including a local Ollama or vLLM) or Workers AI. A router picks a cheap model for simple questions and a stronger one for complex ones, and falls back along a chain when a provider fails.",
      },
      {
        id: "privacy",
        title: "Data and privacy",
        content:
          "Conversations are stored in Cloudflare D1 and belong to the tenant. Secret API keys are stored only as SHA-256 hashes. Each visitor gets a signed token, and no visitor can read another visitor's conversation. Messages are kept for the tenant's retention period, 30 days by default.",
      },
      {
        id: "self-host",
        title: "Running it yourself",
        content:
          "Clawless is one Cloudflare Worker. Locally, npm install && npm run dev starts everything with local D1, KV and R2 and no account. To go live, create the D1 database, KV namespace and R2 bucket, set the secrets and run npm run deploy.",
      },
      {
        id: "support",
        title: "Talking to a person",
        content:
          "If the assistant cannot help, ask for a human: the conversation is handed to the site's team, who can see the whole transcript and reply.",
      },
    ],
  },
  allowed_origins: ["http://127.0.0.1:*", "http://localhost:*"],
  theme: { accent_color: "#4f46e5", title: "Clawless" },
};
