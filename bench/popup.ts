/**
 * Popup: opened as a 360×600 page at its own URL, POPUP_OPENS times with a warm service worker (after one
 * unmeasured open). First paint and
 * first contentful paint come from performance.getEntriesByType('paint'); "interactive" is when a MutationObserver
 * installed before the popup's scripts sees the "Memory" textarea present and enabled and the connection status
 * line rendered (times are from the document's navigation start).
 */
import type { Extension } from './lib/browser';
import { poll } from './lib/stats';

export const POPUP_OPENS = 20;

const PROBE = String.raw`(() => {
  const t = (window.__popupProbe = { ready: null });
  const check = () => {
    if (t.ready !== null) return;
    const memory = document.getElementById('qs-memory');
    if (memory && !memory.disabled && document.querySelector('.connection-line')) {
      t.ready = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
})();`;

export type PopupSample = {
  firstPaint: number | null;
  firstContentfulPaint: number | null;
  interactive: number | null;
};

/** `opens` measured opens after one unmeasured warm-up open (which also wakes the worker). */
export async function measurePopup(
  ext: Pick<Extension, 'context' | 'origin' | 'popupPath'>,
  opens: number,
): Promise<PopupSample[]> {
  const out: PopupSample[] = [];
  for (let i = -1; i < opens; i++) {
    const page = await ext.context.newPage();
    try {
      await page.setViewportSize({ width: 360, height: 600 });
      await page.addInitScript({ content: PROBE });
      await page.goto(`${ext.origin}/${ext.popupPath}`, { waitUntil: 'load' });
      const sample = await poll(
        async () =>
          (await page.evaluate(`(() => {
            const ready = window.__popupProbe && window.__popupProbe.ready;
            const paints = Object.fromEntries(performance.getEntriesByType('paint').map((e) => [e.name, e.startTime]));
            return ready === null || ready === undefined || paints['first-contentful-paint'] === undefined
              ? null
              : { firstPaint: paints['first-paint'] ?? null, firstContentfulPaint: paints['first-contentful-paint'], interactive: ready };
          })()`)) as PopupSample | null,
        5_000,
        20,
      );
      if (i >= 0) out.push(sample ?? { firstPaint: null, firstContentfulPaint: null, interactive: null });
    } finally {
      await page.close();
    }
  }
  return out;
}
