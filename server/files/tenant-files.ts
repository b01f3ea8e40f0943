/**
 * Where a tenant's objects live in the FILES bucket, and how they all go away. Everything a tenant
 * owns is under one prefix, `tenants/<tenant id>/` (its shared files, each conversation's and each
 * verified user's; see server/tools/builtins/file-scopes.ts), so deleting the tenant is deleting
 * that prefix. R2 lists at most 1,000 keys a page, so deletion pages with the list cursor.
 */

/** Ids that go into keys are our own (`tnt_…`, `ses_…`): anything else is a bug, not a path. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function keySegment(id: string): string {
  if (!ID.test(id)) throw new Error(`not an id usable in an object key: ${JSON.stringify(id)}`);
  return id;
}

export const tenantPrefix = (tenantId: string) => `tenants/${keySegment(tenantId)}/`;

/** R2's own cap on a list page and on one delete call. */
const R2_PAGE = 1_000;

/**
 * Deletes every object under the tenant's prefix; returns how many. Idempotent: a run that stops
 * half-way is finished by the next one (a tenant already deleted from D1 still has its files purged).
 */
export async function deleteTenantFiles(bucket: R2Bucket, tenantId: string, pageSize = R2_PAGE): Promise<number> {
  const prefix = tenantPrefix(tenantId);
  const limit = Math.min(Math.max(1, pageSize), R2_PAGE);
  let deleted = 0;
  let cursor: string | undefined;
  for (;;) {
    const page = await bucket.list({ prefix, limit, ...(cursor ? { cursor } : {}) });
    const keys = page.objects.map((o) => o.key);
    if (keys.length > 0) await bucket.delete(keys);
    deleted += keys.length;
    if (!page.truncated) return deleted;
    cursor = page.cursor;
  }
}
