/**
 * Worker CPU per 16 KB capture: the CPU time of the extension's renderer process (which hosts the service worker;
 * no extension page is open meanwhile) from just before the page completes an answer of about 16 KB until 1.5 s
 * after the server's last 201 (over 6,000 characters a capture is stored as labelled parts) — wake-up of the stopped worker, redaction, the outbox write, the upload and the
 * bookkeeping after it. Each sample is a fresh conversation of ChatGPT's small streaming fixture; the worker is
 * stopped before the completion (CDP Target.closeTarget, as Chrome stops an idle worker), so the capture wakes it.
 * The floor is the same window around a one-line worker woken by one message (bench/calibration.ts).
 */
import type { TestServer } from '../test/e2e/harness';
import { captureProcessesCpuMs, type Extension } from './lib/browser';
import { PAGE_HELPER, SITES, streamingFixture } from './lib/fixtures';
import { poll, sleep } from './lib/stats';

export const CPU_CAPTURES = 5;
/** Tokens streamed so the stored memory (question and answer, as Markdown) is about 16 KB. */
const TOKENS = 1_650;
/** After the 201: the outbox removal, Recent and the badge. */
export const AFTER_201_MS = 1_500;
const QUIET_MS = 1_000;

export type CaptureCpuSample = {
  /** The extension renderer's CPU (the service worker's process). */
  cpuMs: number | null;
  /** The storage service's CPU (IndexedDB's backend where it runs there; 0 in Chromium 156 on Linux). */
  storageCpuMs: number | null;
  /** Bytes stored, over all parts. */
  bytes: number | null;
  parts: number;
  /** Completion → the last part stored. */
  to201Ms: number | null;
};

export async function measureCaptureCpu(options: {
  ext: Extension;
  server: TestServer;
  pages: Map<string, string>;
  tag: string;
}): Promise<CaptureCpuSample[]> {
  const { ext, server, pages, tag } = options;
  const spec = SITES.chatgpt;
  const html = streamingFixture('chatgpt');
  const out: CaptureCpuSample[] = [];
  for (let i = 0; i < CPU_CAPTURES; i++) {
    const page = await ext.context.newPage();
    try {
      await page.addInitScript({ content: PAGE_HELPER });
      const ref = `bench-cpu-${tag}-${i}`;
      const path = spec.path(ref);
      pages.set(`${spec.origin}${path}`, html);
      await page.goto(`${spec.origin}${path}`, { waitUntil: 'load' });
      await sleep(700);
      await page.evaluate(`window.__bench.stream(${TOKENS}, 2000)`);
      await sleep(500);
      if (!(await ext.stopWorker())) {
        out.push({ cpuMs: null, storageCpuMs: null, bytes: null, parts: 0, to201Ms: null });
        continue;
      }
      await sleep(200);
      const mark = server.control.requests.length;
      const before = await captureProcessesCpuMs(ext.context);
      const completedAt = (await page.evaluate(`window.__bench.complete('chatgpt')`)) as number;
      const created = await poll(
        () =>
          server.control.requests
            .slice(mark)
            .find((r) => r.method === 'POST' && r.path === '/api/memories' && r.status === 201),
        15_000,
        10,
      );
      // Over 6,000 characters a capture goes as labelled parts, one POST each: wait until no part has arrived for
      // QUIET_MS, so the figure holds every part, then until AFTER_201_MS after the last.
      const stored = () => server.control.memories().filter((m) => m.source_ref?.includes(ref));
      let parts = stored().length;
      let lastAt = Date.now();
      while (created && Date.now() - lastAt < QUIET_MS && Date.now() - completedAt < 20_000) {
        await sleep(25);
        if (stored().length !== parts) {
          parts = stored().length;
          lastAt = Date.now();
        }
      }
      if (created) await sleep(Math.max(0, lastAt + AFTER_201_MS - Date.now()));
      const after = await captureProcessesCpuMs(ext.context);
      const memories = stored();
      out.push({
        cpuMs: created && before !== null && after !== null ? after.extension - before.extension : null,
        storageCpuMs: created && before !== null && after !== null ? after.storage - before.storage : null,
        bytes: memories.length ? memories.reduce((n, m) => n + Buffer.byteLength(m.content), 0) : null,
        parts: memories.length,
        to201Ms: created ? lastAt - completedAt : null,
      });
    } finally {
      await page.close();
    }
  }
  return out;
}
