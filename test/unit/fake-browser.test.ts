/**
 * The one fake browser (test/fakes/browser.ts) behaves like Chrome where code can tell: these pin the behaviours
 * other tests lean on, so a fake that drifted back to "whatever is convenient" fails here first.
 */
import { describe, expect, it } from 'vitest';
import { fakeBrowser, MIN_ALARM_MS } from '../fakes/browser';

type Changes = Record<string, { oldValue?: unknown; newValue?: unknown }>;

function recordChanges() {
  const seen: Array<[Changes, string]> = [];
  fakeBrowser.storage.onChanged.addListener((changes, area) => void seen.push([changes, area]));
  return seen;
}

describe('storage.onChanged', () => {
  it('fires in a later task: not inside set(), not even when its promise has resolved', async () => {
    const seen = recordChanges();
    const written = fakeBrowser.storage.local.set({ a: 1 });
    expect(seen).toEqual([]);
    await written;
    expect(seen).toEqual([]);
    await fakeBrowser.__fake.eventsDelivered();
    expect(seen).toEqual([[{ a: { oldValue: undefined, newValue: 1 } }, 'local']]);
  });

  it('clear() reports every removed key with its old value; clearing an empty area reports nothing', async () => {
    await fakeBrowser.storage.session.set({ a: 1, b: 'two' });
    await fakeBrowser.__fake.eventsDelivered();
    const seen = recordChanges();
    await fakeBrowser.storage.session.clear();
    await fakeBrowser.__fake.eventsDelivered();
    expect(seen).toEqual([[{ a: { oldValue: 1 }, b: { oldValue: 'two' } }, 'session']]);
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
    await fakeBrowser.storage.session.clear();
    await fakeBrowser.__fake.eventsDelivered();
    expect(seen).toHaveLength(1);
  });

  it('remove() of a key that is not there reports nothing', async () => {
    const seen = recordChanges();
    await fakeBrowser.storage.local.remove('missing');
    await fakeBrowser.__fake.eventsDelivered();
    expect(seen).toEqual([]);
  });
});

describe('alarms', () => {
  const NOW = 1_700_000_000_000;

  it('are clamped to 30 s as Chrome does, while the requested time stays visible to tests', async () => {
    fakeBrowser.__fake.setNow(() => NOW);
    await fakeBrowser.alarms.create('soon', { when: NOW + 1_000 });
    await fakeBrowser.alarms.create('past', { when: NOW - 5_000 });
    await fakeBrowser.alarms.create('short-delay', { delayInMinutes: 0.1 });
    await fakeBrowser.alarms.create('long-delay', { delayInMinutes: 2 });
    await fakeBrowser.alarms.create('fast-period', { periodInMinutes: 0.1 });
    await fakeBrowser.alarms.create('later', { when: NOW + 60_000 });
    const at = (name: string) => fakeBrowser.__fake.alarms.get(name);
    expect(MIN_ALARM_MS).toBe(30_000);
    expect(at('soon')?.scheduledTime).toBe(NOW + 30_000);
    expect(at('past')?.scheduledTime).toBe(NOW + 30_000);
    expect(at('short-delay')?.scheduledTime).toBe(NOW + 30_000);
    expect(at('long-delay')?.scheduledTime).toBe(NOW + 120_000);
    expect(at('fast-period')).toEqual({ name: 'fast-period', scheduledTime: NOW + 30_000, periodInMinutes: 0.5 });
    expect(at('later')?.scheduledTime).toBe(NOW + 60_000);
    expect(fakeBrowser.__fake.alarmsAsked.get('soon')).toEqual({ when: NOW + 1_000 });
  });

  it('fire only when due; a periodic one is scheduled again', async () => {
    let now = NOW;
    fakeBrowser.__fake.setNow(() => now);
    const fired: string[] = [];
    fakeBrowser.alarms.onAlarm.addListener((alarm) => void fired.push(alarm.name));
    await fakeBrowser.alarms.create('once', { delayInMinutes: 1 });
    await fakeBrowser.alarms.create('every', { periodInMinutes: 1 });
    now += 59_999;
    await fakeBrowser.__fake.fireDueAlarms();
    expect(fired).toEqual([]);
    now += 1;
    await fakeBrowser.__fake.fireDueAlarms();
    expect(fired).toEqual(['once', 'every']);
    expect(await fakeBrowser.alarms.get('once')).toBeUndefined();
    expect((await fakeBrowser.alarms.get('every'))?.scheduledTime).toBe(now + 60_000);
  });
});

describe('tabs', () => {
  const TABS = [
    { id: 1, url: 'https://chatgpt.com/c/abc', active: true, windowId: 1 },
    { id: 2, url: 'https://claude.ai/chat/def', windowId: 1 },
    { id: 3, url: 'https://example.com/', active: true, windowId: 2 },
  ];

  it('query answers from the tab table the test sets', async () => {
    fakeBrowser.__fake.setTabs(TABS);
    expect((await fakeBrowser.tabs.query({ active: true, lastFocusedWindow: true })).map((t) => t.id)).toEqual([1]);
    expect((await fakeBrowser.tabs.query({ url: ['https://claude.ai/*'] })).map((t) => t.id)).toEqual([2]);
    expect((await fakeBrowser.tabs.query({ url: '*://*.com/*' })).map((t) => t.id)).toEqual([1, 3]);
    expect((await fakeBrowser.tabs.query({ windowId: 2 })).map((t) => t.id)).toEqual([3]);
    await expect(fakeBrowser.tabs.query({ pinned: true })).rejects.toThrow(/no filter pinned/);
  });

  it('get answers a known id and rejects an unknown one, as Chrome does', async () => {
    fakeBrowser.__fake.setTabs(TABS);
    expect(await fakeBrowser.tabs.get(2)).toMatchObject({ id: 2, url: 'https://claude.ai/chat/def' });
    await expect(fakeBrowser.tabs.get(99)).rejects.toThrow('No tab with id: 99.');
  });

  it('a created tab joins the table', async () => {
    const tab = await fakeBrowser.tabs.create({ url: 'https://example.org/' });
    expect(await fakeBrowser.tabs.get(tab.id)).toMatchObject({ url: 'https://example.org/' });
  });
});

describe('the global chrome, from the same state', () => {
  type ChromeLike = {
    runtime: {
      sendMessage(m: unknown): Promise<unknown>;
      onMessage: { addListener(f: (m: unknown, s: unknown, r: (x: unknown) => void) => unknown): void };
    };
    storage: { local: { get(k: string): Promise<Record<string, unknown>> } };
    tabs?: unknown;
    i18n?: unknown;
  };
  const chromeGlobal = () => (globalThis as unknown as { chrome: ChromeLike }).chrome;

  it('a content script in a tab: tab messages reach its listeners, its messages reach the extension with the tab as sender', async () => {
    fakeBrowser.__fake.setTabs([{ id: 7, url: 'https://claude.ai/chat/x' }]);
    fakeBrowser.__fake.installChrome({ tabId: 7 });
    const chrome = chromeGlobal();
    expect(chrome.tabs).toBeUndefined(); // content scripts have no tabs API
    expect(chrome.i18n).toBeDefined();
    chrome.runtime.onMessage.addListener((m, _sender, sendResponse) => {
      setTimeout(() => sendResponse({ echo: m }), 0);
      return true;
    });
    expect(await fakeBrowser.tabs.sendMessage(7, 'hi')).toEqual({ echo: 'hi' });
    await expect(fakeBrowser.tabs.sendMessage(8, 'hi')).rejects.toThrow('Receiving end does not exist');

    const senders: unknown[] = [];
    fakeBrowser.runtime.onMessage.addListener(async (m, sender) => {
      senders.push(sender);
      return { got: m };
    });
    expect(await chrome.runtime.sendMessage('up')).toEqual({ got: 'up' });
    expect(senders).toEqual([expect.objectContaining({ tab: expect.objectContaining({ id: 7 }), frameId: 0 })]);

    await fakeBrowser.storage.local.set({ settings: { version: 1 } });
    expect(await chrome.storage.local.get('settings')).toEqual({ settings: { version: 1 } });
  });

  it('a page: its messages reach the extension from the extension origin, without a tab', async () => {
    const chrome = chromeGlobal();
    const senders: Array<{ tab?: unknown; url?: string }> = [];
    fakeBrowser.runtime.onMessage.addListener((_m, sender, sendResponse) => {
      senders.push(sender);
      sendResponse('sync answer');
    });
    expect(await chrome.runtime.sendMessage('x')).toBe('sync answer');
    expect(senders[0]?.tab).toBeUndefined();
    expect(senders[0]?.url).toMatch(/^chrome-extension:\/\/fakeextensionid\//);
  });
});
