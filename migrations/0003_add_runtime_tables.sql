-- Runtime: tenants' own provider keys, the event log that lets a client resume a turn, and the
-- bookkeeping of a session's model context (compaction summary, reset point).

-- A tenant's own provider key (BYOK), encrypted with AES-GCM under a platform secret
-- (server/lib/encryption.ts). Never returned by any API and never logged.
CREATE TABLE provider_credentials (
  tenant_id      TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  provider       TEXT NOT NULL CHECK (provider IN ('anthropic', 'openai')),
  encrypted_key  TEXT NOT NULL,
  base_url       TEXT,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, provider)
);

-- The SSE events of a turn, written in small batches while it streams, so a client that
-- reconnects (Last-Event-ID) gets what it missed from any request. When the turn ends its batches
-- are replaced by one final batch (the user message and the terminal event, whose stored message
-- carries the whole answer). `turn_id` is the id of the user message the turn answers.
CREATE TABLE turn_events (
  tenant_id   TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  session_id  TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  turn_id     TEXT NOT NULL,
  first_id    INTEGER NOT NULL,
  last_id     INTEGER NOT NULL,
  events      TEXT NOT NULL,               -- JSON array of [id, event]
  final       INTEGER NOT NULL DEFAULT 0,  -- 1 on the batch holding the terminal event
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (turn_id, first_id)
);
CREATE INDEX turn_events_tenant_session ON turn_events (tenant_id, session_id, turn_id, last_id);

-- The model sees: `summary` (of messages up to summary_through_seq), then the messages after
-- max(summary_through_seq, context_start_seq). A reset moves context_start_seq; history stays.
ALTER TABLE sessions ADD COLUMN summary_through_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN context_start_seq INTEGER NOT NULL DEFAULT 0;
