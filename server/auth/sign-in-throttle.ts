import { sha256Hex } from "../lib/crypto";

/**
 * A growing lock-out for password-like sign-ins, per client IP: after `freeFailures` failed
 * attempts the client is locked out for `baseLockSeconds`, and every further failure doubles the
 * window (up to `maxLockSeconds`); a success clears the record, and one left alone for
 * `forgetAfterSeconds` starts over. An attempt is counted when it is admitted, before the secret is
 * checked, and the count moves by compare-and-set in D1 (consistent, unlike KV): so a burst of
 * parallel guesses cannot slip past the lock-out while earlier guesses are still being checked.
 * Rows are keyed by a hash of the sign-in's name and the IP, never the IP itself.
 */

export interface ThrottlePolicy {
  freeFailures: number;
  baseLockSeconds: number;
  maxLockSeconds: number;
  forgetAfterSeconds: number;
}

export const SIGN_IN_POLICY: ThrottlePolicy = {
  freeFailures: 5,
  baseLockSeconds: 30,
  maxLockSeconds: 60 * 60,
  forgetAfterSeconds: 24 * 60 * 60,
};

export type Admission =
  | { admitted: true; client: string; failures: number; lockedForSeconds: number }
  | { admitted: false; client: string; retryAfterSeconds: number };

interface Row {
  failures: number;
  locked_until: number;
  updated_at: number;
}

/** How long the client is locked out once `failures` attempts have failed (0: not at all). */
export function lockoutSeconds(failures: number, policy: ThrottlePolicy = SIGN_IN_POLICY): number {
  if (failures < policy.freeFailures) return 0;
  const doublings = Math.min(failures - policy.freeFailures, 30);
  return Math.min(policy.maxLockSeconds, policy.baseLockSeconds * 2 ** doublings);
}

/** Compare-and-set rounds before a contended attempt is refused (fail closed). */
const MAX_ROUNDS = 5;

export function signInThrottle(db: D1Database, scope: string, policy: ThrottlePolicy = SIGN_IN_POLICY) {
  const clientOf = (ip: string | null) => sha256Hex(`${scope}:${ip ?? "unknown"}`);

  return {
    /** Counts an attempt from this IP, or says how long it must wait. */
    async admit(ip: string | null, now = Date.now()): Promise<Admission> {
      const client = await clientOf(ip);
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const row = await db
          .prepare(
            "SELECT failures, locked_until, updated_at FROM sign_in_failures WHERE scope = ? AND client_hash = ?",
          )
          .bind(scope, client)
          .first<Row>();
        if (row && row.locked_until > now) {
          return { admitted: false, client, retryAfterSeconds: Math.ceil((row.locked_until - now) / 1000) };
        }
        const forgotten = !row || now - row.updated_at >= policy.forgetAfterSeconds * 1000;
        const failures = forgotten ? 1 : row.failures + 1;
        const lockedForSeconds = lockoutSeconds(failures, policy);
        const lockedUntil = lockedForSeconds > 0 ? now + lockedForSeconds * 1000 : 0;
        const written = row
          ? await db
              .prepare(
                `UPDATE sign_in_failures SET failures = ?, locked_until = ?, updated_at = ?
                 WHERE scope = ? AND client_hash = ? AND failures = ? AND updated_at = ?`,
              )
              .bind(failures, lockedUntil, now, scope, client, row.failures, row.updated_at)
              .run()
          : (
              await db.batch([
                // A new row is when the table grows: drop the ones left alone long enough to be forgotten.
                db
                  .prepare("DELETE FROM sign_in_failures WHERE updated_at < ?")
                  .bind(now - policy.forgetAfterSeconds * 1000),
                db
                  .prepare(
                    `INSERT INTO sign_in_failures (scope, client_hash, failures, locked_until, updated_at)
                     VALUES (?, ?, ?, ?, ?) ON CONFLICT (scope, client_hash) DO NOTHING`,
                  )
                  .bind(scope, client, failures, lockedUntil, now),
              ])
            )[1]!;
        if (written.meta.changes === 1) return { admitted: true, client, failures, lockedForSeconds };
      }
      return { admitted: false, client, retryAfterSeconds: policy.baseLockSeconds };
    },

    /** After a successful sign-in: the client starts over. */
    async succeeded(ip: string | null): Promise<void> {
      await db
        .prepare("DELETE FROM sign_in_failures WHERE scope = ? AND client_hash = ?")
        .bind(scope, await clientOf(ip))
        .run();
    },
  };
}
