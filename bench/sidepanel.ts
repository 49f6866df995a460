/**
 * The memories side panel and "Insert into chat", on the ChatGPT fixture page whose composer is the real ProseMirror
 * editor (test/e2e/composers/, as test/e2e/insert.e2e.ts sets it up), with PANEL_MEMORIES memories of that chat on
 * the local server. The panel is opened as an extension page at its own URL with `?tab=<the chat's tab>`, as the
 * tests open it; its "This page" view lists the chat's memories.
 *  - interactive: a MutationObserver installed before the panel's scripts (Playwright init script) records the first
 *    moment the search field exists and is enabled and the list holds a result (from navigation start);
 *  - search: the panel marks (performance marks, test build only) when a `ui:memories-search` reply is applied and
 *    when the render it caused is committed; each sample types a new query into the search field, alternating a
 *    query matching a fifth of the memories and the empty one (all of them);
 *  - insertion: `ui:insert-into-chat` sent from the panel page with `chrome.runtime.sendMessage`, timed to its reply,
 *    on a freshly loaded chat page each time (so each includes the on-demand injection), checked in the editor's model.
 */
import type { Page } from 'playwright-core';
import type { TestServer } from '../test/e2e/harness';
import { COMPOSER_SITES, bundleComposers, composerPage } from '../test/e2e/composers/sites';
import { SIDE_PANEL_PAGE } from '../src/background/panel-page';
import { SEARCH_RENDERED_MARK, SEARCH_REPLY_MARK } from '../src/sidepanel/bench-marks';
import type { Extension } from './lib/browser';
import { poll } from './lib/stats';
import { tabOf } from '../test/e2e/tab-of';

export const PANEL_MEMORIES = 50;
export const PANEL_OPENS = 20;
export const PANEL_SEARCHES = 20;
export const INSERTIONS = 20;
const TOPICS = 5;
const DRAFT = 'What should I name my cat?';

const CHATGPT = COMPOSER_SITES.find((s) => s.site === 'chatgpt')!;

const PROBE = String.raw`(() => {
  const t = (window.__panelProbe = { rendered: null, ready: null });
  const check = () => {
    if (t.ready !== null) return;
    if (t.rendered === null && document.querySelector('main.sidepanel')) t.rendered = performance.now();
    const search = document.querySelector('main.sidepanel > input');
    if (search && !search.disabled && document.querySelector('.sidepanel-list > li')) {
      t.ready = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
})();`;

export type PanelResult = {
  /** Navigation start → interactive, per open (null: not within 5 s). */
  interactive: Array<number | null>;
  /** Navigation start → the panel's first render (before any result), per open. */
  rendered: Array<number | null>;
  /** Navigation start → the first search reply in the page (its performance mark), per open. */
  firstReply: Array<number | null>;
  /** Reply applied → its render committed, per search (null: no marks within 5 s). */
  searchRender: Array<number | null>;
  /** Results shown per search, to check the searches found what they should. */
  searchCounts: number[];
};

export type InsertResult = {
  /** Sent → reply, per insertion (null: failed; `failures` says why). */
  ms: Array<number | null>;
  failures: string[];
};

/** The chat page with its composer, served at the site's URL; resolves with its tab id. */
async function openChat(ext: Extension, pages: Map<string, string>): Promise<{ chat: Page; tabId: number }> {
  const bundles = await bundleComposers(['prosemirror']);
  const url = new URL(CHATGPT.url);
  pages.set(url.origin + url.pathname, composerPage(CHATGPT, DRAFT, bundles));
  const chat = await ext.context.newPage();
  await chat.goto(CHATGPT.url);
  await chat.waitForFunction(
    () => typeof (window as unknown as { __editorText?: unknown }).__editorText === 'function',
  );
  const sw = await ext.worker();
  const tabId = await poll(() => tabOf(sw, CHATGPT.url), 10_000, 200);
  if (tabId === null) throw new Error('the ChatGPT fixture tab was not found');
  return { chat, tabId };
}

/** PANEL_MEMORIES memories of the chat, through the server's API. */
async function seed(server: TestServer): Promise<void> {
  for (let i = 0; i < PANEL_MEMORIES; i++) {
    const response = await fetch(`${server.url}/memories`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        content: `Bench panel memory ${i}: something worth remembering about topic-${i % TOPICS}, with a few more words`,
        namespace: 'bench',
        tags: ['bench', `topic-${i % TOPICS}`],
        source_ref: CHATGPT.url,
      }),
    });
    if (!response.ok) throw new Error(`seeding memory ${i}: ${response.status} ${await response.text()}`);
  }
}

const panelUrl = (ext: Extension, tabId: number) => `${ext.origin}/${SIDE_PANEL_PAGE}?tab=${tabId}`;

async function openPanel(ext: Extension, tabId: number): Promise<Page> {
  const panel = await ext.context.newPage();
  await panel.setViewportSize({ width: 400, height: 800 });
  await panel.addInitScript({ content: PROBE });
  await panel.goto(panelUrl(ext, tabId), { waitUntil: 'load' });
  return panel;
}

export async function measurePanel(
  ext: Extension,
  server: TestServer,
  pages: Map<string, string>,
): Promise<{ panel: PanelResult; insert: (count: number) => Promise<InsertResult>; close(): Promise<void> }> {
  await seed(server);
  const { chat, tabId } = await openChat(ext, pages);
  const interactive: Array<number | null> = [];
  const rendered: Array<number | null> = [];
  const firstReply: Array<number | null> = [];
  // One unmeasured open first (wakes the worker, warms the cache as a second open of the panel has it).
  for (let i = -1; i < PANEL_OPENS; i++) {
    const panel = await openPanel(ext, tabId);
    try {
      const probe = await poll(
        async () =>
          (await panel.evaluate(
            'window.__panelProbe && window.__panelProbe.ready !== null && window.__panelProbe',
          )) as {
            rendered: number | null;
            ready: number;
          } | null,
        5_000,
        20,
      );
      if (i >= 0) {
        interactive.push(probe?.ready ?? null);
        rendered.push(probe?.rendered ?? null);
        firstReply.push(
          (await panel.evaluate(
            (name) => performance.getEntriesByName(name, 'mark')[0]?.startTime ?? null,
            SEARCH_REPLY_MARK,
          )) as number | null,
        );
      }
    } finally {
      await panel.close();
    }
  }

  const panel = await openPanel(ext, tabId);
  // Let the opening loads (and the debounced one after them) settle.
  await poll(async () => (await panel.locator('.sidepanel-list > li').count()) === PANEL_MEMORIES, 5_000, 50);
  await panel.waitForTimeout(600);
  const searchRender: Array<number | null> = [];
  const searchCounts: number[] = [];
  const search = panel.locator('main.sidepanel > input');
  for (let i = 0; i < PANEL_SEARCHES; i++) {
    const q = i % 2 === 0 ? `topic-${(i / 2) % TOPICS}` : '';
    await panel.evaluate(() => performance.clearMarks());
    await search.fill(q);
    const figure = await poll(
      async () =>
        (await panel.evaluate(
          ([reply, rendered]) => {
            const r = performance.getEntriesByName(reply, 'mark')[0];
            const d = r && performance.getEntriesByName(rendered, 'mark').find((m) => m.startTime >= r.startTime);
            return r && d ? { ms: d.startTime - r.startTime } : null;
          },
          [SEARCH_REPLY_MARK, SEARCH_RENDERED_MARK] as const,
        )) as { ms: number } | null,
      5_000,
      20,
    );
    searchRender.push(figure?.ms ?? null);
    searchCounts.push(await panel.locator('.sidepanel-list > li').count());
  }

  const insert = async (count: number): Promise<InsertResult> => {
    const ms: Array<number | null> = [];
    const failures: string[] = [];
    for (let i = -1; i < count; i++) {
      await chat.reload();
      await chat.waitForFunction(
        () => typeof (window as unknown as { __editorText?: unknown }).__editorText === 'function',
      );
      const text = `Bench insertion ${i + 1}: I prefer short names`;
      const sent = (await panel.evaluate(
        async ([id, texts]) => {
          const t0 = performance.now();
          const reply = (await chrome.runtime.sendMessage({ type: 'ui:insert-into-chat', tabId: id, texts })) as {
            ok: boolean;
            error?: { message: string };
          };
          return { ms: performance.now() - t0, ok: reply.ok, error: reply.error?.message ?? null };
        },
        [tabId, [text]] as const,
      )) as { ms: number; ok: boolean; error: string | null };
      const model = await chat.evaluate(() => (window as unknown as { __editorText: () => string }).__editorText());
      const landed = sent.ok && model.includes(text) && model.includes(DRAFT);
      if (i < 0) continue;
      if (landed) ms.push(sent.ms);
      else {
        ms.push(null);
        failures.push(
          sent.ok ? 'the reply was ok but the editor does not hold the block and the draft' : String(sent.error),
        );
      }
    }
    return { ms, failures };
  };

  return {
    panel: { interactive, rendered, firstReply, searchRender, searchCounts },
    insert,
    async close() {
      await panel.close();
      await chat.close();
    },
  };
}
