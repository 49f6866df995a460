/** Capture latency: completion → outbox write → server 201 (bench/capture-latency.ts). */
import { LATENCY_SAMPLES } from '../capture-latency';
import { SITES } from '../lib/fixtures';
import type { Report } from '../lib/report';
import { max, median, ms } from '../lib/stats';
import { BENCH_SITES, type Results } from '../results';

export function reportLatency(report: Report, r: Results): void {
  if (r.latency) {
    const S = `Capture latency (small streaming fixture, fresh conversation per sample, ${LATENCY_SAMPLES} per site)`;
    for (const site of BENCH_SITES) {
      const samples = r.latency.filter((s) => s.site === site);
      const to201 = samples.map((s) => s.to201Ms).filter((v): v is number => v !== null);
      const toOutbox = samples.map((s) => s.toOutboxMs).filter((v): v is number => v !== null);
      const missing = samples.length - to201.length;
      report.budget({
        id: 'captureLatency',
        section: S,
        metric: `${SITES[site].label}: completion → server 201 (median)`,
        value: to201.length >= Math.min(5, samples.length) ? median(to201) : null,
        why: `${missing} of ${samples.length} completions produced no 201 within 10 s`,
        format: (v) => ms(v, 0),
        note: `all: ${to201.map((v) => Math.round(v)).join(', ')} ms; max ${ms(max(to201), 0)}${missing ? `; ${missing} missing` : ''}`,
      });
      report.info(
        S,
        `${SITES[site].label}: completion → outbox write (median)`,
        toOutbox.length ? ms(median(toOutbox), 0) : 'n/a (no capture diagnostics entry)',
        toOutbox.length ? median(toOutbox) : null,
        toOutbox.length ? `all: ${toOutbox.map((v) => Math.round(v)).join(', ')} ms` : undefined,
      );
    }
    report.note(
      "Capture latency: completion = Date.now() in the page right after it flips the fixture's finished markers; outbox write = the background's `capture` diagnostics entry (ui:diagnostics; stamped as captureToOutbox starts); 201 = arrival time of the POST the server answered 201 (control.requests). Includes the content script's quiet period.",
    );
  }
}
