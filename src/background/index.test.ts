/**
 * The service worker's wiring: importing it registers every listener at once (Chrome delivers the event that woke
 * the worker only to listeners that exist before the first await), and each event reaches what it should; its
 * start-up work waits for the first reply (or START_UP_DELAY_MS).
 */
import { describe, expect, it, vi } from 'vitest';
import type { FakeBrowser } from '../../test/fakes/browser';
import { SETTINGS_KEY } from '../shared/settings';
import { MENU_ID } from './context-menu';
import { WAKE_ALARM } from './outbox/scheduler';

vi.mock('./outbox/sender', async (original) => ({
  ...(await original<typeof import('./outbox/sender')>()),
  drainOutbox: vi.fn(async () => {}),
}));
vi.mock('./page-capture', async (original) => ({
  ...(await original<typeof import('./page-capture')>()),
  saveFromPage: vi.fn(async () => {}),
  saveSelectionOfTab: vi.fn(async () => {}),
}));

let fakeBrowser: FakeBrowser;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('timed out');
    await sleep(5);
  }
}

/**
 * A fresh worker: the module runs its top level again, on a fresh module graph, so with a fresh fake browser
 * (the one the worker's `webextension-polyfill` import resolves to is the one returned), as Chrome does on a cold
 * start.
 */
async function startWorker() {
  vi.resetModules();
  vi.clearAllMocks(); // the mocked modules survive resetModules: their calls so far are another worker's
  fakeBrowser = (await import('../../test/fakes/browser')).fakeBrowser;
  const startedAt = Date.now();
  const worker = await import('./index');
  const sender = await import('./outbox/sender');
  const pageCapture = await import('./page-capture');
  return {
    worker,
    startedAt,
    delayMs: worker.START_UP_DELAY_MS,
    drainOutbox: vi.mocked(sender.drainOutbox),
    pageCapture: vi.mocked(pageCapture),
  };
}

describe('service worker start-up', () => {
  it('answers the message that woke it before doing its start-up work (menus, badge, outbox)', async () => {
    const { drainOutbox } = await startWorker();
    await sleep(30);
    expect(fakeBrowser.__fake.menus.size).toBe(0);
    expect(drainOutbox).not.toHaveBeenCalled();
    const reply = (await fakeBrowser.runtime.sendMessage({ type: 'ui:status' })) as { ok: boolean };
    expect(reply.ok).toBe(true);
    await until(() => fakeBrowser.__fake.menus.has(MENU_ID), 1_000);
  });

  it('still does its start-up work when no message woke it', async () => {
    const { startedAt, delayMs } = await startWorker();
    await until(() => fakeBrowser.__fake.menus.has(MENU_ID), 3_000);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(delayMs - 5);
  });
});

describe('background main()', () => {
  it('registers every listener once, synchronously at import (before start-up work has finished)', async () => {
    const { worker } = await startWorker();
    const events = {
      'runtime.onMessage': fakeBrowser.runtime.onMessage,
      'runtime.onConnect': fakeBrowser.runtime.onConnect,
      'runtime.onInstalled': fakeBrowser.runtime.onInstalled,
      'alarms.onAlarm': fakeBrowser.alarms.onAlarm,
      'contextMenus.onClicked': fakeBrowser.contextMenus.onClicked,
      'commands.onCommand': fakeBrowser.commands.onCommand,
      'storage.onChanged': fakeBrowser.storage.onChanged,
      'omnibox.onInputChanged': fakeBrowser.omnibox.onInputChanged,
      'omnibox.onInputEntered': fakeBrowser.omnibox.onInputEntered,
    };
    const counts = Object.fromEntries(Object.entries(events).map(([name, e]) => [name, e.listeners.length]));
    expect(counts).toEqual(Object.fromEntries(Object.keys(events).map((name) => [name, 1])));
    expect(typeof worker.main).toBe('function');
    await worker.started;
    expect(fakeBrowser.__fake.menus.has(MENU_ID)).toBe(true);
  });

  it('start-up drains the outbox once; the outbox wake alarm drains it again, another alarm does not', async () => {
    const { worker, drainOutbox } = await startWorker();
    await worker.started;
    expect(drainOutbox).toHaveBeenCalledTimes(1);

    let now = Date.now();
    fakeBrowser.__fake.setNow(() => now);
    await fakeBrowser.alarms.create('some-other-alarm', { delayInMinutes: 1 });
    now += 60_000;
    await fakeBrowser.__fake.fireDueAlarms();
    expect(drainOutbox).toHaveBeenCalledTimes(1);

    await fakeBrowser.alarms.create(WAKE_ALARM, { when: now + 1_000 });
    now += 1_000;
    await fakeBrowser.__fake.fireDueAlarms();
    expect(drainOutbox).toHaveBeenCalledTimes(1); // clamped: Chrome would not fire it yet
    now += 29_000;
    await fakeBrowser.__fake.fireDueAlarms();
    expect(drainOutbox).toHaveBeenCalledTimes(2);
  });

  it('the context menu item saves from the page; any other menu id does nothing', async () => {
    const { worker, pageCapture } = await startWorker();
    await worker.started;
    const tab = { id: 3, url: 'https://example.com/' };
    fakeBrowser.contextMenus.onClicked.fire({ menuItemId: 'something-else' }, tab);
    expect(pageCapture.saveFromPage).not.toHaveBeenCalled();
    fakeBrowser.contextMenus.onClicked.fire({ menuItemId: MENU_ID, selectionText: 'x' }, tab);
    expect(pageCapture.saveFromPage).toHaveBeenCalledWith({ menuItemId: MENU_ID, selectionText: 'x' }, tab);
  });

  it('the save-selection shortcut saves the selection of its tab', async () => {
    const { worker, pageCapture } = await startWorker();
    await worker.started;
    const tab = { id: 4, url: 'https://example.com/' };
    fakeBrowser.commands.onCommand.fire('save-selection', tab);
    expect(pageCapture.saveSelectionOfTab).toHaveBeenCalledWith(tab);
  });

  it('a page message is answered by the router', async () => {
    const { worker } = await startWorker();
    await worker.started;
    const reply = (await fakeBrowser.runtime.sendMessage({ type: 'ui:settings-get' })) as { ok: boolean };
    expect(reply.ok).toBe(true);
    const refused = (await fakeBrowser.runtime.sendMessage({ type: 'ui:no-such-message' })) as { ok: boolean };
    expect(refused.ok).toBe(false);
  });

  it('published settings that a content script overwrote are put back', async () => {
    const { worker } = await startWorker();
    await worker.started;
    await fakeBrowser.__fake.eventsDelivered();
    const published = (await fakeBrowser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY];
    expect(published).toBeDefined();
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { version: 1, capture: { sites: {} }, forged: true } });
    await fakeBrowser.__fake.eventsDelivered();
    await vi.waitFor(async () =>
      expect((await fakeBrowser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]).toEqual(published),
    );
  });
});
