import type { Tenant } from "../tenants/tenant";
import { verifyVisitorToken, type VisitorClaims } from "./visitor-token";

/**
 * Visitor tokens are stateless JWTs, so revoking one means refusing it when it comes back. Two
 * counters do that, checked on every request that presents a token (requireVisitor, bootstrap):
 * - the visitor's token version (D1 `visitor_token_versions`, 0 without a row): sign-out bumps
 *   it, so every token that device held stops working at once, everywhere — D1, not KV, because
 *   a sign-out must not take a minute to hold;
 * - the tenant's identity epoch (on the tenant record, read through its KV cache): rotating or
 *   removing the identity secret bumps it, so every verified token of the tenant stops working
 *   (within the tenant cache's propagation, about a minute); anonymous tokens are unaffected.
 */

export function visitorTokenVersions(db: D1Database, tenantId: string) {
  return {
    async current(visitorId: string): Promise<number> {
      const row = await db
        .prepare("SELECT version FROM visitor_token_versions WHERE tenant_id = ? AND visitor_id = ?")
        .bind(tenantId, visitorId)
        .first<{ version: number }>();
      return row?.version ?? 0;
    },

    /** Revokes every token issued so far for this visitor; returns the version to issue new ones at. */
    async revoke(visitorId: string, now = Date.now()): Promise<number> {
      const row = await db
        .prepare(
          `INSERT INTO visitor_token_versions (tenant_id, visitor_id, version, updated_at) VALUES (?, ?, 1, ?)
           ON CONFLICT (tenant_id, visitor_id) DO UPDATE SET version = version + 1, updated_at = excluded.updated_at
           RETURNING version`,
        )
        .bind(tenantId, visitorId, now)
        .first<{ version: number }>();
      return row!.version;
    },
  };
}

export const identityEpochOf = (tenant: Tenant): number => tenant.identity_epoch ?? 0;

/** Who a token names, if it is validly signed for this tenant and not revoked; else null. */
export async function authenticateVisitor(
  env: { DB: D1Database; VISITOR_TOKEN_SECRET?: string },
  tenant: Tenant,
  token: string,
): Promise<VisitorClaims | null> {
  const claims = await verifyVisitorToken(env, tenant.id, token);
  if (!claims) return null;
  // Older than the tenant's epoch: revoked. (Newer only means this location's cached tenant is stale.)
  if (claims.userId !== null && claims.identityEpoch < identityEpochOf(tenant)) return null;
  const version = await visitorTokenVersions(env.DB, tenant.id).current(claims.visitorId);
  return claims.version === version ? claims : null;
}
