/** Service worker: cold start to the first message handled, and its heap (bench/worker.ts). */
import type { Calibration } from '../calibration';
import type { Report } from '../lib/report';
import { formatMB, median, ms } from '../lib/stats';
import type { Results } from '../results';
import { COLD_STARTS } from '../worker';

export function reportWorker(report: Report, r: Results): void {
  if (r.coldStart) {
    const S = 'Service worker';
    const c = r.coldStart;
    report.budget({
      id: 'workerColdStart',
      section: S,
      metric: `Cold start → first message handled (ui:status), median of ${c.coldMs.length}`,
      value: c.coldMs.length >= Math.ceil(COLD_STARTS / 2) ? median(c.coldMs) : null,
      why: `only ${c.coldMs.length} cold samples (Chrome restarted the worker before the send ${c.dropped} times)`,
      format: (v) => ms(v),
      note: `all: ${c.coldMs.map((v) => v.toFixed(0)).join(', ')} ms; warm: median ${ms(median(c.warmMs))}${c.dropped ? `; ${c.dropped} samples dropped (worker already restarted)` : ''}${floorColdStart(r.calibration)}`,
    });
    report.note(
      'Worker cold start: from an open options page, the worker target is closed (CDP Target.closeTarget) and we wait until no worker target is left; then performance.now() around chrome.runtime.sendMessage({type: "ui:status"}). The first message starts the worker, evaluates its bundle, runs the start-up work and answers.',
    );
  }
  if (r.workerHeap && (r.workerHeap.afterColdStart !== null || r.workerHeap.afterDrain !== null)) {
    const h = r.workerHeap;
    const mb = (v: number | null) => (v === null ? 'n/a' : formatMB(v));
    report.info(
      'Memory',
      'Service worker JS heap (after GC): after a cold start / after the drain',
      `${mb(h.afterColdStart)} / ${mb(h.afterDrain)}`,
      h.afterColdStart,
    );
  }
}

function floorColdStart(c: Calibration | undefined): string {
  const v = c?.floorColdStart.coldMs ?? [];
  return v.length ? `; floor on this machine (a one-line worker that answers at once): ${ms(median(v))}` : '';
}
