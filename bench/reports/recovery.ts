/** Recovery after an outage, and reconciliation of lost replies (bench/recovery.ts). */
import type { Report } from '../lib/report';
import { count } from '../lib/stats';
import { RECOVERY_ITEMS, RECOVERY_OUTAGE_MS } from '../recovery';
import type { Results } from '../results';

export function reportRecovery(report: Report, r: Results): void {
  if (r.recovery) {
    const v = r.recovery;
    report.budget({
      id: 'recoveryMs',
      section: `Recovery after outage (${RECOVERY_ITEMS} saves queued, server down ${RECOVERY_OUTAGE_MS / 1000} s, real-local profile)`,
      metric: 'Server back → outbox empty',
      value: v.recoveredMs,
      why: `only ${v.stored} of ${RECOVERY_ITEMS} stored within 120 s`,
      format: (x) => `${(x / 1000).toFixed(1)} s`,
      note: `${v.stored} stored; ${v.postsAfterReturn} writes after the return (one per save means no write was spent probing); no "Retry now"`,
    });
  }
  if (r.reconcile) {
    const v = r.reconcile;
    const S = `Reconciliation (${v.inDoubt} saves stored by the server whose replies were lost, real-local profile: no de-duplication)`;
    report.budget({
      id: 'reconcileReads',
      section: S,
      metric: 'Memory reads per item in doubt',
      value: v.timedOut ? null : v.reads / v.inDoubt,
      why: 'the outbox did not empty within 180 s',
      format: (x) => x.toFixed(1),
      note: `${v.reads} GET /api/memories in all, ${v.posts} POSTs`,
    });
    report.budget({
      id: 'reconcileExtraRows',
      section: S,
      metric: 'Rows stored (exactly one per save)',
      value: v.stored - v.inDoubt,
      format: count,
      note: `${v.stored} rows for ${v.inDoubt} saves`,
    });
  }
}
