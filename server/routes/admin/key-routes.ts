import { Hono } from "hono";
import type { AppEnv } from "../../env";
import { conflict, notFound } from "../../http/errors";
import { parseEmptyBody, parseJsonBody, parseQuery } from "../../http/validation";
import { DEFAULT_ROTATION_GRACE_SECONDS, keyStore } from "../../tenants/key-store";
import { SECRET_KEY_SCOPES } from "../../tenants/keys";
import { createKeyBodySchema, keyIdSchema, listKeysQuerySchema, rotateBodySchema } from "./schemas";

/**
 * /admin/tenants/:tenantId/keys. The key store is opened for the tenant in the path, so another
 * tenant's key id is 404 here. A new key's full text (`value`) is in the creating response only.
 */
export const keyRoutes = new Hono<AppEnv>();

const storeOf = (c: { env: Env; var: { tenant: { id: string } } }) => keyStore(c.env, c.var.tenant.id);
const keyIdOf = (id: string) => {
  if (!keyIdSchema.safeParse(id).success) throw notFound("Key");
  return id;
};

keyRoutes.get("/", async (c) => {
  const { kind } = parseQuery(c, listKeysQuerySchema);
  return c.json({ data: await storeOf(c).list(kind) });
});

keyRoutes.post("/", async (c) => {
  const body = await parseJsonBody(c, createKeyBodySchema);
  const created = await storeOf(c).create({
    kind: body.kind,
    mode: body.mode,
    name: body.name,
    scopes: body.kind === "secret" ? (body.scopes ?? SECRET_KEY_SCOPES) : [],
    expiresAt: body.expires_at === undefined ? null : Date.parse(body.expires_at),
  });
  return c.json(created, 201);
});

keyRoutes.get("/:keyId", async (c) => {
  const key = await storeOf(c).get(keyIdOf(c.req.param("keyId")));
  if (!key) throw notFound("Key");
  return c.json({ key });
});

keyRoutes.post("/:keyId/revoke", async (c) => {
  await parseEmptyBody(c);
  const revoked = await storeOf(c).revoke(keyIdOf(c.req.param("keyId")));
  if (!revoked) throw notFound("Key");
  return c.json({ key: revoked });
});

/** A new key replaces the old one, which keeps working for the grace period (default 24 h). */
keyRoutes.post("/:keyId/rotate", async (c) => {
  const body = await parseJsonBody(c, rotateBodySchema);
  const result = await storeOf(c).rotate(keyIdOf(c.req.param("keyId")), {
    graceSeconds: body.grace_period_seconds ?? DEFAULT_ROTATION_GRACE_SECONDS,
    expiresAt: body.expires_at === undefined ? null : Date.parse(body.expires_at),
  });
  if (result.outcome === "not_found") throw notFound("Key");
  if (result.outcome === "inactive") {
    throw conflict(`This key is ${result.previous.status}; create a new key instead.`, { key: result.previous });
  }
  return c.json({ key: result.key, value: result.value, previous: result.previous }, 201);
});
