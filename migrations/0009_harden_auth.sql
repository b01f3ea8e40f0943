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
