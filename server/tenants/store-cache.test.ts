import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ApiError } from "../http/errors";
import { createTenant } from "../test/helpers";
import { keyStore } from "./key-store";
import { loadTenant, resolveKey } from "./resolve";
import { deleteTenant, updateTenant } from "./tenant-store";

/** The tenant and key stores drop their own KV entries: a read right after a write sees the write. */

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => "accepted",
    (error: unknown) => (error instanceof ApiError ? error.message : String(error)),
  );

describe("tenant and key stores keep the KV cache fresh", () => {
  it("a tenant read after an update sees the update", async () => {
    const { tenant } = await createTenant({}, "Old Name");
    expect((await loadTenant(env, tenant.id))?.name).toBe("Old Name"); // now cached in KV

    await updateTenant(env, tenant.id, { name: "New Name" });
    expect((await loadTenant(env, tenant.id))?.name).toBe("New Name");

    await updateTenant(env, tenant.id, { status: "suspended" });
    expect((await loadTenant(env, tenant.id))?.status).toBe("suspended");
  });

  it("a deleted tenant and its keys stop resolving at once", async () => {
    const { tenant, keys } = await createTenant();
    await resolveKey(env, keys.secret, "secret"); // caches the key and the tenant
    expect(await deleteTenant(env, tenant.id)).toBe(true);
    expect(await loadTenant(env, tenant.id)).toBeNull();
    expect(await refusal(resolveKey(env, keys.secret, "secret"))).toBe("Unknown secret key.");
  });

  it("a revoked key is refused on the next request", async () => {
    const { tenant, keys } = await createTenant();
    const { key } = await resolveKey(env, keys.secret, "secret");
    await keyStore(env, tenant.id).revoke(key.id);
    expect(await refusal(resolveKey(env, keys.secret, "secret"))).toBe("This secret key has been revoked.");
  });

  it("a key rotated without grace is refused on the next request", async () => {
    const { tenant, keys } = await createTenant();
    const { key } = await resolveKey(env, keys.publishable, "publishable");
    const rotated = await keyStore(env, tenant.id).rotate(key.id, { graceSeconds: 0 }, Date.now() - 1);
    expect(rotated.outcome).toBe("rotated");
    expect(await refusal(resolveKey(env, keys.publishable, "publishable"))).toBe("This publishable key has expired.");
  });
});
