import type { KeyRecord } from "./tenants/keys";
import type { Tenant } from "./tenants/tenant";

/**
 * Bindings beyond wrangler.toml's. Secrets (ADMIN_TOKEN, VISITOR_TOKEN_SECRET, provider keys) are
 * typed by `npm run types` from .dev.vars.example; these are the optional extras.
 */
export interface Secrets {
  /** Set only by `npm run bench` (through `--var`) to expose the bare streaming baseline route. */
  BENCH_ROUTES?: string;
}

export type Bindings = Env & Secrets;

/** Request-scoped values, typed through Hono's Variables. */
export interface Variables {
  requestId: string;
  tenant: Tenant;
  key: KeyRecord;
  visitorId: string;
  /** The verified user behind the visitor token, or null for an anonymous visitor. */
  userId: string | null;
  /** Set by page routes (server/routes/pages/page-routes.ts): their errors are HTML pages, not JSON. */
  errorsAs?: "html";
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: Variables;
}
