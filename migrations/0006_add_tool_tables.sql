-- Tools: the sealed secrets of tenants' HTTP tools, client-tool calls waiting for the visitor's
-- browser, events for the tenant (handoffs now, webhooks later), and per-session narrowing of the
-- tenant's tool permissions.

-- An HTTP tool's auth secret (bearer token or header value), AES-GCM sealed under ENCRYPTION_KEY
-- and bound to the tenant and tool name (server/lib/encryption.ts). Write-only: never returned.
CREATE TABLE tool_secrets (
  tenant_id   TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  tool        TEXT NOT NULL,
  ciphertext  TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, tool)
);

-- A call of a client tool: the model loop inserts it `pending`, streams a request to the widget and
-- waits; the widget's POST .../turns/:turnId/tool-results answers it. In D1 because the answer
-- may arrive at another isolate or location than the one running the turn.
CREATE TABLE client_tool_calls (
  tenant_id    TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  session_id   TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  turn_id      TEXT NOT NULL,
  call_id      TEXT NOT NULL,
  tool         TEXT NOT NULL,
  status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'answered', 'expired')),
  output       TEXT,
  is_error     INTEGER NOT NULL DEFAULT 0,
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  answered_at  INTEGER,
  PRIMARY KEY (tenant_id, turn_id, call_id)
);

-- Things that happened which the tenant should hear about (e.g. `handoff.requested`).
CREATE TABLE tenant_events (
  id          TEXT PRIMARY KEY,
  tenant_id   TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  type        TEXT NOT NULL,
  session_id  TEXT,
  data        TEXT NOT NULL,               -- JSON
  created_at  INTEGER NOT NULL
);
CREATE INDEX tenant_events_tenant ON tenant_events (tenant_id, created_at DESC);

-- Set by handoff_to_human: the conversation waits for a person.
ALTER TABLE sessions ADD COLUMN needs_human_at INTEGER;
-- JSON array of tool names this session may use, within the tenant's permissions; NULL: no narrowing.
ALTER TABLE sessions ADD COLUMN tool_scope TEXT;
-- The model's id for the call, so the audit log lines up with the streamed tool events.
ALTER TABLE tool_executions ADD COLUMN call_id TEXT;
