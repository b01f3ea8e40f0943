import type { Bindings } from "../env";
import { unauthorized } from "../http/errors";
import { sessionStore } from "../sessions/repository";
import type { Tenant } from "../tenants/tenant";
import { verifyIdentityToken, type VerifiedUser } from "./identity";
import { authenticateVisitor, identityEpochOf, visitorTokenVersions } from "./visitor-revocation";
import { issueVisitor, type Visitor } from "./visitor-token";

/**
 * Who the widget is, at bootstrap. With a valid identity token: a verified visitor token for that
 * user (keeping the device's visitor id), and the device's unclaimed conversations become the
 * user's. Without one: the anonymous token it sent if still valid, else a new one — a verified
 * token sent without an identity token is downgraded, so signing out on the host page signs the
 * widget out too. Leaving a verified user (signing out, or another user signing in on the device)
 * revokes every token the device held, so a copy of the old verified token is worthless. A sent
 * token that is revoked counts as none: a new visitor id. A tenant that requires verified identity
 * refuses anonymous visitors (401).
 */
export async function bootstrapVisitor(
  env: Bindings,
  tenant: Tenant,
  sentToken: string | undefined,
  identityToken: string | undefined,
): Promise<{ visitor: Visitor; user: VerifiedUser | null }> {
  const existing = sentToken ? await authenticateVisitor(env, tenant, sentToken) : null;
  const versions = visitorTokenVersions(env.DB, tenant.id);
  if (identityToken !== undefined) {
    const { user, secretValidUntil } = await verifyIdentityToken(env, tenant.id, identityToken);
    const switchedUser = existing !== null && existing.userId !== null && existing.userId !== user.id;
    const version = existing === null ? 0 : switchedUser ? await versions.revoke(existing.visitorId) : existing.version;
    const visitor = await issueVisitor(env, tenant.id, {
      visitorId: existing?.visitorId,
      userId: user.id,
      version,
      identityEpoch: identityEpochOf(tenant),
      notAfter: secretValidUntil,
    });
    await sessionStore(env.DB, tenant.id).claimVisitorConversations(visitor.id, user.id);
    return { visitor, user };
  }
  if (tenant.config.identity.required) {
    throw unauthorized("This assistant is only for signed-in users: bootstrap with an identity_token.");
  }
  if (existing && existing.userId === null && sentToken) {
    return { visitor: { id: existing.visitorId, token: sentToken }, user: null };
  }
  if (existing) {
    // A verified token without an identity token: the user signed out on the host page.
    const version = await versions.revoke(existing.visitorId);
    return { visitor: await issueVisitor(env, tenant.id, { visitorId: existing.visitorId, version }), user: null };
  }
  return { visitor: await issueVisitor(env, tenant.id), user: null };
}
