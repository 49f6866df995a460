/** Redaction worst cases: CPU time of one redactSecrets call (bench/redaction.ts). */
import type { Report } from '../lib/report';
import { MB, ms } from '../lib/stats';
import type { Results } from '../results';

export function reportRedaction(report: Report, r: Results): void {
  if (r.redaction) {
    const S = 'Redaction worst cases (one redactSecrets call, CPU time, best of 2)';
    for (const f of r.redaction) {
      report.budget({
        id: f.bytes < MB ? 'redactionSmall' : 'redactionLarge',
        section: S,
        metric: f.label,
        value: f.cpuMs,
        format: ms,
        why: 'a 10 MB selection is redacted in the worker before it is stored; it must not stall it',
        note: `${f.secrets} secrets`,
      });
    }
  }
}
