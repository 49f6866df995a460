/**
 * End-to-end harness: the test build of the extension (dist-test/) in real Chromium, against the real local server on loopback.
 * Recipe in docs/architecture.md §5. Every launch gets its own profile directory unless a test passes one (to relaunch
 * "the same browser" after closing it).
 */
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer, type ServerControl, type ServerOptions } from '../../server/app';
import type { Reply, ReplyMap, UiMessage } from '../../src/shared/messages';
import { findChromium } from '../../scripts/browsers';
import { eventually } from './eventually';
import { tabOf } from './tab-of';

export { eventually };

/** The test build (dist/ plus the __mnueron seam): `npm run build:test`. */
export const DIST = resolve(import.meta.dirname, '../../dist-test');

export type TestServer = { url: string; port: number; control: ServerControl; close(): Promise<void> };

/** The local Mnueron API on a free loopback port (in-memory unless a dataDir is given). */
export async function startTestServer(options: ServerOptions & { port?: number } = {}): Promise<TestServer> {
  return startServer({ host: '127.0.0.1', port: 0, ...options });
}

export type Extension = {
  context: BrowserContext;
  extensionId: string;
  userDataDir: string;
  /** The current service worker (a new one after killServiceWorker, once something woke it). */
  worker(): Promise<Worker>;
  popupUrl(tabId?: number): string;
  optionsUrl: string;
  /** A ui:* message through the background's router, as an extension page would send it. */
  send<T extends UiMessage['type']>(message: Extract<UiMessage, { type: T }>): Promise<Reply<ReplyMap[T]>>;
  /** Stops the service worker the way Chrome does when it idles out (Target.closeTarget). */
  killServiceWorker(): Promise<void>;
  /** The Chrome tab id of a page (for the popup's ?tab= and for context-menu calls). */
  tabIdOf(page: Page): Promise<number>;
  close(): Promise<void>;
};

function manifestPath(key: 'popup' | 'options'): string {
  const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8')) as {
    action: { default_popup: string };
    options_ui: { page: string };
  };
  return key === 'popup' ? manifest.action.default_popup : manifest.options_ui.page;
}

export async function launchExtension(
  options: {
    userDataDir?: string;
    colorScheme?: 'light' | 'dark';
    /**
     * The browser's UI language ("de", "ja", "zh-CN"), which picks the extension's locale (chrome.i18n) and the
     * pages' accept-language. Default en-US.
     */
    lang?: string;
    /** Extra Chromium flags (e.g. --enable-unsafe-extension-debugging, for CDP's Extensions.triggerAction). */
    args?: string[];
  } = {},
): Promise<Extension> {
  if (!existsSync(join(DIST, 'manifest.json')))
    throw new Error('dist-test/ is missing: run `npm run build:test` first.');
  const lang = options.lang ?? 'en-US';
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'mnueron-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: findChromium(),
    headless: true,
    colorScheme: options.colorScheme ?? 'light',
    locale: lang,
    // Chromium on Linux takes its UI language from --lang, falling back to the environment's.
    env: { ...process.env, LANGUAGE: lang.replace('-', '_'), LANG: `${lang.replace('-', '_')}.UTF-8` },
    args: [
      `--lang=${lang}`,
      '--no-sandbox',
      `--disable-extensions-except=${DIST}`,
      `--load-extension=${DIST}`,
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      ...(options.args ?? []),
    ],
  });
  const first = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(first.url()).host;
  const origin = `chrome-extension://${extensionId}`;
  const optionsUrl = `${origin}/${manifestPath('options')}`;
  // On a fresh profile the install opens the options page, and Chrome opens it over a blank tab when one is in
  // front: a page a test had just opened could be taken over mid-navigation (seen in CI). So a fresh launch returns
  // once that tab is there.
  if (options.userDataDir === undefined)
    await eventually(() => context.pages().some((p) => p.url().startsWith(optionsUrl)), 15_000, 50);

  // Playwright keeps a stopped worker's object around (its evaluate then never settles), so the newest live one
  // is tracked here and liveness is checked with a short probe.
  let latest: Worker = first;
  context.on('serviceworker', (w) => {
    if (w.url().startsWith(origin)) latest = w;
  });
  const probe = (w: Worker) =>
    Promise.race([
      w.evaluate(() => (globalThis as unknown as { __e2eMarker?: string }).__e2eMarker ?? 'fresh'),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 1_000)),
    ]).catch(() => null);

  async function worker(): Promise<Worker> {
    if ((await probe(latest)) !== null) return latest;
    // Nothing running: wake it the way the popup does, with a message from an extension page.
    const waiting = context.waitForEvent('serviceworker', { timeout: 15_000 });
    const page = await context.newPage();
    await page.goto(`${origin}/${manifestPath('popup')}`).catch(() => undefined);
    await page
      .evaluate(() =>
        (globalThis as unknown as { chrome: typeof chrome }).chrome.runtime.sendMessage({ type: 'ui:status' }),
      )
      .catch(() => undefined);
    const woken = await Promise.race([
      waiting,
      eventually(async () => ((await probe(latest)) !== null ? latest : null)),
    ]);
    await page.close();
    return woken;
  }

  const ext: Extension = {
    context,
    extensionId,
    userDataDir,
    worker,
    popupUrl: (tabId) => `${origin}/${manifestPath('popup')}${tabId !== undefined ? `?tab=${tabId}` : ''}`,
    optionsUrl,
    async send(message) {
      const sw = await worker();
      return sw.evaluate(async (m) => {
        const g = globalThis as unknown as {
          __mnueron: { route(m: unknown, s: unknown): Promise<unknown> };
          chrome: { runtime: { id: string; getURL(p: string): string } };
        };
        return g.__mnueron.route(m, { id: g.chrome.runtime.id, url: g.chrome.runtime.getURL('src/popup/index.html') });
      }, message as unknown) as never;
    },
    async killServiceWorker() {
      // Chrome may start a fresh worker at once (same target, same Playwright Worker object), so "stopped" is
      // proven by a marker in the old worker's global scope being gone, not by a close event.
      const marker = `killed-${Date.now()}-${Math.random()}`;
      const setMarker = (w: Worker) =>
        w.evaluate((m) => ((globalThis as unknown as { __e2eMarker?: string }).__e2eMarker = m), marker);
      await setMarker(await worker());
      const page = context.pages()[0] ?? (await context.newPage());
      const cdp = await context.newCDPSession(page);
      const { targetInfos } = (await cdp.send('Target.getTargets')) as {
        targetInfos: Array<{ targetId: string; type: string; url: string }>;
      };
      const targets = targetInfos.filter((t) => t.type === 'service_worker' && t.url.startsWith(origin));
      if (targets.length === 0) throw new Error('no service worker target to close');
      for (const t of targets) await cdp.send('Target.closeTarget', { targetId: t.targetId });
      await cdp.detach();
      // Stopped = no worker target left, or the worker that answers has a fresh global scope.
      await eventually(async () => {
        const session = await context.newCDPSession(page);
        const { targetInfos: now } = (await session.send('Target.getTargets')) as {
          targetInfos: Array<{ type: string; url: string }>;
        };
        await session.detach();
        if (!now.some((t) => t.type === 'service_worker' && t.url.startsWith(origin))) return true;
        const mark = await probe(latest);
        return mark !== null && mark !== marker;
      }, 10_000);
    },
    async tabIdOf(page) {
      // Several tabs can show one URL (tests reopen a fixture; a failed test leaves its page open), so the page is
      // named for the lookup: window.name is seen from the extension's isolated world too.
      const mark = `mnueron-e2e-${Date.now()}-${Math.random()}`;
      const before = await page.evaluate((m) => {
        const was = window.name;
        window.name = m;
        return was;
      }, mark);
      try {
        const id = await tabOf(await worker(), page.url(), mark);
        if (id === null) throw new Error(`no tab for ${page.url()}`);
        return id;
      } finally {
        await page.evaluate((was) => (window.name = was), before).catch(() => undefined);
      }
    },
    async close() {
      await context.close();
    },
  };
  return ext;
}

/** Points the extension at a server through the options page, by its labels, as a user would. */
export async function connectThroughOptions(ext: Extension, server: { url: string }, token?: string): Promise<Page> {
  const page = await ext.context.newPage();
  await page.goto(ext.optionsUrl);
  await page.getByLabel('Self-hosted', { exact: true }).check();
  await page.getByLabel('API URL', { exact: true }).fill(server.url);
  if (token !== undefined) await page.getByLabel('API token', { exact: true }).fill(token);
  await page.getByRole('button', { name: 'Save', exact: true }).first().click();
  await page.getByRole('status').filter({ hasText: 'Saved' }).first().waitFor();
  return page;
}
