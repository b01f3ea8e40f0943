import { z } from "zod";
import { tenantConfigSchema } from "./config";

export const tenantStatusSchema = z.enum(["active", "suspended"]);
export type TenantStatus = z.infer<typeof tenantStatusSchema>;

export const tenantNameSchema = z.string().trim().min(1, "name must not be empty").max(200);

/** Tenant ids: `tnt_` and a random part (`tnt_demo` for the seeded demo tenant). */
export const tenantIdSchema = z.string().regex(/^tnt_[0-9A-Za-z_-]{1,64}$/);

export const tenantSchema = z.object({
  id: z.string(),
  name: tenantNameSchema,
  status: tenantStatusSchema,
  config: tenantConfigSchema,
  /**
   * Bumped when the identity secret is rotated or removed: verified visitor tokens carry the epoch
   * they were issued in and are refused after it changes (server/auth/visitor-revocation.ts).
   * Absent means 0 (a record built in code, or cached before the column existed).
   */
  identity_epoch: z.number().int().nonnegative().optional(),
  created_at: z.number(),
  updated_at: z.number(),
});
export type Tenant = z.infer<typeof tenantSchema>;

export interface TenantRow {
  id: string;
  name: string;
  status: string;
  config: string;
  identity_epoch: number;
  created_at: number;
  updated_at: number;
}

export const TENANT_COLUMNS = "id, name, status, config, identity_epoch, created_at, updated_at";

export function tenantFromRow(row: TenantRow): Tenant {
  return tenantSchema.parse({ ...row, config: JSON.parse(row.config) });
}

/** The tenant record, by id. Tenants are the one table not scoped by a tenant id: they are it. */
export async function findTenant(db: D1Database, tenantId: string): Promise<Tenant | null> {
  const row = await db.prepare(`SELECT ${TENANT_COLUMNS} FROM tenants WHERE id = ?`).bind(tenantId).first<TenantRow>();
  return row ? tenantFromRow(row) : null;
}
