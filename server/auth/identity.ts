import { z } from "zod";
import { unauthorized } from "../http/errors";
import { identitySecretStore } from "./identity-secrets";
import { verifyJwt } from "./jwt";

/**
 * Verified users. The tenant's backend signs a short-lived HS256 JWT with the tenant's identity
 * secret — claims `sub` (its user id), optional `name` and `email`, and `exp` — and its page hands
 * it to the widget, which passes it as `identity_token` to POST /v1/widget/bootstrap. A token that
 * is tampered with, signed with another secret, expired, or not short-lived is 401.
 */

/** An identity token may live at most this long: it is a one-time proof, not a session. */
export const MAX_IDENTITY_TOKEN_SECONDS = 24 * 60 * 60;

const identityClaimsSchema = z.object({
  sub: z.string().min(1).max(255),
  name: z.string().max(200).optional(),
  email: z.string().max(320).optional(),
  exp: z.number(),
});

export interface VerifiedUser {
  id: string;
  name?: string;
  email?: string;
}

export async function verifyIdentityToken(
  env: { DB: D1Database; ENCRYPTION_KEY?: string },
  tenantId: string,
  token: string,
  now = Date.now(),
): Promise<VerifiedUser> {
  const nowSeconds = Math.floor(now / 1000);
  const secrets = await identitySecretStore(env, tenantId).verifying(now);
  if (secrets.length === 0) {
    throw unauthorized("This assistant has no identity secret configured, so it cannot verify identity tokens.");
  }
  let expired = false;
  for (const secret of secrets) {
    const result = await verifyJwt(token, secret, nowSeconds);
    if (!result.ok) {
      expired ||= result.reason === "expired";
      continue;
    }
    const claims = identityClaimsSchema.safeParse(result.claims);
    if (!claims.success) throw unauthorized("Invalid identity token: it needs a string `sub` and a numeric `exp`.");
    if (claims.data.exp - nowSeconds > MAX_IDENTITY_TOKEN_SECONDS) {
      throw unauthorized("Invalid identity token: `exp` must be at most 24 hours away.");
    }
    const { sub, name, email } = claims.data;
    return { id: sub, ...(name === undefined ? {} : { name }), ...(email === undefined ? {} : { email }) };
  }
  throw unauthorized(expired ? "The identity token has expired." : "Invalid identity token.");
}
