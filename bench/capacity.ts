/**
 * Outbox capacity: CAPACITY_ITEMS captures of CAPACITY_BYTES each (just under the API's 256 KB) are queued while
 * the server is unreachable, in a browser of their own. All must be in the outbox, and still there after the
 * service worker is stopped (they are in IndexedDB, kept by `unlimitedStorage`, not in memory). Reports the time
 * per durable write at that size and the origin's storage use.
 */
import { launchExtension, type Cleanup } from './lib/browser';
import { KB } from './lib/stats';

export const CAPACITY_ITEMS = 500;
export const CAPACITY_BYTES = 250 * KB;

export type CapacityResult = {
  queued: number;
  afterRestart: number;
  queueMs: number;
  usageBytes: number | null;
};

export async function measureCapacity(cleanup: Cleanup, extensionDir: string): Promise<CapacityResult> {
  const ext = await launchExtension(cleanup, extensionDir);
  try {
    // Nothing listens on port 9: every send fails fast and the items stay queued.
    const saved = await ext.send({ type: 'ui:connection-save', mode: 'self-hosted', apiUrl: 'http://127.0.0.1:9/api' });
    if (!saved.ok) throw new Error(saved.error.message);
    const sw = await ext.worker();
    const started = Date.now();
    await sw.evaluate(
      async ({ n, bytes }) => {
        const g = globalThis as unknown as {
          __mnueron: { route(m: unknown, s: unknown): Promise<{ ok: boolean }> };
          chrome: typeof chrome;
        };
        const sender = { id: g.chrome.runtime.id, url: g.chrome.runtime.getURL('src/popup/index.html') };
        // Word-like random text: redaction does its ordinary work, and IndexedDB's compression cannot shrink the
        // items to nothing (repeated text would be stored in a few KB and prove little).
        // (Plain loops: tsx would wrap named inner functions in a helper that does not exist in the worker.)
        let seed = 42;
        const items: string[] = [];
        for (let i = 0; i < n; i++) {
          const parts: string[] = [];
          let length = 0;
          while (length < bytes) {
            let word = '';
            for (let w = 3 + (seed % 7); w > 0; w--) {
              seed = (seed * 1103515245 + 12345) & 0x7fffffff;
              word += String.fromCharCode(97 + (seed % 26));
            }
            parts.push(word);
            length += word.length + 1;
          }
          items.push(parts.join(' ').slice(0, bytes));
        }
        for (let i = 0; i < n; i++) {
          const reply = await g.__mnueron.route({ type: 'ui:quick-save', content: items[i] }, sender);
          if (!reply.ok) throw new Error(JSON.stringify(reply));
        }
      },
      { n: CAPACITY_ITEMS, bytes: CAPACITY_BYTES },
    );
    const queueMs = Date.now() - started;
    const count = async () => {
      const status = await ext.send({ type: 'ui:status' });
      if (!status.ok) throw new Error(status.error.message);
      return (
        status.value.pending + status.value.inFlight + status.value.items.filter((i) => i.state === 'parked').length
      );
    };
    const queued = await count();
    const usageBytes = await (
      await ext.worker()
    )
      .evaluate(async () => (await navigator.storage.estimate()).usage ?? null)
      .catch(() => null);
    await ext.stopWorker();
    const afterRestart = await count();
    return { queued, afterRestart, queueMs, usageBytes };
  } finally {
    await ext.context.close();
  }
}
