/**
 * Identity tokens are one-time proofs of a sign-in: one that carries a `jti` is accepted once per
 * tenant, so a token copied from a page or a log cannot be replayed to bootstrap another device.
 * The ids live in D1 (consistent: two bootstraps racing with one token cannot both win the
 * INSERT) until the token's own expiry, after which the token is refused anyway; each use sweeps
 * the tenant's expired ids.
 */
export function usedIdentityTokens(db: D1Database, tenantId: string) {
  return {
    /** Records the id; false when it was used before. */
    async consume(jti: string, expiresAt: number, now = Date.now()): Promise<boolean> {
      const [, inserted] = await db.batch([
        db.prepare("DELETE FROM used_identity_tokens WHERE tenant_id = ? AND expires_at <= ?").bind(tenantId, now),
        db
          .prepare(
            `INSERT INTO used_identity_tokens (tenant_id, jti, expires_at) VALUES (?, ?, ?)
             ON CONFLICT (tenant_id, jti) DO NOTHING RETURNING jti`,
          )
          .bind(tenantId, jti, expiresAt),
      ]);
      return Boolean(inserted?.results.length);
    },
  };
}
