import { createApp } from "./app";
import type { Bindings } from "./env";
import { envLogger } from "./logging/context-logger";
import { purgeExpiredData } from "./retention/purge";
import { expireTrials } from "./trials/expire-trials";

const app = createApp();

export default {
  fetch: app.fetch,
  /** The daily cron of wrangler.toml: expired sales trials, then data past its retention. */
  async scheduled(_controller, env) {
    await expireTrials(env);
    const purged = await purgeExpiredData(env.DB);
    envLogger(env).info("retention_purge", { ...purged });
  },
} satisfies ExportedHandler<Bindings>;
