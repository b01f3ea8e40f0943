import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { forbidden } from "../http/errors";
import { inBackground } from "../logging/background";
import { enforceRateLimit } from "../rate-limit/rate-limit";
import { keyStore } from "../tenants/key-store";
import type { KeyRecord, SecretKeyScope } from "../tenants/keys";
import { resolveKey } from "../tenants/resolve";

/**
 * Guards the tenant-developer API: `Authorization: Bearer sk_live_…|sk_test_…`. A missing,
 * malformed, unknown, revoked or expired key is 401; a valid key without the route's scope, or of a
 * suspended tenant, is 403. Then the per-key and per-tenant rate limits (429). Sets `c.var.tenant`
 * and `c.var.key`, and records the key's last use in the background, at most once a minute.
 */

export interface SecretKeyAuthOptions {
  /** The one scope the route needs. */
  scope: SecretKeyScope;
}

export function secretKeyAuth({ scope }: SecretKeyAuthOptions): MiddlewareHandler<AppEnv> {
  return async function secretKeyMiddleware(c, next) {
    const { key, tenant } = await resolveKey(c.env, bearerToken(c.req.header("authorization")), "secret");
    // Set before the checks below so that even a refused request is logged against its tenant.
    c.set("tenant", tenant);
    c.set("key", key);
    if (tenant.status !== "active") throw forbidden("This tenant is suspended.");
    requireScope(key, scope);
    await enforceRateLimit(c.env, "key", key.id);
    await enforceRateLimit(c.env, "tenant", tenant.id);
    if (shouldTouch(key.id)) inBackground(c, "key last_used_at", () => keyStore(c.env, tenant.id).touch(key.id));
    await next();
  };
}

/** 403 unless the key carries `scope`; for routes that check a second scope themselves. */
export function requireScope(key: KeyRecord, scope: SecretKeyScope): void {
  if (!key.scopes.includes(scope)) {
    throw forbidden(`This key lacks the "${scope}" scope.`, { required_scope: scope, key_scopes: key.scopes });
  }
}

export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(header ?? "")?.[1];
}

const TOUCH_INTERVAL_MS = 60_000;
const lastTouched = new Map<string, number>();

/** Per isolate, skip the write entirely within the minute; the UPDATE's own guard covers the rest. */
function shouldTouch(keyId: string, now = Date.now()): boolean {
  const last = lastTouched.get(keyId);
  if (last !== undefined && now - last < TOUCH_INTERVAL_MS) return false;
  if (lastTouched.size > 10_000) lastTouched.clear();
  lastTouched.set(keyId, now);
  return true;
}
