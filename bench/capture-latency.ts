/**
 * Capture latency: from the completion signal (the moment the page flips the fixture's finished markers, stamped
 * with Date.now() in the page) to (a) the outbox write — the `capture` diagnostics entry of the background
 * (ui:diagnostics), stamped when captureToOutbox starts its durable write — and (b) the POST that the server
 * answered 201 (control.requests, stamped on arrival). Each sample is a fresh conversation of the site's small
 * streaming fixture: load, stream a few tokens, complete.
 */
import type { TestServer } from '../test/e2e/harness';
import type { DiagnosticEntry } from '../src/shared/messages';
import type { Extension } from './lib/browser';
import { PAGE_HELPER, SITES, streamingFixture, type BenchSite } from './lib/fixtures';
import { poll, sleep } from './lib/stats';

export const LATENCY_SAMPLES = 6;

export type LatencySample = { site: BenchSite; toOutboxMs: number | null; to201Ms: number | null };

export async function measureCaptureLatency(options: {
  ext: Extension;
  server: TestServer;
  pages: Map<string, string>;
  site: BenchSite;
  samples: number;
  tag: string;
}): Promise<LatencySample[]> {
  const { ext, server, pages, site, samples, tag } = options;
  const spec = SITES[site];
  const html = streamingFixture(site);
  const page = await ext.context.newPage();
  await page.addInitScript({ content: PAGE_HELPER });
  const out: LatencySample[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      const path = spec.path(`bench-latency-${tag}-${site}-${i}`);
      pages.set(`${spec.origin}${path}`, html);
      await page.goto(`${spec.origin}${path}`, { waitUntil: 'load' });
      // document_idle injection, the settings read and the tracker's attach: well under this.
      await sleep(700);
      await page.evaluate(`window.__bench.stream(20, ${50})`);
      const mark = server.control.requests.length;
      const completedAt = (await page.evaluate(`window.__bench.complete(${JSON.stringify(site)})`)) as number;
      const created = await poll(
        () =>
          server.control.requests
            .slice(mark)
            .find((r) => r.method === 'POST' && r.path === '/api/memories' && r.status === 201),
        10_000,
        5,
      );
      const diagnostics = await ext.send({ type: 'ui:diagnostics' });
      const entries: DiagnosticEntry[] = diagnostics.ok ? diagnostics.value : [];
      const write = entries
        .filter((d) => d.kind === 'capture' && d.detail.startsWith('chat-turn') && d.at >= completedAt)
        .sort((a, b) => a.at - b.at)[0];
      out.push({
        site,
        toOutboxMs: write ? write.at - completedAt : null,
        to201Ms: created ? created.at - completedAt : null,
      });
    }
  } finally {
    await page.close();
  }
  return out;
}
