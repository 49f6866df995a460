/**
 * Suggestions while typing: the cost per keystroke, and the server searches typing causes. On the ChatGPT fixture
 * page whose composer is the real ProseMirror editor (test/e2e/composers/, as bench/sidepanel.ts loads it), in one
 * browser with the built extension and, as a baseline, in a browser without it:
 *  - per condition (suggestions off for ChatGPT — the default —, on, and no extension), a fresh page, then
 *    SUGGEST_KEYS keys typed into the composer in bursts of BURST_KEYS (KEY_GAP_MS between keys, shorter than the
 *    script's pause), each burst followed by a pause longer than the script's pause (SUGGEST_DEBOUNCE_MS), where a
 *    debounced script searches once; the order is off, on, on, off (two runs each), so a drift in machine load over
 *    the run does not favour one condition;
 *  - per keystroke, measured in the page: from keydown's timeStamp (when the browser created the event, so queueing
 *    behind other work in the renderer counts) to the end of keyup's dispatch (every listener, the suggestion
 *    script's `input` and `keyup` ones included, and the microtasks they queued); "added" is the p95 with
 *    suggestions on minus the p95 with them off;
 *  - server searches (GET /memories on the local server, with the time each arrived): one "per keystroke" is one
 *    that arrived while a burst was still being typed (between its first and last key), i.e. not after a pause;
 *    the budget is 0 of them. The searches after the pauses are reported beside it (a debounced script makes one
 *    per pause at most, here BURSTS for SUGGEST_KEYS keys);
 *  - with suggestions off, the suggestion script's own work while typing: a devtools.timeline trace over
 *    TRACE_KEYS keys counts the function calls into the suggestion script (its file, ON_DEMAND_SCRIPTS.suggest) in
 *    the page's process; the same trace with suggestions on must see its calls (that the count can be non-zero).
 */
import type { BrowserContext, Page } from 'playwright-core';
import type { TestServer } from '../test/e2e/harness';
import { COMPOSER_SITES, bundleComposers, composerPage } from '../test/e2e/composers/sites';
import { ON_DEMAND_SCRIPTS } from '../src/shared/on-demand-scripts';
import { SUGGEST_DEBOUNCE_MS } from '../src/shared/suggest';
import { traceFor, type Extension } from './lib/browser';
import { poll, sleep } from './lib/stats';

export const SUGGEST_KEYS = 150;
export const BURST_KEYS = 30;
export const BURSTS = SUGGEST_KEYS / BURST_KEYS;
export const KEY_GAP_MS = 40;
/** After each burst: longer than the script's pause, so a debounced search goes out (and arrives) within it. */
export const PAUSE_MS = SUGGEST_DEBOUNCE_MS + 600;
export const TRACE_KEYS = 20;
const TEXT = 'I prefer espresso, a double with no sugar, and my espresso machine is a Gaggia Classic Pro at home. ';

const CHATGPT = COMPOSER_SITES.find((s) => s.site === 'chatgpt')!;

export type SuggestCondition = 'off' | 'on' | 'none';

export type TypingRun = {
  condition: SuggestCondition;
  /** keydown created → keyup handled, per key. */
  keyMs: number[];
  /** Server searches that arrived while a burst was being typed, and all of them (this run). */
  searchesDuringBursts: number;
  searches: number;
  keys: number;
};

export type SuggestResult = {
  runs: TypingRun[];
  /** Calls into the suggestion script during TRACE_KEYS traced keys, suggestions off and on. */
  scriptCalls: { off: number; on: number };
};

const PROBE = String.raw`(() => {
  if (window.__typing) return;
  const typing = (window.__typing = { keyMs: [] });
  let down = null;
  addEventListener('keydown', (e) => { down = e.timeStamp; }, true);
  // Bubble phase on window: after the document's capture listeners (the suggestion script's) and the editor's.
  addEventListener('keyup', () => {
    const t0 = down;
    down = null;
    if (t0 !== null) queueMicrotask(() => typing.keyMs.push(performance.now() - t0));
  });
})();`;

async function openComposer(context: BrowserContext, pages: Map<string, string>, bundle: Map<'prosemirror', string>) {
  const url = new URL(CHATGPT.url);
  pages.set(url.origin + url.pathname, composerPage(CHATGPT, '', bundle));
  const page = await context.newPage();
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.addInitScript({ content: PROBE });
  await page.goto(CHATGPT.url);
  await page.waitForFunction(
    () => typeof (window as unknown as { __editorText?: unknown }).__editorText === 'function',
  );
  await page.click('#prompt-textarea');
  return page;
}

const isSearch = (r: { method: string; path: string }) => r.method === 'GET' && /\/memories$/.test(r.path);

async function typeBursts(page: Page, server: TestServer | null, condition: SuggestCondition): Promise<TypingRun> {
  const windows: Array<[number, number]> = [];
  const from = server?.control.requests.length ?? 0;
  for (let burst = 0; burst < BURSTS; burst++) {
    const start = Date.now();
    for (let i = 0; i < BURST_KEYS; i++) {
      const ch = TEXT[(burst * BURST_KEYS + i) % TEXT.length]!;
      await page.keyboard.press(ch === ' ' ? 'Space' : ch);
      await sleep(KEY_GAP_MS);
    }
    windows.push([start, Date.now() - KEY_GAP_MS]);
    await sleep(PAUSE_MS);
  }
  const keyMs = (await page.evaluate('window.__typing.keyMs')) as number[];
  const searches = (server?.control.requests.slice(from) ?? []).filter(isSearch);
  return {
    condition,
    keyMs,
    searches: searches.length,
    searchesDuringBursts: searches.filter((r) => windows.some(([a, b]) => r.at >= a && r.at <= b)).length,
    keys: SUGGEST_KEYS,
  };
}

async function setSuggestions(ext: Extension, on: boolean): Promise<void> {
  const reply = await ext.send({
    type: 'ui:settings-update',
    patch: { suggestions: { sites: on ? ['chatgpt'] : [] } },
  });
  if (!reply.ok) throw new Error(`settings-update: ${reply.error.message}`);
  const sw = await ext.worker();
  const registered = await poll(
    async () => {
      const scripts = await sw.evaluate(() => chrome.scripting.getRegisteredContentScripts());
      return scripts.length > 0 === on ? true : null;
    },
    5_000,
    50,
  );
  if (!registered) throw new Error(`the suggestion script was not ${on ? 'registered' : 'unregistered'}`);
}

/** Calls into the suggestion script while TRACE_KEYS keys are typed (devtools.timeline FunctionCall events). */
async function traceScriptCalls(ext: Extension, page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  const script = `${ext.origin}/${ON_DEMAND_SCRIPTS.suggest.file}`;
  const typed = (async () => {
    await sleep(300);
    for (let i = 0; i < TRACE_KEYS; i++) {
      await page.keyboard.press(TEXT[i] === ' ' ? 'Space' : TEXT[i]!);
      await sleep(KEY_GAP_MS);
    }
  })();
  const events = await traceFor(cdp, 300 + TRACE_KEYS * (KEY_GAP_MS + 30) + SUGGEST_DEBOUNCE_MS + 300);
  await typed;
  await cdp.detach();
  return events.filter(
    (e) => e.name === 'FunctionCall' && String((e.args?.data as { url?: string } | undefined)?.url ?? '') === script,
  ).length;
}

export async function measureSuggestions(
  ext: Extension,
  server: TestServer,
  pages: Map<string, string>,
  plain: { context: BrowserContext; pages: Map<string, string> } | null,
): Promise<SuggestResult> {
  const bundle = (await bundleComposers(['prosemirror'], { tag: 'bench-suggest' })) as Map<'prosemirror', string>;
  const runs: TypingRun[] = [];
  const run = async (condition: SuggestCondition) => {
    if (condition === 'none') {
      if (!plain) return;
      const page = await openComposer(plain.context, plain.pages, bundle);
      runs.push(await typeBursts(page, null, condition));
      await page.close();
      return;
    }
    await setSuggestions(ext, condition === 'on');
    const page = await openComposer(ext.context, pages, bundle);
    // The registered script runs at document_idle: wait until it is there (its stop event's listener is not
    // visible to the page, so give it the time a document_idle injection takes on a loaded page).
    await sleep(500);
    runs.push(await typeBursts(page, server, condition));
    await page.close();
  };
  // One unmeasured page first: the first load and typing in a browser pays for warming up (the editor's code,
  // the renderer), which would otherwise fall on the first condition alone.
  {
    const warm = await openComposer(ext.context, pages, bundle);
    for (const ch of TEXT.slice(0, 20)) await warm.keyboard.press(ch === ' ' ? 'Space' : ch);
    await warm.close();
  }
  for (const condition of ['off', 'on', 'none', 'none', 'on', 'off'] as const) await run(condition);

  const scriptCalls = { off: 0, on: 0 };
  for (const condition of ['off', 'on'] as const) {
    await setSuggestions(ext, condition === 'on');
    const page = await openComposer(ext.context, pages, bundle);
    await sleep(500);
    scriptCalls[condition] = await traceScriptCalls(ext, page);
    await page.close();
  }
  await setSuggestions(ext, false);
  return { runs, scriptCalls };
}
