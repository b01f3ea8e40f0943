import { tooManyRequests } from "../http/errors";
import { periodEnd } from "./report";

/**
 * The 429 a turn gets when its tenant's month has no room for it. Quotas are enforced by
 * reservations (reservations.ts), taken before the turn stores anything, so a refused message
 * writes nothing.
 */
export function quotaExceeded(
  quota: "monthly_messages" | "monthly_input_tokens",
  used: number,
  limit: number,
  what: string,
  period: string,
  now = Date.now(),
  needed?: number,
) {
  const resets = periodEnd(period);
  const resetsAt = new Date(resets).toISOString();
  const room = needed !== undefined && used < limit ? ` (${limit - used} left; this needs about ${needed})` : "";
  return tooManyRequests(
    "quota_exceeded",
    `This assistant has used its ${what} for this month (${limit})${room}. It resets on ${resetsAt.slice(0, 10)}.`,
    (resets - now) / 1000,
    { quota, used, limit, resets_at: resetsAt },
  );
}
