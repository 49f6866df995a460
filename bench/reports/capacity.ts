/** Outbox capacity: items held with the server unreachable, across a worker stop (bench/capacity.ts). */
import { CAPACITY_BYTES, CAPACITY_ITEMS } from '../capacity';
import type { Report } from '../lib/report';
import { formatKB, formatMB } from '../lib/stats';
import type { Results } from '../results';

export function reportCapacity(report: Report, r: Results): void {
  if (r.capacity) {
    const c = r.capacity;
    const S = `Outbox capacity (${CAPACITY_ITEMS} captures of ${formatKB(CAPACITY_BYTES, 0)}, server unreachable)`;
    report.budget({
      id: 'capacityItems',
      section: S,
      metric: 'Items held in the outbox, after the worker was stopped',
      value: Math.min(c.queued, c.afterRestart),
      format: (v) => `${v}`,
      note: `queued ${c.queued}, after the stop ${c.afterRestart}; ${(c.queueMs / CAPACITY_ITEMS).toFixed(1)} ms per capture (redaction + durable write) over ${(c.queueMs / 1000).toFixed(1)} s${c.usageBytes !== null ? `; origin storage ${formatMB(c.usageBytes, 0)}` : ''}`,
    });
    report.note(
      'Capacity: a browser of its own, pointed at a closed port; the captures go through ui:quick-save in the worker; the count is ui:status (pending + in flight + parked) before and after the worker is stopped.',
    );
  }
}
