import { unauthorized } from "../http/errors";
import { findKeyByHash, hashKey, keyRecordSchema, looksLikeKey, type KeyKind, type KeyRecord } from "./keys";
import { findTenant, tenantSchema, type Tenant } from "./tenant";

/**
 * Key → tenant resolution, on every widget and API request, so it is cached in KV. KV is
 * eventually consistent and only ever a cache here: a miss reads D1, and what is cached expires
 * after CACHE_TTL_SECONDS at most. Every write to a tenant or key deletes its entries
 * (invalidateTenant / invalidateKeys); the deletion is seen at once where it was made and within
 * about 60 s elsewhere (KV's edge caching). The TTL is KV's minimum, 60 s, so that even a read that
 * races a write and puts the old value back cannot keep a revoked key or a suspended tenant alive
 * for more than about two minutes.
 */
export const CACHE_TTL_SECONDS = 60;

export const keyCacheKey = (hash: string) => `key:${hash}`;
export const tenantCacheKey = (tenantId: string) => `tenant:${tenantId}`;

export interface ResolvedKey {
  key: KeyRecord;
  tenant: Tenant;
}

export async function resolveKey(env: Env, rawKey: string | undefined, kind: KeyKind): Promise<ResolvedKey> {
  const label = kind === "publishable" ? "publishable key" : "secret key";
  if (!rawKey) throw unauthorized(`Missing ${label}.`);
  if (!looksLikeKey(rawKey, kind)) throw unauthorized(`Malformed ${label}.`);
  const hash = await hashKey(rawKey);
  const key = await cached(env.CACHE, keyCacheKey(hash), keyRecordSchema, () => findKeyByHash(env.DB, hash));
  const now = Date.now();
  if (!key || key.kind !== kind) throw unauthorized(`Unknown ${label}.`);
  if (key.revoked_at !== null && key.revoked_at <= now) throw unauthorized(`This ${label} has been revoked.`);
  if (key.expires_at !== null && key.expires_at <= now) throw unauthorized(`This ${label} has expired.`);
  const tenant = await loadTenant(env, key.tenant_id);
  // A key whose tenant is gone is as good as unknown.
  if (!tenant) throw unauthorized(`Unknown ${label}.`);
  return { key, tenant };
}

export function loadTenant(env: Env, tenantId: string): Promise<Tenant | null> {
  return cached(env.CACHE, tenantCacheKey(tenantId), tenantSchema, () => findTenant(env.DB, tenantId));
}

interface Parser<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

/** Read-through KV cache. Misses (null) are not cached, so a new key works at once. */
async function cached<T>(
  kv: KVNamespace,
  cacheKey: string,
  schema: Parser<T>,
  load: () => Promise<T | null>,
): Promise<T | null> {
  const hit = await kv.get(cacheKey, "json");
  if (hit !== null) {
    const parsed = schema.safeParse(hit);
    if (parsed.success) return parsed.data;
  }
  const value = await load();
  if (value !== null) await kv.put(cacheKey, JSON.stringify(value), { expirationTtl: CACHE_TTL_SECONDS });
  return value;
}

/** Drops the cached tenant record, after any change to the tenant (config, status, deletion). */
export async function invalidateTenant(kv: KVNamespace, tenantId: string): Promise<void> {
  await kv.delete(tenantCacheKey(tenantId));
}

/** Drops cached key lookups (by key hash), after a key is revoked, rotated or deleted. */
export async function invalidateKeys(kv: KVNamespace, keyHashes: readonly string[]): Promise<void> {
  await Promise.all(keyHashes.map((hash) => kv.delete(keyCacheKey(hash))));
}
