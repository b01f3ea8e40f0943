import { newId } from "../lib/crypto";
import { tenantConfigSchema, type TenantConfigInput } from "./config";
import { generateKey, hashKey, SECRET_KEY_SCOPES, visiblePrefix, type KeyKind, type KeyMode } from "./keys";
import type { Tenant } from "./tenant";

/**
 * Creating a tenant with its first publishable and secret key, as plain statements, so the same
 * code serves the Worker (run as one D1 batch: all or nothing) and the dev seed script (rendered to
 * a SQL file for `wrangler d1 execute`). Re-running with the same ids and keys is a no-op for the
 * keys and refreshes the tenant's name and config, which makes seeding idempotent.
 */

export interface SqlStatement {
  sql: string;
  params: (string | number | null)[];
}

export interface ProvisionInput {
  id?: string;
  name: string;
  config: TenantConfigInput;
  mode?: KeyMode;
  /** Reuse existing keys (the dev seed keeps the demo keys stable across runs). */
  keys?: { publishable: string; secret: string };
  /** When both keys stop working (epoch ms), e.g. a sales trial's end; none by default. */
  keysExpireAt?: number;
  now?: number;
}

export interface Provisioned {
  tenant: Tenant;
  keys: { publishable: string; secret: string };
  statements: SqlStatement[];
}

export const DEFAULT_SECRET_SCOPES: readonly string[] = SECRET_KEY_SCOPES;

export async function provisioningStatements(input: ProvisionInput): Promise<Provisioned> {
  const now = input.now ?? Date.now();
  const mode = input.mode ?? "live";
  const tenant: Tenant = {
    id: input.id ?? newId("tnt"),
    name: input.name,
    status: "active",
    config: tenantConfigSchema.parse(input.config),
    created_at: now,
    updated_at: now,
  };
  const keys = input.keys ?? { publishable: generateKey("publishable", mode), secret: generateKey("secret", mode) };
  const statements: SqlStatement[] = [
    {
      sql: `INSERT INTO tenants (id, name, status, config, created_at, updated_at) VALUES (?, ?, 'active', ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, config = excluded.config, updated_at = excluded.updated_at`,
      params: [tenant.id, tenant.name, JSON.stringify(tenant.config), now, now],
    },
    await keyStatement(tenant.id, "publishable", keys.publishable, [], now, input.keysExpireAt),
    await keyStatement(tenant.id, "secret", keys.secret, DEFAULT_SECRET_SCOPES, now, input.keysExpireAt),
  ];
  return { tenant, keys, statements };
}

async function keyStatement(
  tenantId: string,
  kind: KeyKind,
  key: string,
  scopes: readonly string[],
  now: number,
  expiresAt: number | undefined,
): Promise<SqlStatement> {
  const hash = await hashKey(key);
  return {
    // The id derives from the hash so that re-seeding the same key is recognised as the same row.
    sql: `INSERT INTO api_keys (id, tenant_id, kind, key_hash, prefix, public_key, name, scopes, created_at, expires_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    params: [
      `key_${hash.slice(0, 22)}`,
      tenantId,
      kind,
      hash,
      visiblePrefix(key),
      kind === "publishable" ? key : null,
      kind === "publishable" ? "Widget" : "Default",
      JSON.stringify(scopes),
      now,
      expiresAt ?? null,
    ],
  };
}

/** Creates the tenant and its keys in one D1 transaction. */
export async function provisionTenant(db: D1Database, input: ProvisionInput) {
  const provisioned = await provisioningStatements(input);
  await db.batch(provisioned.statements.map((s) => db.prepare(s.sql).bind(...s.params)));
  return { tenant: provisioned.tenant, keys: provisioned.keys };
}
