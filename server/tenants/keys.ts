import { z } from "zod";
import { randomString, sha256Hex } from "../lib/crypto";

/**
 * API keys. Every key is stored only as its SHA-256 hash plus a short visible prefix; the
 * publishable key (`pk_…`) is public by design (it sits in the host page), so its full text is
 * also kept to show it again. Secret keys (`sk_…`) are shown exactly once, at creation.
 */

export const keyKindSchema = z.enum(["publishable", "secret"]);
export type KeyKind = z.infer<typeof keyKindSchema>;

/** What a secret key may do. A route names the one scope it needs (secretKeyAuth({ scope })). */
export const secretKeyScopeSchema = z.enum(["chat", "sessions:read", "sessions:write", "usage:read"]);
export type SecretKeyScope = z.infer<typeof secretKeyScopeSchema>;
export const SECRET_KEY_SCOPES = secretKeyScopeSchema.options;

export const keyModeSchema = z.enum(["live", "test"]);

export const keyRecordSchema = z.object({
  id: z.string(),
  tenant_id: z.string(),
  kind: keyKindSchema,
  prefix: z.string(),
  scopes: z.array(z.string()),
  expires_at: z.number().nullable(),
  revoked_at: z.number().nullable(),
});
export type KeyRecord = z.infer<typeof keyRecordSchema>;

export type KeyMode = z.infer<typeof keyModeSchema>;

export function generateKey(kind: KeyKind, mode: KeyMode): string {
  return `${kind === "publishable" ? "pk" : "sk"}_${mode}_${randomString(32)}`;
}

/** What may be shown of a key after creation: `sk_live_AbC1…`. */
export function visiblePrefix(key: string): string {
  return key.slice(0, key.indexOf("_", 3) + 5);
}

export const hashKey = sha256Hex;

/** Cheap syntactic check before any lookup, so junk never reaches storage. */
export function looksLikeKey(value: string, kind: KeyKind): boolean {
  const prefix = kind === "publishable" ? "pk" : "sk";
  return new RegExp(`^${prefix}_(live|test)_[0-9A-Za-z]{32}$`).test(value);
}

interface KeyRow {
  id: string;
  tenant_id: string;
  kind: string;
  prefix: string;
  scopes: string;
  expires_at: number | null;
  revoked_at: number | null;
}

export async function findKeyByHash(db: D1Database, hash: string): Promise<KeyRecord | null> {
  const row = await db
    .prepare("SELECT id, tenant_id, kind, prefix, scopes, expires_at, revoked_at FROM api_keys WHERE key_hash = ?")
    .bind(hash)
    .first<KeyRow>();
  return row ? keyRecordSchema.parse({ ...row, scopes: JSON.parse(row.scopes) }) : null;
}
