import { requireSecret } from "../config";
import { openSecret, sealSecret } from "../lib/encryption";
import { randomString } from "../lib/crypto";
import { invalidateTenant } from "../tenants/resolve";

/**
 * The secret a tenant's backend signs identity tokens with. Stored only sealed (AES-GCM under
 * ENCRYPTION_KEY, bound to the tenant id), shown once when created or rotated, never again. It is
 * not cached in KV: it is read only when a widget bootstraps with an identity token. Rotating or
 * removing it bumps the tenant's identity epoch in the same transaction, which signs out every
 * verified visitor (server/auth/visitor-revocation.ts), and drops the cached tenant record.
 */

export const IDENTITY_SECRET_PREFIX = "idsec_";

interface Row {
  ciphertext: string;
  previous_ciphertext: string | null;
  previous_expires_at: number | null;
  created_at: number;
  rotated_at: number | null;
}

export interface IdentitySecretInfo {
  configured: boolean;
  created_at: string | null;
  rotated_at: string | null;
  /** Until when the secret before the last rotation still verifies. */
  previous_valid_until: string | null;
}

/** A secret that verifies identity tokens now, and until when (ms; null: until it is rotated). */
export interface VerifyingSecret {
  secret: string;
  validUntil: number | null;
}

type CryptoEnv = { ENCRYPTION_KEY?: string };
type StoreEnv = CryptoEnv & { DB: D1Database; CACHE: KVNamespace };

const context = (tenantId: string) => `identity-secret:${tenantId}`;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function identitySecretStore(env: StoreEnv, tenantId: string) {
  const db = env.DB;
  const bumpEpoch = () =>
    db.prepare("UPDATE tenants SET identity_epoch = identity_epoch + 1 WHERE id = ?").bind(tenantId);
  const read = () =>
    db
      .prepare(
        `SELECT ciphertext, previous_ciphertext, previous_expires_at, created_at, rotated_at
         FROM identity_secrets WHERE tenant_id = ?`,
      )
      .bind(tenantId)
      .first<Row>();

  return {
    async info(now = Date.now()): Promise<IdentitySecretInfo> {
      const row = await read();
      const previousValid = row?.previous_expires_at != null && row.previous_expires_at > now;
      return {
        configured: row !== null,
        created_at: iso(row?.created_at ?? null),
        rotated_at: iso(row?.rotated_at ?? null),
        previous_valid_until: previousValid ? iso(row!.previous_expires_at) : null,
      };
    },

    /** Creates the first secret; null when one exists already (rotate it instead). */
    async create(now = Date.now()): Promise<string | null> {
      const secret = `${IDENTITY_SECRET_PREFIX}${randomString(40)}`;
      const sealed = await sealSecret(requireSecret(env, "ENCRYPTION_KEY"), secret, context(tenantId));
      const inserted = await db
        .prepare(
          `INSERT INTO identity_secrets (tenant_id, ciphertext, created_at) VALUES (?, ?, ?)
           ON CONFLICT (tenant_id) DO NOTHING RETURNING tenant_id`,
        )
        .bind(tenantId, sealed, now)
        .first();
      return inserted ? secret : null;
    },

    /**
     * Replaces the secret; the old one keeps verifying identity tokens for `graceSeconds`, but every
     * verified visitor token issued so far is revoked. Null when there is none.
     */
    async rotate(graceSeconds: number, now = Date.now()): Promise<string | null> {
      const secret = `${IDENTITY_SECRET_PREFIX}${randomString(40)}`;
      const sealed = await sealSecret(requireSecret(env, "ENCRYPTION_KEY"), secret, context(tenantId));
      const [updated] = await db.batch([
        db
          .prepare(
            `UPDATE identity_secrets SET previous_ciphertext = ciphertext, previous_expires_at = ?, ciphertext = ?,
               rotated_at = ? WHERE tenant_id = ? RETURNING tenant_id`,
          )
          .bind(now + graceSeconds * 1000, sealed, now, tenantId),
        bumpEpoch(),
      ]);
      await invalidateTenant(env.CACHE, tenantId);
      return updated?.results.length ? secret : null;
    },

    /** Deletes the secret and revokes every verified visitor token. */
    async remove(): Promise<boolean> {
      const [deleted] = await db.batch([
        db.prepare("DELETE FROM identity_secrets WHERE tenant_id = ? RETURNING tenant_id").bind(tenantId),
        bumpEpoch(),
      ]);
      await invalidateTenant(env.CACHE, tenantId);
      return Boolean(deleted?.results.length);
    },

    /** The secrets that verify right now: the current one, then the previous one during its grace period. */
    async verifying(now = Date.now()): Promise<VerifyingSecret[]> {
      const row = await read();
      if (!row) return [];
      const sealed: { ciphertext: string; validUntil: number | null }[] = [
        { ciphertext: row.ciphertext, validUntil: null },
      ];
      if (row.previous_ciphertext && row.previous_expires_at !== null && row.previous_expires_at > now) {
        sealed.push({ ciphertext: row.previous_ciphertext, validUntil: row.previous_expires_at });
      }
      const key = requireSecret(env, "ENCRYPTION_KEY");
      const opened = await Promise.all(
        sealed.map(async ({ ciphertext, validUntil }) => {
          const secret = await openSecret(key, ciphertext, context(tenantId));
          return secret === null ? null : { secret, validUntil };
        }),
      );
      return opened.filter((s): s is VerifyingSecret => s !== null);
    },
  };
}
