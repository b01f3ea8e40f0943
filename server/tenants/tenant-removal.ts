import { deleteTenantFiles } from "../files/tenant-files";
import { deleteTenant } from "./tenant-store";

/**
 * Removing a tenant, the one way both the admin API and the trial clean-up do it: its D1 rows
 * (keys, conversations, messages, … by cascade) with its cached records in KV (the store drops them), and every object under
 * its R2 prefix. D1 goes first so its keys stop working before anything else is touched. Kept apart
 * from provisioning.ts, which the Node seed script imports and so must not need Worker bindings.
 */

/** Returns whether there was a tenant row to delete; its files are purged either way (idempotent). */
export async function removeTenant(env: Env, tenantId: string): Promise<boolean> {
  const deleted = await deleteTenant(env, tenantId);
  await deleteTenantFiles(env.FILES, tenantId);
  return deleted;
}
