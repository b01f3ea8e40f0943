import { envLogger } from "../logging/context-logger";
import { deleteTenant } from "./tenant-ops";
import { trialStore } from "./trial-store";

/**
 * The daily cron: every trial past its expiry loses its tenant and all of the tenant's data
 * (keys, conversations, messages, usage), and its row is kept as a tombstone (ended_at set,
 * tenant_id cleared) so the share link can say "this trial has ended". Each step is idempotent,
 * so a run that stops half-way is finished by the next one.
 */

const BATCH = 50;

export async function expireTrials(env: Env, now = Date.now()): Promise<{ ended: string[] }> {
  const store = trialStore(env.DB);
  const ended: string[] = [];
  for (;;) {
    const due = await store.due(now, BATCH);
    for (const trial of due) {
      if (trial.tenant_id) await deleteTenant(env, trial.tenant_id);
      await store.markEnded(trial.id, now);
      ended.push(trial.id);
    }
    if (due.length < BATCH) break;
  }
  if (ended.length > 0) envLogger(env).info("trials_expired", { count: ended.length });
  return { ended };
}
