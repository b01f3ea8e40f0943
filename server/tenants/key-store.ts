import { newId } from "../lib/crypto";
import { generateKey, hashKey, visiblePrefix, type KeyKind, type KeyMode } from "./keys";
import { invalidateKeys } from "./resolve";

/**
 * A tenant's API keys, for the admin API: list, create, revoke, rotate. Opened for one tenant, and
 * every statement filters by it, so another tenant's key id reads exactly like a missing one.
 * Revoking and rotating drop the key's cached lookup in KV themselves (server/tenants/resolve.ts);
 * creating needs nothing (misses are not cached) and `last_used_at` is not part of the cached record.
 */

/** How long a rotated key keeps working by default: a day to deploy the new one. */
export const DEFAULT_ROTATION_GRACE_SECONDS = 24 * 60 * 60;
export const MAX_ROTATION_GRACE_SECONDS = 30 * 24 * 60 * 60;

interface KeyRow {
  id: string;
  kind: KeyKind;
  key_hash: string;
  prefix: string;
  public_key: string | null;
  name: string | null;
  scopes: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
  replaced_by: string | null;
}

/** What the admin API shows of a key: never its hash, and the full text only of publishable keys. */
export interface KeyView {
  id: string;
  kind: KeyKind;
  name: string | null;
  prefix: string;
  public_key?: string;
  scopes: string[];
  status: "active" | "expired" | "revoked";
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
  replaced_by: string | null;
}

export interface NewKey {
  kind: KeyKind;
  mode: KeyMode;
  name?: string | null;
  scopes?: readonly string[];
  expiresAt?: number | null;
}

const COLUMNS =
  "id, kind, key_hash, prefix, public_key, name, scopes, created_at, expires_at, last_used_at, revoked_at, replaced_by";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function toKeyView(row: KeyRow, now = Date.now()): KeyView {
  const status =
    row.revoked_at !== null && row.revoked_at <= now
      ? "revoked"
      : row.expires_at !== null && row.expires_at <= now
        ? "expired"
        : "active";
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    prefix: row.prefix,
    ...(row.public_key ? { public_key: row.public_key } : {}),
    scopes: JSON.parse(row.scopes) as string[],
    status,
    created_at: new Date(row.created_at).toISOString(),
    expires_at: iso(row.expires_at),
    last_used_at: iso(row.last_used_at),
    revoked_at: iso(row.revoked_at),
    replaced_by: row.replaced_by,
  };
}

/** The bindings the key store needs: D1, and KV for the cached lookups it invalidates. */
export type KeyStoreEnv = Pick<Env, "DB" | "CACHE">;

export function keyStore(env: KeyStoreEnv, tenantId: string) {
  const db = env.DB;
  async function getRow(keyId: string): Promise<KeyRow | null> {
    return db
      .prepare(`SELECT ${COLUMNS} FROM api_keys WHERE tenant_id = ? AND id = ?`)
      .bind(tenantId, keyId)
      .first<KeyRow>();
  }

  async function insertStatement(input: NewKey, now: number) {
    const value = generateKey(input.kind, input.mode);
    const row: KeyRow = {
      id: newId("key"),
      kind: input.kind,
      key_hash: await hashKey(value),
      prefix: visiblePrefix(value),
      public_key: input.kind === "publishable" ? value : null,
      name: input.name ?? null,
      scopes: JSON.stringify(input.kind === "secret" ? (input.scopes ?? []) : []),
      created_at: now,
      expires_at: input.expiresAt ?? null,
      last_used_at: null,
      revoked_at: null,
      replaced_by: null,
    };
    const statement = db
      .prepare(
        `INSERT INTO api_keys (id, tenant_id, kind, key_hash, prefix, public_key, name, scopes, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(
        row.id,
        tenantId,
        row.kind,
        row.key_hash,
        row.prefix,
        row.public_key,
        row.name,
        row.scopes,
        now,
        row.expires_at,
      );
    return { row, value, statement };
  }

  return {
    async list(kind?: KeyKind): Promise<KeyView[]> {
      const { results } = await db
        .prepare(
          `SELECT ${COLUMNS} FROM api_keys WHERE tenant_id = ? AND (? IS NULL OR kind = ?)
           ORDER BY created_at DESC, id DESC`,
        )
        .bind(tenantId, kind ?? null, kind ?? null)
        .all<KeyRow>();
      return results.map((row) => toKeyView(row));
    },

    async get(keyId: string): Promise<KeyView | null> {
      const row = await getRow(keyId);
      return row ? toKeyView(row) : null;
    },

    /** A new key; `value` is its full text, which is shown this once (secret keys are never shown again). */
    async create(input: NewKey, now = Date.now()): Promise<{ key: KeyView; value: string }> {
      const { row, value, statement } = await insertStatement(input, now);
      await statement.run();
      return { key: toKeyView(row, now), value };
    },

    /** Revokes at once. Null when the key is not this tenant's; revoking twice keeps the first time. */
    async revoke(keyId: string, now = Date.now()): Promise<KeyView | null> {
      const row = await db
        .prepare(
          `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE tenant_id = ? AND id = ?
           RETURNING ${COLUMNS}`,
        )
        .bind(now, tenantId, keyId)
        .first<KeyRow>();
      if (!row) return null;
      await invalidateKeys(env.CACHE, [row.key_hash]);
      return toKeyView(row, now);
    },

    /**
     * Replaces a key with a new one of the same kind, name and scopes. The old key keeps working for
     * `graceSeconds` (0: stops at once), then expires. Both writes commit together.
     */
    async rotate(
      keyId: string,
      options: { graceSeconds: number; expiresAt?: number | null },
      now = Date.now(),
    ): Promise<
      | { outcome: "rotated"; key: KeyView; value: string; previous: KeyView }
      | { outcome: "not_found" }
      | { outcome: "inactive"; previous: KeyView }
    > {
      const old = await getRow(keyId);
      if (!old) return { outcome: "not_found" };
      const oldView = toKeyView(old, now);
      if (oldView.status !== "active") return { outcome: "inactive", previous: oldView };
      const mode: KeyMode = old.prefix.includes("_test_") ? "test" : "live";
      const fresh = await insertStatement(
        {
          kind: old.kind,
          mode,
          name: old.name,
          scopes: JSON.parse(old.scopes) as string[],
          expiresAt: options.expiresAt ?? null,
        },
        now,
      );
      const graceEnd = now + options.graceSeconds * 1000;
      const [, updated] = await db.batch<KeyRow>([
        fresh.statement,
        db
          .prepare(
            `UPDATE api_keys SET expires_at = MIN(COALESCE(expires_at, ?1), ?1), replaced_by = ?2
             WHERE tenant_id = ?3 AND id = ?4 RETURNING ${COLUMNS}`,
          )
          .bind(graceEnd, fresh.row.id, tenantId, keyId),
      ]);
      const previous = updated?.results[0] ?? { ...old, expires_at: graceEnd, replaced_by: fresh.row.id };
      await invalidateKeys(env.CACHE, [old.key_hash]);
      return {
        outcome: "rotated",
        key: toKeyView(fresh.row, now),
        value: fresh.value,
        previous: toKeyView(previous, now),
      };
    },

    /**
     * Records that a key was used, at most once a minute per key: the WHERE makes a second write
     * within the minute a no-op, whichever isolate it comes from.
     */
    async touch(keyId: string, now = Date.now()): Promise<void> {
      await db
        .prepare(
          `UPDATE api_keys SET last_used_at = ? WHERE tenant_id = ? AND id = ?
           AND (last_used_at IS NULL OR last_used_at <= ?)`,
        )
        .bind(now, tenantId, keyId, now - 60_000)
        .run();
    },
  };
}

export type KeyStore = ReturnType<typeof keyStore>;
