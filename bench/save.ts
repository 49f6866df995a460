/**
 * Context-menu save: from the click to the confirmation. The worker calls exactly what the menu calls
 * (`saveFromPage`, exposed on its global scope), on an ordinary page with a selection: it reads the selection
 * through scripting, redacts, writes the item durably to IndexedDB, then shows the toast in the page. The figure is
 * performance.now() around that call, in the worker: the user sees "Saved" only once the durable write is done.
 */
import type { Extension } from './lib/browser';
import { sleep } from './lib/stats';

export const SAVE_SAMPLES = 20;
const PAGE_URL = 'http://127.0.0.1:9/article.html';
const PAGE = `<!doctype html><html><head><title>Notes</title></head><body>
<p id="a">Prefers 2-space indentation in JavaScript.</p><p id="b">Tabs only in Makefiles.</p></body></html>`;

export async function measureSave(ext: Extension, samples: number): Promise<number[]> {
  // Loopback is inside the extension's host permissions, as any page is after a context-menu click (activeTab).
  await ext.context.route('http://127.0.0.1:9/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: PAGE }),
  );
  const page = await ext.context.newPage();
  try {
    await page.goto(PAGE_URL);
    await page.evaluate(() => {
      const range = document.createRange();
      range.setStartBefore(document.getElementById('a')!);
      range.setEndAfter(document.getElementById('b')!);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    });
    const worker = await ext.worker();
    const elapsed: number[] = [];
    for (let i = 0; i < samples; i++) {
      elapsed.push(
        await worker.evaluate(async (url) => {
          const g = globalThis as unknown as {
            chrome: typeof chrome;
            __mnueron: { saveFromPage(info: unknown, tab: unknown): Promise<{ status: string } | null> };
          };
          const [tab] = await g.chrome.tabs.query({ url });
          const t0 = performance.now();
          const result = await g.__mnueron.saveFromPage(
            { menuItemId: 'mnueron-save', selectionText: 'x', pageUrl: url, frameId: 0 },
            { id: tab!.id, url, title: 'Notes' },
          );
          const ms = performance.now() - t0;
          if (!result) throw new Error('save refused');
          return ms;
        }, PAGE_URL),
      );
      await sleep(50);
    }
    return elapsed;
  } finally {
    await page.close();
    await ext.context.unroute('http://127.0.0.1:9/**');
  }
}
