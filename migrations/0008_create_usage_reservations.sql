-- Quota reservations: what turns in flight hold of their tenant's month, before a model runs.
-- A turn inserts its row with one conditional statement (admitted only if settled usage plus every
-- live reservation plus its own fits the plan), grows it before each further model call, and
-- deletes it in the batch that stores its answer and adds its actual usage — or on failure.
-- `expires_at` bounds a reservation a crashed Worker never released: past it, it no longer counts.
CREATE TABLE usage_reservations (
  id            TEXT PRIMARY KEY,
  tenant_id     TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  period        TEXT NOT NULL,
  messages      INTEGER NOT NULL,
  input_tokens  INTEGER NOT NULL,
  expires_at    INTEGER NOT NULL
);

CREATE INDEX usage_reservations_by_tenant ON usage_reservations (tenant_id, period, expires_at);
