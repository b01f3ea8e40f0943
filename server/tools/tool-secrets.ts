import { requireSecret } from "../config";
import { openSecret, sealSecret } from "../lib/encryption";

/**
 * The auth secrets of tenants' HTTP tools (a bearer token or a header value), sealed with AES-GCM
 * and bound to the tenant and tool name. Write-only: the admin API sets and deletes them and says
 * which tools have one; only the HTTP tool reads a secret back, to send it.
 */

const aad = (tenantId: string, tool: string) => `tool_secrets:${tenantId}:${tool}`;

export function toolSecretStore(env: Env, tenantId: string) {
  const db = env.DB;
  return {
    async set(tool: string, secret: string): Promise<void> {
      const sealed = await sealSecret(requireSecret(env, "ENCRYPTION_KEY"), secret, aad(tenantId, tool));
      const now = Date.now();
      await db
        .prepare(
          `INSERT INTO tool_secrets (tenant_id, tool, ciphertext, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (tenant_id, tool) DO UPDATE SET ciphertext = excluded.ciphertext, updated_at = excluded.updated_at`,
        )
        .bind(tenantId, tool, sealed, now, now)
        .run();
    },

    async remove(tool: string): Promise<boolean> {
      const result = await db
        .prepare("DELETE FROM tool_secrets WHERE tenant_id = ? AND tool = ?")
        .bind(tenantId, tool)
        .run();
      return result.meta.changes > 0;
    },

    /** Which tools have a secret, and since when: never the secret. */
    async list(): Promise<{ tool: string; updated_at: number }[]> {
      const { results } = await db
        .prepare("SELECT tool, updated_at FROM tool_secrets WHERE tenant_id = ? ORDER BY tool")
        .bind(tenantId)
        .all<{ tool: string; updated_at: number }>();
      return results;
    },

    /** The plaintext, for the HTTP tool only; null when none is set or it no longer opens. */
    async reveal(tool: string): Promise<string | null> {
      const row = await db
        .prepare("SELECT ciphertext FROM tool_secrets WHERE tenant_id = ? AND tool = ?")
        .bind(tenantId, tool)
        .first<{ ciphertext: string }>();
      return row ? openSecret(requireSecret(env, "ENCRYPTION_KEY"), row.ciphertext, aad(tenantId, tool)) : null;
    },
  };
}
