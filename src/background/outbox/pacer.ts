/**
 * Client-side write pacing: never more than `maxWrites` requests in any rolling `windowMs`, so a steady stream
 * never meets the server's 429. The log holds the completion times of the last `maxWrites` writes; sends are
 * sequential (one sender), so starting the next send no earlier than `log[-max] + window` guarantees that the
 * server, which counts arrivals (arrival ≤ completion), never sees max+1 requests within one window.
 */
export type Pacing = { maxWrites: number; windowMs: number };

/** Slack for clock granularity and a server counting an inclusive window edge. */
export const PACING_MARGIN_MS = 25;

export function nextSendAt(log: readonly number[], now: number, pacing: Pacing): number {
  if (log.length < pacing.maxWrites) return now;
  const oldest = log[log.length - pacing.maxWrites]!;
  return Math.max(now, oldest + pacing.windowMs + PACING_MARGIN_MS);
}

/** The log after a write completed at `at`: sorted, trimmed to what can still matter. */
export function recordWrite(log: readonly number[], at: number, pacing: Pacing): number[] {
  const next = [...log, at].sort((a, b) => a - b);
  return next.slice(Math.max(0, next.length - pacing.maxWrites));
}
