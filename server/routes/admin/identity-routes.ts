import { Hono } from "hono";
import { identitySecretStore } from "../../auth/identity-secrets";
import type { AppEnv } from "../../env";
import { conflict, notFound } from "../../http/errors";
import { parseEmptyBody, parseJsonBody } from "../../http/validation";
import { DEFAULT_ROTATION_GRACE_SECONDS } from "../../tenants/key-store";
import { rotateBodySchema } from "./schemas";

/**
 * /admin/tenants/:tenantId/identity-secret: the secret the tenant's backend signs identity tokens
 * with. Shown once, when created or rotated; afterwards only whether it is configured.
 */
export const identityRoutes = new Hono<AppEnv>();

const storeOf = (c: { env: Env; var: { tenant: { id: string } } }) => identitySecretStore(c.env, c.var.tenant.id);

identityRoutes.get("/", async (c) => c.json({ identity_secret: await storeOf(c).info() }));

identityRoutes.post("/", async (c) => {
  await parseEmptyBody(c);
  const secret = await storeOf(c).create();
  if (!secret) throw conflict("This tenant has an identity secret already; rotate it instead.");
  return c.json({ identity_secret: secret, info: await storeOf(c).info() }, 201);
});

/** The previous secret keeps verifying for the grace period (default 24 h), while the tenant deploys the new one. */
identityRoutes.post("/rotate", async (c) => {
  const body = await parseJsonBody(c, rotateBodySchema.omit({ expires_at: true }));
  const secret = await storeOf(c).rotate(body.grace_period_seconds ?? DEFAULT_ROTATION_GRACE_SECONDS);
  if (!secret) throw notFound("Identity secret");
  return c.json({ identity_secret: secret, info: await storeOf(c).info() }, 201);
});

identityRoutes.delete("/", async (c) => {
  if (!(await storeOf(c).remove())) throw notFound("Identity secret");
  return c.json({ deleted: true });
});
