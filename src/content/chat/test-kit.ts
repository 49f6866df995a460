/**
 * Test helpers for the chat capture unit tests (happy-dom): fixture pages from test/fixtures/sites, a minimal
 * `chrome.*` stand-in, and a driver that reads captures the way the background would receive them.
 * Not part of the content script bundle.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatSiteId } from '../../shared/chat-sites';
import type { PageMessage } from '../../shared/messages';
import type { SiteAdapter } from './adapter';
import { collectExchanges } from './collect';
// What the background does before "Save this chat": put the on-demand script's function into the world.
import './save-chat';
import { CHAT_HOST_GLOBAL, SAVE_CHAT_GLOBAL } from './save-chat-api';
import { collectChatInTab, siteInfoInTab } from './tab-scripts';

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
  const exchanges = root && conversationId ? await collectExchanges(a, document, root, conversationId) : [];
  return {
    expected,
    root,
    conversationId,
    captures: exchanges.map((ex) => ({ turnKey: ex.key, stopped: ex.stopped, messages: ex.messages })),
  };
}

type Listener = (...args: never[]) => unknown;

/** A minimal `chrome.*` for content-script tests: storage.local, storage.onChanged, runtime messaging. */
export function fakeChrome(settings: unknown) {
  const sent: PageMessage[] = [];
  const storageListeners = new Set<Listener>();
  const messageListeners = new Set<Listener>();
  let stored: unknown = settings;
  const event = (set: Set<Listener>) => ({
    addListener: (f: Listener) => set.add(f),
    removeListener: (f: Listener) => set.delete(f),
  });
  const chrome = {
    runtime: {
      id: 'test-extension-id',
      sendMessage: async (m: PageMessage) => {
        sent.push(m);
        return { ok: true, value: { accepted: true } };
      },
      onMessage: event(messageListeners),
    },
    storage: {
      local: { get: async (key: string) => ({ [key]: stored }) },
      onChanged: event(storageListeners),
    },
  };
  return {
    chrome,
    sent,
    listeners: { storage: storageListeners, message: messageListeners },
    /** Writes new settings and fires storage.onChanged like Chrome does. */
    setSettings(next: unknown) {
      const oldValue = stored;
      stored = next;
      for (const f of storageListeners)
        (f as (c: unknown, a: string) => void)({ settings: { oldValue, newValue: next } }, 'local');
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
