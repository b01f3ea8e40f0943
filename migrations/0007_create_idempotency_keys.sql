-- Idempotency-Key on the developer API's POSTs (server/api/idempotency/). A key is scoped per
-- tenant; the first request with it claims the row (state 'running'), and its final response —
-- for a streamed answer, the whole stream — is stored when it ends (state 'done'), so a retry
-- with the same key and the same request gets that response back without running the turn again.
-- `fingerprint` is the SHA-256 of method, path and body: the same key with another request is a
-- 409. Rows expire (expires_at); expired ones are taken over by a new request and swept per tenant.
CREATE TABLE idempotency_keys (
  tenant_id     TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  key           TEXT NOT NULL,
  fingerprint   TEXT NOT NULL,
  state         TEXT NOT NULL CHECK (state IN ('running', 'done')),
  status        INTEGER,                 -- the stored response's HTTP status, once done
  headers       TEXT,                    -- JSON: the stored response's replayable headers
  body          TEXT,                    -- the stored response's body (JSON or the SSE stream)
  created_at    INTEGER NOT NULL,
  expires_at    INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (tenant_id, expires_at);
