import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { deleteTenantFiles, tenantPrefix } from "../files/tenant-files";
import { adminCall, adminCreateTenant } from "../test/tenancy-helpers";

/** A tenant's R2 objects go with the tenant: every page of them, and nobody else's. */

async function putFiles(tenantId: string, count: number, under = "files/") {
  await Promise.all(
    Array.from({ length: count }, (_, i) => env.FILES.put(`${tenantPrefix(tenantId)}${under}f${i}.txt`, `#${i}`)),
  );
}

async function remaining(tenantId: string): Promise<number> {
  // A listing larger than anything the tests put, so one page sees everything.
  return (await env.FILES.list({ prefix: tenantPrefix(tenantId), limit: 1_000 })).objects.length;
}

describe("deleting a tenant's files", () => {
  it("pages through more objects than one list page holds and leaves nothing behind", async () => {
    await putFiles("tnt_paged", 23);
    await putFiles("tnt_paged", 4, "conversations/ses_one/files/");
    // A tenant whose id starts with the other's: the prefix ends in "/", so it is untouched.
    await putFiles("tnt_pagedtoo", 3);
    expect(await remaining("tnt_paged")).toBe(27);

    expect(await deleteTenantFiles(env.FILES, "tnt_paged", 5)).toBe(27);
    expect(await remaining("tnt_paged")).toBe(0);
    expect(await remaining("tnt_pagedtoo")).toBe(3);
    // Nothing left: a second run is a no-op.
    expect(await deleteTenantFiles(env.FILES, "tnt_paged", 5)).toBe(0);
  });

  it("refuses an id that could reach outside its prefix", async () => {
    await expect(deleteTenantFiles(env.FILES, "../tnt_x")).rejects.toThrow(/not an id/);
    await expect(deleteTenantFiles(env.FILES, "")).rejects.toThrow(/not an id/);
  });

  it("DELETE /admin/tenants/:id removes the tenant's files in every scope", async () => {
    const { tenant } = await adminCreateTenant("Files Gone");
    const other = await adminCreateTenant("Files Kept");
    await putFiles(tenant.id, 12);
    await putFiles(tenant.id, 3, "users/abc/files/");
    await putFiles(other.tenant.id, 2);

    expect((await adminCall("DELETE", `/tenants/${tenant.id}`)).status).toBe(200);
    expect(await remaining(tenant.id)).toBe(0);
    expect(await remaining(other.tenant.id)).toBe(2);
  });
});
