/**
 * Service worker: cold start to first message handled. From an open extension page (the options page), the worker
 * is stopped as Chrome stops an idle worker (CDP Target.closeTarget; no worker target left), then the page sends
 * `ui:status` and times the reply (performance.now() around runtime.sendMessage). A sample where Chrome had already
 * restarted the worker before the send is dropped (it would be warm). The same message to the running worker right
 * after gives the warm figure. Also: the worker's JS heap (Runtime.getHeapUsage on its own CDP target, after GC).
 */
import type { Page } from 'playwright-core';
import { WorkerSession, type Extension } from './lib/browser';
import { sleep } from './lib/stats';

export const COLD_STARTS = 10;

export type ColdStart = { coldMs: number[]; warmMs: number[]; dropped: number };

const SEND_STATUS = `(async () => {
  const t0 = performance.now();
  const reply = await chrome.runtime.sendMessage({ type: 'ui:status' });
  const elapsed = performance.now() - t0;
  if (!reply || reply.ok !== true) throw new Error('ui:status failed: ' + JSON.stringify(reply));
  return elapsed;
})()`;

export async function measureColdStart(
  ext: Pick<Extension, 'context' | 'origin' | 'optionsPath' | 'stopWorker' | 'workerTargets'>,
  samples: number,
): Promise<ColdStart> {
  const page: Page = await ext.context.newPage();
  const coldMs: number[] = [];
  const warmMs: number[] = [];
  let dropped = 0;
  try {
    await page.goto(`${ext.origin}/${ext.optionsPath}`, { waitUntil: 'load' });
    await sleep(1_000);
    for (let attempt = 0; coldMs.length < samples && attempt < samples * 2; attempt++) {
      await page.evaluate(SEND_STATUS);
      // Let the previous start-up's own work (menus, badge, drain) finish, as after a real idle period.
      await sleep(500);
      const stopped = await ext.stopWorker();
      if (!stopped || (await ext.workerTargets()).length > 0) {
        dropped++;
        continue;
      }
      coldMs.push((await page.evaluate(SEND_STATUS)) as number);
      await sleep(100);
      warmMs.push((await page.evaluate(SEND_STATUS)) as number);
    }
  } finally {
    await page.close();
  }
  return { coldMs, warmMs, dropped };
}

/** Used JS heap of the running service worker after a full GC (bytes). */
export async function workerHeap(ext: Extension): Promise<number> {
  await ext.worker();
  const [target] = await ext.workerTargets();
  if (!target) throw new Error('no service worker target');
  const session = await WorkerSession.attach(await ext.browserSession(), target.targetId);
  try {
    await session.send('HeapProfiler.collectGarbage').catch(() => undefined);
    const usage = await session.send<{ usedSize: number }>('Runtime.getHeapUsage');
    return usage.usedSize;
  } finally {
    await session.detach();
  }
}
