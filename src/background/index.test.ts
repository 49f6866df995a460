import { describe, expect, it, vi } from 'vitest';
import type { FakeBrowser } from '../../test/fakes/browser';
import { MENU_ID } from './context-menu';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('timed out');
    await sleep(5);
  }
}

/** A fresh worker: the module graph evaluated anew, as Chrome does on a cold start (with a fresh fake browser). */
async function startWorker(): Promise<{ browser: FakeBrowser; startedAt: number; delayMs: number }> {
  vi.resetModules();
  const { fakeBrowser } = await import('../../test/fakes/browser');
  // The fake has no runtime.onConnect (the side panel's port); the worker only registers a listener there.
  Object.assign(fakeBrowser.runtime, { onConnect: { addListener: () => undefined } });
  const startedAt = Date.now();
  const { START_UP_DELAY_MS } = await import('./index');
  return { browser: fakeBrowser, startedAt, delayMs: START_UP_DELAY_MS };
}

describe('service worker start-up', () => {
  it('answers the message that woke it before doing its start-up work (menus, badge, outbox)', async () => {
    const { browser } = await startWorker();
    await sleep(30);
    expect(browser.__fake.menus.size).toBe(0);
    const reply = (await browser.runtime.sendMessage({ type: 'ui:status' })) as { ok: boolean };
    expect(reply.ok).toBe(true);
    await until(() => browser.__fake.menus.has(MENU_ID), 1_000);
  });

  it('still does its start-up work when no message woke it', async () => {
    const { browser, startedAt, delayMs } = await startWorker();
    await until(() => browser.__fake.menus.has(MENU_ID), 3_000);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(delayMs - 5);
  });
});
