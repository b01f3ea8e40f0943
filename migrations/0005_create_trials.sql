-- Sales trials: a prospect's branded assistant for 14 days. The row outlives its tenant as a
-- tombstone (tenant_id NULL, ended_at set) so an old share link shows "this trial has ended".
-- `id` is the unguessable share id used in /demo/t/<id>.

CREATE TABLE trials (
  id           TEXT PRIMARY KEY,
  tenant_id    TEXT REFERENCES tenants(id) ON DELETE SET NULL,
  company      TEXT NOT NULL,
  website_url  TEXT,
  brand_color  TEXT NOT NULL,
  logo_url     TEXT,
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  ended_at     INTEGER
);
-- The daily cron looks for trials that are due and not yet ended.
CREATE INDEX trials_due ON trials (ended_at, expires_at);
CREATE INDEX trials_created ON trials (created_at DESC);
