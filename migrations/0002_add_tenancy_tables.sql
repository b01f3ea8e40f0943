-- Tenancy: key rotation, verified users' identity secrets, request logs.

-- On rotation the old key keeps working until its (shortened) expires_at; this says what replaced it.
ALTER TABLE api_keys ADD COLUMN replaced_by TEXT;

-- A verified user's conversations, from any of their devices.
CREATE INDEX sessions_tenant_user ON sessions (tenant_id, user_id, updated_at DESC);

-- The secret a tenant's backend signs identity tokens with, AES-GCM encrypted under the platform's
-- ENCRYPTION_KEY (server/lib/encryption.ts). After a rotation the previous secret still verifies
-- until previous_expires_at, so the tenant can deploy the new one without logging users out.
CREATE TABLE identity_secrets (
  tenant_id            TEXT PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
  ciphertext           TEXT NOT NULL,
  previous_ciphertext  TEXT,
  previous_expires_at  INTEGER,
  created_at           INTEGER NOT NULL,
  rotated_at           INTEGER
);

-- One row per request: who (tenant, key), which route pattern, the outcome. Never secrets, query
-- strings or bodies. No foreign key: a log line must be writable even for a tenant being deleted,
-- so tenant deletion removes its lines explicitly.
CREATE TABLE request_logs (
  id           TEXT PRIMARY KEY,        -- the request id (X-Request-Id)
  tenant_id    TEXT,
  key_id       TEXT,
  method       TEXT NOT NULL,
  route        TEXT NOT NULL,           -- the route pattern, e.g. /v1/widget/conversations/:id/messages
  status       INTEGER NOT NULL,
  duration_ms  INTEGER NOT NULL,
  created_at   INTEGER NOT NULL
);
CREATE INDEX request_logs_tenant ON request_logs (tenant_id, created_at DESC);
CREATE INDEX request_logs_created ON request_logs (created_at);
