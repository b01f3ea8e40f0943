-- Clawless core schema. D1 is the system of record; KV only caches.
-- Every tenant-owned table carries tenant_id, and every query on it filters by tenant_id.

CREATE TABLE tenants (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  config      TEXT NOT NULL,               -- JSON, validated by server/tenants/config.ts
  created_at  INTEGER NOT NULL,            -- epoch milliseconds, like every *_at column
  updated_at  INTEGER NOT NULL
);

CREATE TABLE api_keys (
  id            TEXT PRIMARY KEY,
  tenant_id     TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  kind          TEXT NOT NULL CHECK (kind IN ('publishable', 'secret')),
  key_hash      TEXT NOT NULL UNIQUE,      -- SHA-256 hex of the whole key
  prefix        TEXT NOT NULL,             -- what may be shown: sk_live_AbC1
  public_key    TEXT,                      -- the full key, for publishable keys only
  name          TEXT,
  scopes        TEXT NOT NULL DEFAULT '[]',
  created_at    INTEGER NOT NULL,
  expires_at    INTEGER,
  last_used_at  INTEGER,
  revoked_at    INTEGER,
  CHECK (kind = 'publishable' OR public_key IS NULL)
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id, kind);

-- A conversation. `visitor_id` is the anonymous visitor who owns it (widget), if any.
CREATE TABLE sessions (
  id          TEXT PRIMARY KEY,
  tenant_id   TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  visitor_id  TEXT,
  user_id     TEXT,
  channel     TEXT NOT NULL CHECK (channel IN ('widget', 'api')),
  status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
  title       TEXT,
  summary     TEXT,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE INDEX sessions_tenant_visitor ON sessions (tenant_id, visitor_id, updated_at DESC);
CREATE INDEX sessions_tenant_updated ON sessions (tenant_id, updated_at DESC);

-- Messages are ordered by a per-session sequence number; the uniqueness constraint turns a race
-- between two writers into a conflict to retry, never a lost or duplicated message.
CREATE TABLE messages (
  id             TEXT PRIMARY KEY,
  tenant_id      TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  session_id     TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  seq            INTEGER NOT NULL,
  role           TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'system', 'tool')),
  content        TEXT NOT NULL,
  status         TEXT NOT NULL DEFAULT 'complete' CHECK (status IN ('complete', 'interrupted')),
  model          TEXT,
  model_reason   TEXT,
  input_tokens   INTEGER NOT NULL DEFAULT 0,
  output_tokens  INTEGER NOT NULL DEFAULT 0,
  cost_micros    INTEGER NOT NULL DEFAULT 0,   -- millionths of a US dollar
  metadata       TEXT,
  created_at     INTEGER NOT NULL,
  UNIQUE (session_id, seq)
);
CREATE INDEX messages_tenant_session ON messages (tenant_id, session_id, seq);

CREATE TABLE tool_executions (
  id           TEXT PRIMARY KEY,
  tenant_id    TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  session_id   TEXT REFERENCES sessions(id) ON DELETE CASCADE,
  message_id   TEXT REFERENCES messages(id) ON DELETE SET NULL,
  tool         TEXT NOT NULL,
  input        TEXT NOT NULL,
  output       TEXT,
  error        TEXT,
  duration_ms  INTEGER NOT NULL,
  created_at   INTEGER NOT NULL
);
CREATE INDEX tool_executions_tenant_session ON tool_executions (tenant_id, session_id, created_at);

-- Monthly usage per tenant; `period` is 'YYYY-MM' in UTC.
CREATE TABLE usage (
  tenant_id      TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  period         TEXT NOT NULL,
  messages       INTEGER NOT NULL DEFAULT 0,
  input_tokens   INTEGER NOT NULL DEFAULT 0,
  output_tokens  INTEGER NOT NULL DEFAULT 0,
  cost_micros    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, period)
);
