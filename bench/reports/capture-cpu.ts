/** Worker CPU per 16 KB capture, wake-up included (bench/capture-cpu.ts), with the one-line worker's floor. */
import { CPU_CAPTURES } from '../capture-cpu';
import type { Report } from '../lib/report';
import { formatKB, median, ms } from '../lib/stats';
import type { Results } from '../results';

export function reportCaptureCpu(report: Report, r: Results): void {
  const samples = r.captureCpu;
  if (!samples) return;
  const cpu = samples.flatMap((s) => (s.cpuMs === null || s.storageCpuMs === null ? [] : [s.cpuMs + s.storageCpuMs]));
  const worker = samples.flatMap((s) => (s.cpuMs === null ? [] : [s.cpuMs]));
  const storage = samples.flatMap((s) => (s.storageCpuMs === null ? [] : [s.storageCpuMs]));
  const bytes = samples.flatMap((s) => (s.bytes === null ? [] : [s.bytes]));
  const floor = r.calibration?.floorWakeCpuMs ?? [];
  report.budget({
    id: 'captureWorkerCpu',
    section: 'Service worker',
    metric: `Worker + storage CPU per ${bytes.length ? formatKB(median(bytes)) : '16 KB'} capture, wake-up included (median of ${cpu.length})`,
    value: cpu.length >= Math.ceil(CPU_CAPTURES / 2) ? median(cpu) : null,
    why: `only ${cpu.length} of ${CPU_CAPTURES} captures measured`,
    format: (v) => ms(v),
    note: `samples ${cpu.map((v) => v.toFixed(0)).join(', ')} ms (worker process median ${ms(median(worker))}, storage service ${ms(median(storage))}); stored ${samples.map((s) => (s.bytes === null ? 'n/a' : `${formatKB(s.bytes)} in ${s.parts} part(s)`)).join(', ')}; completion → last 201 ${samples.map((s) => (s.to201Ms === null ? 'n/a' : s.to201Ms.toFixed(0))).join(', ')} ms${floor.length ? `; floor on this machine (a one-line worker woken by one message, same window): ${ms(median(floor))}` : ''}`,
  });
  report.note(
    "Worker CPU per capture: CPU time of the extension renderer process (Chromium's --extension-process, which hosts the service worker; no extension page open) plus the storage service (a utility process; it measured 0 ms in every run so far, so IndexedDB's backend evidently runs in the browser process here, which is not counted), each summed over its threads from /proc/<pid>/task/*/schedstat, from just before the page completes a ~16 KB answer (the worker stopped beforehand with CDP Target.closeTarget, so the capture wakes it) until 1.5 s after the server's last 201 (over 6,000 characters a capture is stored as labelled parts, one POST each). The network service (the upload itself) is not counted either.",
  );
}
