/** Outbox drain: achieved against allowed rate, 429s and duplicates (bench/drain.ts). */
import { DRAIN_ITEMS, DRAIN_MAX, DRAIN_WINDOW_MS, type DrainResult } from '../drain';
import type { Report } from '../lib/report';
import { count, median, ms } from '../lib/stats';
import type { Results } from '../results';

export function reportDrain(report: Report, r: Results): void {
  if (r.drain) {
    const d = r.drain;
    const S = `Outbox drain (${DRAIN_ITEMS} captures queued offline; limit ${DRAIN_MAX} per ${DRAIN_WINDOW_MS / 1000} s on server and pacing = ${((DRAIN_MAX / DRAIN_WINDOW_MS) * 60_000).toFixed(0)}/min, 10× the real 60/min)`;
    const ratio = d.achievedPerSecond !== null ? d.achievedPerSecond / d.allowedPerSecond : null;
    report.budget({
      id: 'drainRate',
      section: S,
      metric: 'Achieved rate / allowed rate',
      value: ratio !== null && !d.timedOut ? ratio * 100 : null,
      why: d.timedOut ? `only ${d.stored} of ${d.items} stored before the time limit` : 'no writes',
      format: (v) => `${v.toFixed(1)} %`,
      note: `${d.achievedPerSecond?.toFixed(2) ?? 'n/a'}/s of ${d.allowedPerSecond.toFixed(2)}/s; ${d.stored} stored in ${(((d.lastCreatedAt ?? 0) - (d.firstRequestAt ?? 0)) / 1000).toFixed(1)} s (ideal ${(((DRAIN_ITEMS - DRAIN_MAX) / DRAIN_MAX) * DRAIN_WINDOW_MS) / 1000} s); most arrivals in any ${DRAIN_WINDOW_MS / 1000} s window: ${d.maxInAnyWindow}; ${burstSummary(d)}; queueing took ${(d.queueMs / 1000).toFixed(1)} s`,
    });
    report.budget({
      id: 'drain429',
      section: S,
      metric: '429 replies',
      value: d.status['429'] ?? 0,
      format: count,
      note: `POSTs by status: ${Object.entries(d.status)
        .map(([k, v]) => `${k}×${v}`)
        .join(', ')}`,
    });
    const duplicates = d.stored - Math.min(d.distinctContents, d.distinctKeys);
    report.budget({
      id: 'drainDuplicates',
      section: S,
      metric: 'Duplicate memories (same content or idempotency key)',
      value: duplicates,
      format: count,
      note: `${d.stored} stored, ${d.distinctContents} distinct contents, ${d.distinctKeys} distinct keys; re-sends the server recognised (200): ${d.status['200'] ?? 0}`,
    });
  }

  if (r.drain)
    report.note(
      `Drain: ${DRAIN_ITEMS} ui:quick-save captures queued with the server stopped, then the server restarted on the same port with rateLimit ${DRAIN_MAX}/${DRAIN_WINDOW_MS} ms and ui:outbox-retry (lifts the backoff the outage built up). Achieved rate = (201s − ${DRAIN_MAX}) / (last 201 − first request): under a sliding window the first ${DRAIN_MAX} are free and every further ${DRAIN_MAX} costs one window, so a client using the whole allowance with instant sends scores 100 %.`,
    );
}

/** Where a drain loses time against the ideal: window period, and how long each window's sequential burst takes. */
function burstSummary(d: DrainResult): string {
  const big = d.bursts.filter((b) => b.count >= DRAIN_MAX / 2);
  const periods = big.slice(1).map((b, i) => b.startMs - big[i]!.startMs);
  const stragglers = d.bursts.length - big.length;
  return `bursts every ${ms(median(periods), 0)} (median), each ${ms(median(big.map((b) => b.lengthMs)), 0)} long (sequential sends)${stragglers ? `, ${stragglers} one-item stragglers ~1 s after a burst` : ''}`;
}
