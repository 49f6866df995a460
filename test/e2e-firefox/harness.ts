/**
 * Firefox end-to-end harness: the Firefox test build (dist-firefox-test/) installed as a temporary add-on in
 * Debian's firefox-esr, driven over WebDriver BiDi by puppeteer-core, against the real local server on loopback.
 * Firefox gives each install a random moz-extension:// origin; the harness pins it with the
 * `extensions.webextensions.uuids` pref so it knows the origin before the add-on starts, and the server is told to
 * serve exactly that origin.
 */
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findFirefox } from '../../scripts/browsers';
import { startServer, type ServerControl, type ServerOptions } from '../../server/app';
import { GECKO_ID } from '../../src/shared/extension-id';
import type { Reply, ReplyMap, UiMessage } from '../../src/shared/messages';
import { eventually } from '../e2e/eventually';

export { eventually };

/** The Firefox test build (dist-firefox/ plus the __mnueron seam): `npm run build:firefox-test`. */
export const DIST = resolve(import.meta.dirname, '../../dist-firefox-test');

export type TestServer = { url: string; port: number; control: ServerControl; close(): Promise<void> };

export type Extension = {
  browser: Browser;
  /** moz-extension://<uuid> */
  origin: string;
  optionsUrl: string;
  popupUrl: string;
  /** A new tab on an extension page (or any URL), loaded. */
  open(url: string): Promise<Page>;
  /** An open tab whose page (as the page itself says: page.url() can lag behind) starts with this URL. */
  findPage(url: string): Promise<Page | undefined>;
  /**
   * Calls a test-seam function (`__mnueron`, test build only) in the background page, as the context menu or the
   * shortcut would call it. Firefox's background is a page, so an extension page reaches it with getBackgroundPage.
   */
  seam(name: 'saveFromPage' | 'saveSelectionOfTab' | 'drainOutbox', ...args: unknown[]): Promise<unknown>;
  /** The browser's id of the tab showing this URL (the extension may see it: a host it holds). */
  tabIdOf(url: string): Promise<number>;
  /** A ui:* message through the background's router, sent from an extension page as the popup sends it. */
  send<T extends UiMessage['type']>(message: Extract<UiMessage, { type: T }>): Promise<Reply<ReplyMap[T]>>;
  close(): Promise<void>;
};

function manifestPage(key: 'popup' | 'options'): string {
  const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8')) as {
    action: { default_popup: string };
    options_ui: { page: string };
  };
  return key === 'popup' ? manifest.action.default_popup : manifest.options_ui.page;
}

/** Firefox with the extension installed (temporarily, as `about:debugging` does) and its origin known. */
export async function launchExtension(): Promise<Extension> {
  if (!existsSync(join(DIST, 'manifest.json')))
    throw new Error('dist-firefox-test/ is missing: run `npm run build:firefox-test` first.');
  const uuid = randomUUID();
  const origin = `moz-extension://${uuid}`;
  const userDataDir = mkdtempSync(join(tmpdir(), 'mnueron-e2e-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: findFirefox(),
    headless: true,
    userDataDir,
    // Firefox 153 lets WebDriver navigate only to http(s), file, blob and about:blank unless system access is
    // allowed; extension pages (moz-extension://) need it.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }),
      // No first-run pages, updates or telemetry pings in a test profile.
      'browser.shell.checkDefaultBrowser': false,
      'app.update.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      // permissions.request (from a click) grants without its doorhanger, which a headless test cannot answer.
      'extensions.webextOptionalPermissionPrompts': false,
    },
  });
  try {
    const id = await browser.installExtension(DIST);
    if (id !== GECKO_ID) throw new Error(`installed add-on has id ${id}, expected ${GECKO_ID}`);
  } catch (err) {
    await browser.close();
    throw err;
  }

  async function open(url: string): Promise<Page> {
    const page = await browser.newPage();
    // Firefox moves the tab into the extension process for a moz-extension:// page and puppeteer misses the end
    // of that navigation (its goto never settles, page.url() stays about:blank), though the page loads: so the
    // load is proven from inside the page.
    void page.goto(url, { waitUntil: 'load', timeout: 5_000 }).catch(() => undefined);
    await loaded(page, url);
    return page;
  }

  async function findPage(url: string): Promise<Page | undefined> {
    for (const page of await browser.pages()) {
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (href.startsWith(url)) return page;
    }
    return undefined;
  }

  const popupUrl = `${origin}/${manifestPage('popup')}`;
  return {
    browser,
    origin,
    optionsUrl: `${origin}/${manifestPage('options')}`,
    popupUrl,
    open,
    findPage,
    async send(message) {
      const page = await open(popupUrl);
      try {
        return (await page.evaluate(
          (m) => (globalThis as unknown as { browser: typeof chrome }).browser.runtime.sendMessage(m),
          message as unknown,
        )) as never;
      } finally {
        await page.close();
      }
    },
    async seam(name, ...args) {
      const page = await open(popupUrl);
      try {
        return await page.evaluate(
          async (fn: string, a: unknown[]) => {
            const g = globalThis as unknown as {
              browser: { runtime: { getBackgroundPage(): Promise<Window> } };
            };
            const bg = (await g.browser.runtime.getBackgroundPage()) as unknown as {
              __mnueron: Record<string, (...x: unknown[]) => Promise<unknown>>;
            };
            // Copied in and out as JSON: values must not keep a reference into this page, which closes next.
            const result = await bg.__mnueron[fn]!(...(JSON.parse(JSON.stringify(a)) as unknown[]));
            return JSON.parse(JSON.stringify(result ?? null)) as unknown;
          },
          name,
          args,
        );
      } finally {
        await page.close();
      }
    },
    async tabIdOf(url) {
      const page = await open(popupUrl);
      try {
        const id = await page.evaluate(async (u: string) => {
          const g = globalThis as unknown as { browser: typeof chrome };
          const tabs = await g.browser.tabs.query({});
          return tabs.find((t) => t.url === u)?.id ?? -1;
        }, url);
        if (id < 0) throw new Error(`no tab for ${url}`);
        return id;
      } finally {
        await page.close();
      }
    },
    async close() {
      await browser.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Waits until the page itself is at this URL and loaded (puppeteer's own URL can be stale for extension pages). */
export async function loaded(page: Page, url: string): Promise<void> {
  // Polled by hand: while the tab switches process, an evaluation can fail with a protocol error (seen as
  // "right-hand side of 'in' should be an object"); that means "not there yet", not a failure.
  const deadline = Date.now() + 15_000;
  for (;;) {
    const ready = await page
      .evaluate((u: string) => location.href.startsWith(u) && document.readyState === 'complete', url)
      .catch(() => false);
    if (ready) return;
    if (Date.now() > deadline) throw new Error(`${url} did not load within 15 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The local Mnueron API on a free loopback port, serving this extension's moz-extension:// origin only. */
export async function startTestServer(
  ext: Extension,
  options: ServerOptions & { port?: number } = {},
): Promise<TestServer> {
  return startServer({ host: '127.0.0.1', port: 0, allowedExtensionOrigins: [ext.origin], ...options });
}

/**
 * The form control a visible label names (`<label for>` or a wrapping `<label>`, or aria-label), as a user finds
 * it. Waits until it is there.
 */
export async function byLabel(page: Page, label: string): Promise<import('puppeteer-core').ElementHandle<Element>> {
  const handle = await page.waitForFunction(
    (text: string) => {
      for (const el of Array.from(document.querySelectorAll('[aria-labelledby]'))) {
        const ids = (el.getAttribute('aria-labelledby') ?? '').split(/\s+/);
        const labelText = ids
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' ')
          .trim();
        if (labelText === text) return el;
      }
      for (const l of Array.from(document.querySelectorAll('label')))
        if ((l.textContent ?? '').trim() === text && l.control) return l.control;
      return document.querySelector(`[aria-label="${CSS.escape(text)}"]`);
    },
    { timeout: 10_000, polling: 100 },
    label,
  );
  return handle as import('puppeteer-core').ElementHandle<Element>;
}

/** A button by its text. */
export async function button(page: Page, name: string): Promise<import('puppeteer-core').ElementHandle<Element>> {
  const handle = await page.waitForFunction(
    (text: string) =>
      Array.from(document.querySelectorAll('button')).find((b) => b.textContent?.trim() === text && !b.disabled) ??
      null,
    { timeout: 10_000, polling: 100 },
    name,
  );
  return handle as import('puppeteer-core').ElementHandle<Element>;
}

/** Waits for a role="status" element whose text matches. */
export async function status(page: Page, text: RegExp): Promise<string> {
  const handle = await page.waitForFunction(
    (source: string, flags: string) => {
      const re = new RegExp(source, flags);
      return Array.from(document.querySelectorAll('[role="status"]'))
        .map((s) => s.textContent ?? '')
        .find((t) => re.test(t));
    },
    { timeout: 15_000, polling: 100 },
    text.source,
    text.flags,
  );
  return (await handle.jsonValue()) as string;
}

/** Types into a field after clearing it, with real key events (as a user would). */
export async function fill(page: Page, label: string, value: string): Promise<void> {
  const field = await byLabel(page, label);
  await field.click({ count: 3 });
  await field.evaluate((el) => {
    (el as HTMLInputElement).select?.();
  });
  await page.keyboard.press('Backspace');
  if (value) await field.type(value);
}
