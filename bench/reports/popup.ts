/** Popup: open → interactive, against Chrome's own floor on this machine (bench/popup.ts). */
import type { Calibration } from '../calibration';
import type { Report } from '../lib/report';
import { max, median, ms, percentile } from '../lib/stats';
import { POPUP_OPENS } from '../popup';
import type { Results } from '../results';

export function reportPopup(report: Report, r: Results): void {
  if (r.popup) {
    const S = `Popup (360×600 page, ${POPUP_OPENS} opens, warm worker)`;
    const interactive = r.popup.map((p) => p.interactive).filter((v): v is number => v !== null);
    const fcp = r.popup.map((p) => p.firstContentfulPaint).filter((v): v is number => v !== null);
    const fp = r.popup.map((p) => p.firstPaint).filter((v): v is number => v !== null);
    report.budget({
      id: 'popupInteractive',
      section: S,
      metric: 'Open → interactive (Memory enabled + status rendered), median',
      value: interactive.length >= POPUP_OPENS / 2 ? median(interactive) : null,
      why: `only ${interactive.length} of ${POPUP_OPENS} opens became interactive within 5 s`,
      format: (v) => ms(v),
      note: `p95 ${ms(percentile(interactive, 95))}, max ${ms(max(interactive))}${floorPopup(r.calibration)}`,
    });
    report.info(S, 'Open → first paint / first contentful paint, median', `${ms(median(fp))} / ${ms(median(fcp))}`);
    report.note(
      'Popup: times from the popup document\'s navigation start; "interactive" is recorded by a MutationObserver installed before the popup\'s scripts (Playwright init script), the first moment #qs-memory exists, is enabled, and the connection status line is rendered.',
    );
  }
}

/** Chrome's own floor for the popup figure on this machine (the calibration extension's trivial page). */
function floorPopup(c: Calibration | undefined): string {
  const v = c?.floorPopup.map((p) => p.interactive).filter((x): x is number => x !== null) ?? [];
  return v.length
    ? `; floor on this machine (a trivial extension page: one message, three elements): ${ms(median(v))}`
    : '';
}
