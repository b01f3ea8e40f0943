import { z } from "zod";
import { tenantConfigSchema } from "./config";

export const tenantStatusSchema = z.enum(["active", "suspended"]);

export const tenantSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: tenantStatusSchema,
  config: tenantConfigSchema,
  created_at: z.number(),
  updated_at: z.number(),
});
export type Tenant = z.infer<typeof tenantSchema>;

interface TenantRow {
  id: string;
  name: string;
  status: string;
  config: string;
  created_at: number;
  updated_at: number;
}

export function tenantFromRow(row: TenantRow): Tenant {
  return tenantSchema.parse({ ...row, config: JSON.parse(row.config) });
}

/** The tenant record, by id. Tenants are the one table not scoped by a tenant id: they are it. */
export async function findTenant(db: D1Database, tenantId: string): Promise<Tenant | null> {
  const row = await db.prepare("SELECT * FROM tenants WHERE id = ?").bind(tenantId).first<TenantRow>();
  return row ? tenantFromRow(row) : null;
}
