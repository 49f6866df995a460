/**
 * Outbox drain under a rate limit, on a scaled clock: DRAIN_ITEMS captures are queued while the server is down;
 * the server then comes back on the same port enforcing DRAIN_MAX writes per DRAIN_WINDOW_MS (sliding window), and
 * the extension's `pacing` setting is the same limit. Achieved rate = (stored − DRAIN_MAX) / (last 201 − first
 * request): the first window's burst is free under a sliding window, every later DRAIN_MAX costs one window, so a
 * client that uses the whole allowance scores 100%. 429s and duplicates are read from the server's request log
 * and stored memories.
 */
import type { TestServer } from '../test/e2e/harness';
import { startTestServer } from '../test/e2e/harness';
import type { Cleanup, Extension } from './lib/browser';
import { poll } from './lib/stats';

export const DRAIN_ITEMS = 500;
export const DRAIN_MAX = 50;
export const DRAIN_WINDOW_MS = 5_000;

export type DrainResult = {
  items: number;
  queueMs: number;
  stored: number;
  distinctContents: number;
  distinctKeys: number;
  posts: number;
  status: Record<string, number>;
  firstRequestAt: number | null;
  lastCreatedAt: number | null;
  achievedPerSecond: number | null;
  allowedPerSecond: number;
  maxInAnyWindow: number;
  /** Bursts of arrivals (split where no request came for 1 s): start offset from the first request, size, length. */
  bursts: Array<{ startMs: number; count: number; lengthMs: number }>;
  timedOut: boolean;
};

export async function measureDrain(options: {
  ext: Extension;
  server: TestServer;
  cleanup: Cleanup;
}): Promise<{ result: DrainResult; server: TestServer }> {
  const { ext, cleanup } = options;
  const port = options.server.port;
  const paced = await ext.send({
    type: 'ui:settings-update',
    patch: { pacing: { maxWrites: DRAIN_MAX, windowMs: DRAIN_WINDOW_MS } },
  });
  if (!paced.ok) throw new Error(`pacing: ${paced.error.message}`);
  await options.server.close();

  const queueStart = Date.now();
  const sw = await ext.worker();
  await sw.evaluate(async (n) => {
    const g = globalThis as unknown as {
      __mnueron: { route(m: unknown, s: unknown): Promise<{ ok: boolean }> };
      chrome: typeof chrome;
    };
    const sender = { id: g.chrome.runtime.id, url: g.chrome.runtime.getURL('src/popup/index.html') };
    for (let i = 0; i < n; i++) {
      const reply = await g.__mnueron.route({ type: 'ui:quick-save', content: `bench drain item ${i}` }, sender);
      if (!reply.ok) throw new Error(JSON.stringify(reply));
    }
  }, DRAIN_ITEMS);
  const queueMs = Date.now() - queueStart;

  const server = await startTestServer({ port, rateLimit: { max: DRAIN_MAX, windowMs: DRAIN_WINDOW_MS } });
  cleanup.add('close drain server', () => server.close());
  // The backoff grew while the server was down; "Retry now" lifts it, as the popup's button does.
  await ext.send({ type: 'ui:outbox-retry' });
  const budgetMs = (DRAIN_ITEMS / DRAIN_MAX) * DRAIN_WINDOW_MS * 2 + 20_000;
  const done = await poll(() => server.control.memories().length >= DRAIN_ITEMS, budgetMs, 100);
  // Anything still in flight (a duplicate would arrive now).
  await new Promise((r) => setTimeout(r, 1_000));

  const posts = server.control.requests.filter((r) => r.method === 'POST' && r.path === '/api/memories');
  const status: Record<string, number> = {};
  for (const p of posts) status[p.status] = (status[p.status] ?? 0) + 1;
  const memories = server.control.memories();
  const created = posts.filter((p) => p.status === 201);
  const firstRequestAt = posts[0]?.at ?? null;
  const lastCreatedAt = created.at(-1)?.at ?? null;
  const times = posts.map((p) => p.at).sort((a, b) => a - b);
  let maxInAnyWindow = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= DRAIN_WINDOW_MS) j++;
    maxInAnyWindow = Math.max(maxInAnyWindow, i - j + 1);
  }
  const bursts: DrainResult['bursts'] = [];
  for (let i = 0; i < times.length; i++) {
    const last = bursts.at(-1);
    const t = times[i]! - times[0]!;
    if (last && t - (last.startMs + last.lengthMs) < 1_000) {
      last.count++;
      last.lengthMs = t - last.startMs;
    } else bursts.push({ startMs: t, count: 1, lengthMs: 0 });
  }
  const span = firstRequestAt !== null && lastCreatedAt !== null ? lastCreatedAt - firstRequestAt : 0;
  return {
    server,
    result: {
      items: DRAIN_ITEMS,
      queueMs,
      stored: memories.length,
      distinctContents: new Set(memories.map((m) => m.content)).size,
      distinctKeys: new Set(memories.map((m) => String(m.metadata.idempotency_key))).size,
      posts: posts.length,
      status,
      firstRequestAt,
      lastCreatedAt,
      achievedPerSecond: span > 0 ? ((created.length - DRAIN_MAX) / span) * 1000 : null,
      allowedPerSecond: (DRAIN_MAX / DRAIN_WINDOW_MS) * 1000,
      maxInAnyWindow,
      bursts,
      timedOut: !done,
    },
  };
}
