/** Method check: what the probes saw of the calibration extension (bench/calibration.ts). */
import type { Report } from '../lib/report';
import type { Results } from '../results';

export function reportCalibration(report: Report, r: Results): void {
  const cal = r.calibration;
  if (cal) {
    report.info(
      'Method check (a throw-away extension whose content script blocks 120 ms once, then ticks every 500 ms)',
      'Seen by the probes: isolated world / long task / idle timer fires / calls from its URL (2 s)',
      `${cal.isolatedWorldSeen ? 'yes' : 'NO'} / ${cal.longTaskSeen ? 'yes' : 'NO'} / ${cal.idleTimerFires} / ${cal.idleExtensionCalls}`,
    );
  }
}
