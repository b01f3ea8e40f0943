import { z } from "zod";
import { unauthorized } from "../http/errors";
import { identitySecretStore } from "./identity-secrets";
import { verifyJwt } from "./jwt";
import { usedIdentityTokens } from "./used-identity-tokens";

/**
 * Verified users. The tenant's backend signs a short-lived HS256 JWT with the tenant's identity
 * secret — claims `sub` (its user id), optional `name` and `email`, `exp`, and optionally `nbf`
 * and `jti` — and its page hands it to the widget, which passes it as `identity_token` to
 * POST /v1/widget/bootstrap. A token that is tampered with, signed with another secret, expired,
 * not yet valid (`nbf`), not short-lived, or whose `jti` was used before is 401.
 */

/** An identity token may live at most this long: it is a one-time proof, not a session. */
export const MAX_IDENTITY_TOKEN_SECONDS = 24 * 60 * 60;

const identityClaimsSchema = z.object({
  sub: z.string().min(1).max(255),
  name: z.string().max(200).optional(),
  email: z.string().max(320).optional(),
  exp: z.number(),
  jti: z.string().min(1).max(255).optional(),
});

export interface VerifiedUser {
  id: string;
  name?: string;
  email?: string;
}

export interface VerifiedIdentity {
  user: VerifiedUser;
  /**
   * Until when (ms) the secret that verified the token still verifies — the previous secret during
   * a rotation's grace period — or null for the current secret. A visitor token must not outlive it.
   */
  secretValidUntil: number | null;
}

export async function verifyIdentityToken(
  env: { DB: D1Database; CACHE: KVNamespace; ENCRYPTION_KEY?: string },
  tenantId: string,
  token: string,
  now = Date.now(),
): Promise<VerifiedIdentity> {
  const nowSeconds = Math.floor(now / 1000);
  const secrets = await identitySecretStore(env, tenantId).verifying(now);
  if (secrets.length === 0) {
    throw unauthorized("This assistant has no identity secret configured, so it cannot verify identity tokens.");
  }
  let failure: "expired" | "not_yet_valid" | null = null;
  for (const { secret, validUntil } of secrets) {
    const result = await verifyJwt(token, secret, nowSeconds);
    if (!result.ok) {
      if (result.reason === "expired" || result.reason === "not_yet_valid") failure = result.reason;
      continue;
    }
    const claims = identityClaimsSchema.safeParse(result.claims);
    if (!claims.success) throw unauthorized("Invalid identity token: it needs a string `sub` and a numeric `exp`.");
    if (claims.data.exp - nowSeconds > MAX_IDENTITY_TOKEN_SECONDS) {
      throw unauthorized("Invalid identity token: `exp` must be at most 24 hours away.");
    }
    const { sub, name, email, exp, jti } = claims.data;
    if (jti !== undefined && !(await usedIdentityTokens(env.DB, tenantId).consume(jti, exp * 1000, now))) {
      throw unauthorized("This identity token has been used already: sign a new one for each sign-in.");
    }
    const user = { id: sub, ...(name === undefined ? {} : { name }), ...(email === undefined ? {} : { email }) };
    return { user, secretValidUntil: validUntil };
  }
  throw unauthorized(
    failure === "expired"
      ? "The identity token has expired."
      : failure === "not_yet_valid"
        ? "The identity token is not valid yet (`nbf`)."
        : "Invalid identity token.",
  );
}
