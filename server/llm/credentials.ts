import { z } from "zod";
import { appConfig, requireSecret } from "../config";
import { badRequest } from "../http/errors";
import { openSecret, sealSecret } from "../lib/encryption";
import { envLogger } from "../logging/context-logger";

/**
 * Tenants' own provider keys (bring your own key), stored encrypted with AES-GCM under the
 * platform's ENCRYPTION_KEY and bound to the tenant and provider. The key is write-only: nothing
 * here returns it except `loadTenantCredentials`, which only the model router calls. The admin
 * endpoint that calls `setProviderCredential` belongs to the tenancy API.
 */

export const byokProviderSchema = z.enum(["anthropic", "openai"]);
export type ByokProvider = z.infer<typeof byokProviderSchema>;

export const providerCredentialInputSchema = z
  .object({
    provider: byokProviderSchema,
    api_key: z.string().trim().min(8, "api_key looks too short").max(500),
    /** For a gateway or an OpenAI-compatible server; https only (http://127.0.0.1 in development). */
    base_url: z
      .url({ protocol: /^https?$/ })
      .max(300)
      .nullable()
      .default(null),
  })
  .strict();
export type ProviderCredentialInput = z.input<typeof providerCredentialInputSchema>;

export interface TenantCredential {
  apiKey: string;
  baseURL: string | null;
}
export type TenantCredentials = Partial<Record<ByokProvider, TenantCredential>>;

/** What may be shown about a stored credential: never the key. */
export interface ProviderCredentialInfo {
  provider: ByokProvider;
  base_url: string | null;
  updated_at: number;
}

const aad = (tenantId: string, provider: ByokProvider) => `provider_credentials:${tenantId}:${provider}`;

/** Stores (or replaces) a tenant's key for a provider. Returns what may be shown of it. */
export async function setProviderCredential(
  env: Env,
  tenantId: string,
  input: ProviderCredentialInput,
): Promise<ProviderCredentialInfo> {
  const parsed = providerCredentialInputSchema.parse(input);
  const baseUrl = parsed.base_url === null ? null : checkBaseUrl(env, parsed.base_url);
  const encrypted = await sealSecret(
    requireSecret(env, "ENCRYPTION_KEY"),
    parsed.api_key,
    aad(tenantId, parsed.provider),
  );
  const now = Date.now();
  await env.DB.prepare(
    `INSERT INTO provider_credentials (tenant_id, provider, encrypted_key, base_url, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (tenant_id, provider) DO UPDATE SET
       encrypted_key = excluded.encrypted_key, base_url = excluded.base_url, updated_at = excluded.updated_at`,
  )
    .bind(tenantId, parsed.provider, encrypted, baseUrl, now, now)
    .run();
  return { provider: parsed.provider, base_url: baseUrl, updated_at: now };
}

export async function deleteProviderCredential(db: D1Database, tenantId: string, provider: ByokProvider) {
  await db
    .prepare("DELETE FROM provider_credentials WHERE tenant_id = ? AND provider = ?")
    .bind(tenantId, provider)
    .run();
}

export async function listProviderCredentials(db: D1Database, tenantId: string): Promise<ProviderCredentialInfo[]> {
  const { results } = await db
    .prepare("SELECT provider, base_url, updated_at FROM provider_credentials WHERE tenant_id = ? ORDER BY provider")
    .bind(tenantId)
    .all<ProviderCredentialInfo>();
  return results;
}

/**
 * The tenant's decrypted keys, for the router only. A key that no longer decrypts (the platform
 * key was rotated) is skipped with a warning that names the tenant and provider, never the key.
 */
export async function loadTenantCredentials(env: Env, tenantId: string): Promise<TenantCredentials> {
  const { results } = await env.DB.prepare(
    "SELECT provider, encrypted_key, base_url FROM provider_credentials WHERE tenant_id = ?",
  )
    .bind(tenantId)
    .all<{ provider: ByokProvider; encrypted_key: string; base_url: string | null }>();
  if (results.length === 0) return {};
  const key = appConfig(env).secrets.ENCRYPTION_KEY;
  const credentials: TenantCredentials = {};
  for (const row of results) {
    try {
      if (!key) throw new Error("ENCRYPTION_KEY is not set");
      const apiKey = await openSecret(key, row.encrypted_key, aad(tenantId, row.provider));
      if (apiKey === null) throw new Error("undecryptable");
      credentials[row.provider] = { apiKey, baseURL: row.base_url };
    } catch {
      envLogger(env, { tenantId }).warn("byok_undecryptable", { provider: row.provider });
    }
  }
  return credentials;
}

/** Plain http is for a model server on this machine, in development only. */
function checkBaseUrl(env: Env, url: string): string {
  const parsed = new URL(url);
  const local = ["127.0.0.1", "localhost", "[::1]"].includes(parsed.hostname);
  if (parsed.protocol === "https:" || (local && appConfig(env).environment === "development")) {
    return url.replace(/\/+$/, "");
  }
  throw badRequest("base_url must use https.", { problems: [{ field: "base_url", message: "must use https" }] });
}
