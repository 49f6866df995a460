/** Context-menu save: click → "Saved" after the durable write (bench/save.ts). */
import type { Report } from '../lib/report';
import { max, median, ms, percentile } from '../lib/stats';
import type { Results } from '../results';

export function reportSave(report: Report, r: Results): void {
  if (r.save?.length) {
    const S = `Context-menu save (${r.save.length} saves of a selection on an ordinary page)`;
    report.budget({
      id: 'contextMenuSave',
      section: S,
      metric: 'Click → "Saved" shown, after the durable write (p95)',
      value: percentile(r.save, 95),
      format: (v) => ms(v),
      note: `median ${ms(median(r.save))}, max ${ms(max(r.save))}`,
    });
    report.note(
      'Context-menu save: performance.now() in the worker around saveFromPage (what the menu calls): selection read through scripting, redaction, the IndexedDB write of the outbox item, and the toast shown in the page.',
    );
  }
}
