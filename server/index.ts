import { createApp } from "./app";
import type { Bindings } from "./env";
import { expireTrials } from "./trials/expire-trials";

const app = createApp();

export default {
  fetch: app.fetch,
  /** The daily cron of wrangler.toml: remove expired sales trials and their data. */
  async scheduled(_controller, env) {
    await expireTrials(env);
  },
} satisfies ExportedHandler<Bindings>;
