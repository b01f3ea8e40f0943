-- Failed sign-ins per client, for the growing lock-out of password-like sign-ins
-- (server/auth/sign-in-throttle.ts). Platform-level like `tenants`: no tenant owns a row. The
-- client is a SHA-256 of the sign-in's name and the client IP, never the IP itself.
CREATE TABLE sign_in_failures (
  scope         TEXT NOT NULL,      -- which sign-in, e.g. 'sales'
  client_hash   TEXT NOT NULL,
  failures      INTEGER NOT NULL,   -- attempts since the last success (counted when admitted)
  locked_until  INTEGER NOT NULL,   -- epoch ms; 0 when not locked
  updated_at    INTEGER NOT NULL,
  PRIMARY KEY (scope, client_hash)
) WITHOUT ROWID;

CREATE INDEX sign_in_failures_by_age ON sign_in_failures (updated_at);

-- Revocation of visitor tokens (server/auth/visitor-revocation.ts). Verified visitor tokens carry
-- the tenant's identity epoch (`iep`): rotating or removing the identity secret bumps it, and
-- tokens of an older epoch are refused. It sits on the tenant record, so it is read with it
-- (KV-cached, like a suspension).
ALTER TABLE tenants ADD COLUMN identity_epoch INTEGER NOT NULL DEFAULT 0;

-- Every visitor token carries its visitor's version (`ver`, 0 when there is no row); sign-out
-- bumps it, so every token issued before no longer works. Read from D1 on each request, not from
-- a cache: a sign-out holds at once everywhere.
CREATE TABLE visitor_token_versions (
  tenant_id   TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  visitor_id  TEXT NOT NULL,
  version     INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, visitor_id)
) WITHOUT ROWID;

-- Identity tokens are one-time proofs: one that carries a `jti` is accepted once. Its id is kept
-- until the token's own expiry, after which the token is refused anyway.
CREATE TABLE used_identity_tokens (
  tenant_id   TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  jti         TEXT NOT NULL,
  expires_at  INTEGER NOT NULL,   -- epoch ms: the token's `exp`
  PRIMARY KEY (tenant_id, jti)
) WITHOUT ROWID;

CREATE INDEX used_identity_tokens_by_expiry ON used_identity_tokens (tenant_id, expires_at);
