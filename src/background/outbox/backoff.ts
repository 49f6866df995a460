/**
 * Exponential backoff with full jitter for transient failures (5xx, network errors, timeouts): the n-th
 * consecutive failure waits a uniformly random time in [MIN, min(CAP, BASE·2^n)]. Full jitter spreads the retries
 * of many clients; the floor keeps a dead server from being hit in a tight loop; the cap (5 min) keeps recovery
 * quick after an hour-long outage.
 */
export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_CAP_MS = 5 * 60_000;
export const BACKOFF_MIN_MS = 1_000;

export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const exp = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, Math.min(attempt, 30)));
  return Math.max(BACKOFF_MIN_MS, Math.floor(random() * exp));
}
