import { newId } from "../lib/crypto";
import { activityCountColumns } from "../sessions/activity";

/**
 * The `trials` table: one row per sales trial, kept after the trial ends as a tombstone so an old
 * share link shows a friendly page. The id is the unguessable share id (~131 random bits).
 */

export const TRIAL_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface Trial {
  id: string;
  tenant_id: string | null;
  company: string;
  website_url: string | null;
  brand_color: string;
  logo_url: string | null;
  created_at: number;
  expires_at: number;
  ended_at: number | null;
}

export interface TrialSummary extends Trial {
  conversations: number;
  messages: number;
}

export type TrialState = "active" | "ended";

/** Ended once expired, even before the daily cron has removed its data. */
export function trialState(trial: Trial, now = Date.now()): TrialState {
  return trial.ended_at !== null || trial.expires_at <= now || trial.tenant_id === null ? "ended" : "active";
}

const COLUMNS = "id, tenant_id, company, website_url, brand_color, logo_url, created_at, expires_at, ended_at";

/** When a trial started at `now` ends: its row's expires_at, and its keys' too. */
export const trialExpiry = (now: number) => now + TRIAL_DAYS * DAY_MS;

export function newTrial(input: {
  tenantId: string;
  company: string;
  websiteUrl: string | null;
  brandColor: string;
  logoUrl: string | null;
  now?: number;
}): Trial {
  const now = input.now ?? Date.now();
  return {
    id: newId("trl"),
    tenant_id: input.tenantId,
    company: input.company,
    website_url: input.websiteUrl,
    brand_color: input.brandColor,
    logo_url: input.logoUrl,
    created_at: now,
    expires_at: trialExpiry(now),
    ended_at: null,
  };
}

export function trialStore(db: D1Database) {
  return {
    /** The INSERT as a statement, so it can join the batch that creates the trial's tenant. */
    insertStatement(trial: Trial): D1PreparedStatement {
      return db
        .prepare(`INSERT INTO trials (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .bind(
          trial.id,
          trial.tenant_id,
          trial.company,
          trial.website_url,
          trial.brand_color,
          trial.logo_url,
          trial.created_at,
          trial.expires_at,
          trial.ended_at,
        );
    },

    get(id: string): Promise<Trial | null> {
      return db.prepare(`SELECT ${COLUMNS} FROM trials WHERE id = ?`).bind(id).first<Trial>();
    },

    /** Newest first, with follow-up counts (conversations = sessions with at least one message). */
    async list(limit = 100): Promise<TrialSummary[]> {
      const { results } = await db
        .prepare(
          `SELECT ${COLUMNS}, ${activityCountColumns("trials.tenant_id")}
           FROM trials ORDER BY created_at DESC LIMIT ?`,
        )
        .bind(limit)
        .all<TrialSummary>();
      return results;
    },

    /** Moves the expiry to now (see trial-service.ts endTrial, which also suspends the tenant). */
    async expireNow(id: string, now = Date.now()): Promise<void> {
      await db.prepare("UPDATE trials SET expires_at = MIN(expires_at, ?) WHERE id = ?").bind(now, id).run();
    },

    /** Trials past their expiry whose data has not been removed yet. */
    async due(now: number, limit: number): Promise<Trial[]> {
      const { results } = await db
        .prepare(`SELECT ${COLUMNS} FROM trials WHERE ended_at IS NULL AND expires_at <= ? ORDER BY expires_at LIMIT ?`)
        .bind(now, limit)
        .all<Trial>();
      return results;
    },

    async markEnded(id: string, now = Date.now()): Promise<void> {
      await db
        .prepare("UPDATE trials SET ended_at = ?, tenant_id = NULL WHERE id = ? AND ended_at IS NULL")
        .bind(now, id)
        .run();
    },
  };
}

export type TrialStore = ReturnType<typeof trialStore>;
