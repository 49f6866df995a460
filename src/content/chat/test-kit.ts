/**
 * Test helpers for the chat capture unit tests (happy-dom): fixture pages from test/fixtures/sites, the content
 * script's tab in the one fake browser, and a driver that reads captures the way the background would receive them.
 * Not part of the content script bundle.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, vi } from 'vitest';
import { fakeBrowser } from '../../../test/fakes/browser';
import type { ChatSiteId } from '../../shared/chat-sites';
import { SETTINGS_KEY } from '../../shared/settings';
import type { PageMessage } from '../../shared/messages';
import type { SiteAdapter } from './adapter';
import { collectExchanges } from './collect';
import { exchangeAt, type ReadExchange } from './exchange';
import { lateReader } from './late-reader';
import { readWithRules } from './reader';
import { READER_GLOBAL, type ReaderGlobal } from './reader-api';
// What the background does before "Save this chat": put the on-demand script's function into the world.
import './save-chat';
import { CHAT_HOST_GLOBAL, SAVE_CHAT_GLOBAL } from './save-chat-api';
import { withReadingParts } from './sites/reading-parts';
import { collectChatInTab, siteInfoInTab } from './tab-scripts';

/** How each site's content script reads a finished exchange, as its entry file (entries/<site>.ts) chooses. */
export const readerOf = (site: ChatSiteId): ReadExchange => (site === 'chatgpt' ? lateReader : exchangeAt);

export type ExpectedCapture = {
  turnKey: string;
  stopped: boolean;
  messages: { role: 'user' | 'assistant'; text: string }[];
};
export type Expected = {
  url: string;
  site: ChatSiteId;
  conversationId: string | null;
  title: string | null;
  health: 'ok' | 'degraded';
  skipReason?: string;
  captures: ExpectedCapture[];
};

// vitest runs from the repository root
const dir = join(process.cwd(), 'test/fixtures/sites/');

export function fixture(site: ChatSiteId, name: string): { html: string; expected: Expected } {
  const html = readFileSync(`${dir}${site}/${name}.html`, 'utf8');
  const path = `${dir}${site}/${name}.expected.json`;
  if (!existsSync(path)) throw new Error(`missing ${path}`);
  return { html, expected: JSON.parse(readFileSync(path, 'utf8')) as Expected };
}

/** Replaces the test document with a fixture page, at the fixture's real URL. */
export function loadPage(html: string, url: string): void {
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(url);
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  document.head.replaceWith(document.importNode(parsed.head, true));
  document.body.replaceWith(document.importNode(parsed.body, true));
}

/** Loads the fixture and reads every exchange as "Save this chat" would. */
export async function collectFixture(a: SiteAdapter, site: ChatSiteId, name: string) {
  const { html, expected } = fixture(site, name);
  loadPage(html, expected.url);
  const root = a.container(document);
  const conversationId = a.conversationId(new URL(location.href));
  // (with the site's late Markdown rules, as save-chat.ts reads)
  const exchanges =
    root && conversationId ? await collectExchanges(withReadingParts(a), document, root, conversationId) : [];
  return {
    expected,
    root,
    conversationId,
    captures: exchanges.map((ex) => ({ turnKey: ex.key, stopped: ex.stopped, messages: ex.messages })),
  };
}

/** The tab the content script under test runs in. */
export const TEST_TAB_ID = 7;

/**
 * Runs the content script under test as one in a tab of the one fake browser (test/fakes/browser.ts): the global
 * `chrome` is that tab's view, `settings` are in storage.local (unless undefined), and a stand-in for the background
 * records every message the page sends and accepts it; asked for the chat reader (`page:chat-reader`), it puts the
 * reader into the world as the background's injection does (not before: each run starts without one), unless
 * `refuseReader` says to answer that the tab cannot be scripted.
 */
export async function fakeContentScript(settings: unknown, options: { refuseReader?: () => boolean } = {}) {
  const sent: PageMessage[] = [];
  const g = globalThis as unknown as ReaderGlobal;
  delete g[READER_GLOBAL];
  fakeBrowser.__fake.setTabs([{ id: TEST_TAB_ID, url: location.href, active: true }]);
  if (settings !== undefined) await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: settings });
  // The write's change event is delivered before the script starts listening, as on a page loaded after it.
  await fakeBrowser.__fake.eventsDelivered();
  const readerRequests: number[] = [];
  fakeBrowser.runtime.onMessage.addListener(async (m: unknown) => {
    if ((m as PageMessage).type === 'page:chat-reader') {
      readerRequests.push(Date.now());
      if (options.refuseReader?.()) return { ok: false, error: { code: 'unavailable', message: 'not scriptable' } };
      g[READER_GLOBAL] = readWithRules;
      return { ok: true, value: null };
    }
    sent.push(m as PageMessage);
    return { ok: true, value: { accepted: true } };
  });
  const chrome = fakeBrowser.__fake.installChrome({ tabId: TEST_TAB_ID });
  return {
    chrome,
    /** Every message but the reader requests, which are here (their times). */
    sent,
    readerRequests,
    /** How many storage.onChanged and runtime.onMessage listeners the page has registered. */
    listenerCounts: () => ({
      storage: fakeBrowser.storage.onChanged.listeners.length,
      message: chrome.runtime.onMessage.listeners.length,
    }),
    /** Writes new settings; resolves once storage.onChanged has reached the page (a later task, as in Chrome). */
    async setSettings(next: unknown) {
      await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: next });
      await fakeBrowser.__fake.eventsDelivered();
    },
    /** The popup's "this site": what the background runs in the tab (tab-scripts.ts), run here the same way. */
    siteInfo: () => siteInfoInTab(CHAT_HOST_GLOBAL),
    /** "Save this chat" as the background runs it in the tab, after injecting save-chat.js (imported above). */
    collectChat: () => collectChatInTab(CHAT_HOST_GLOBAL, SAVE_CHAT_GLOBAL),
  };
}

/** Raw stored settings with capture switched on for one site. */
export function settingsWith(site: ChatSiteId, capture: Record<string, unknown> = {}) {
  return { version: 1, capture: { sites: { [site]: { enabled: true } }, ...capture } };
}

/**
 * Fake timers for the chat capture tests (setTimeout and Date), with the idle callbacks happy-dom lacks (Chrome has
 * them) standing in as a 1 ms fake timer; real timers again after each test.
 */
export function useChatTimers(): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const w = globalThis as unknown as Record<string, unknown>;
    w.requestIdleCallback = (cb: () => void) => setTimeout(cb, 1);
    w.cancelIdleCallback = (id: number) => clearTimeout(id);
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}
