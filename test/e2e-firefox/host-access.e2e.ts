/**
 * Firefox: host permissions are the user's to refuse or revoke (about:addons → Permissions). With ChatGPT's access
 * revoked while its capture is on, the popup keeps an alert saying capture cannot work there and why, and its
 * "Allow access" button asks the browser again from the click (the harness lets Firefox grant without the
 * doorhanger a headless test cannot answer); the alert then goes away.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { button, eventually, launchExtension, startTestServer, type Extension, type TestServer } from './harness';

const CHATGPT = ['https://chatgpt.com/*', 'https://chat.openai.com/*'];

let ext: Extension;
let server: TestServer;

beforeAll(async () => {
  ext = await launchExtension();
  server = await startTestServer(ext);
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
});

/** `permissions.contains` as the extension sees it, asked from one of its pages. */
function holds(page: Page, origins: string[]): Promise<boolean> {
  return page.evaluate(
    (o: string[]) => (globalThis as unknown as { browser: typeof chrome }).browser.permissions.contains({ origins: o }),
    origins,
  );
}

function alertText(page: Page): Promise<string> {
  return page.evaluate(() => document.querySelector('section[aria-label="Site access"]')?.textContent ?? '');
}

describe('firefox host access', () => {
  it('has the chat sites and the API origin from the install, and shows no alert', async () => {
    const saved = await ext.send({ type: 'ui:connection-save', mode: 'self-hosted', apiUrl: server.url });
    expect(saved.ok).toBe(true);
    const enabled = await ext.send({
      type: 'ui:settings-update',
      patch: { capture: { sites: { chatgpt: { enabled: true } } } },
    });
    expect(enabled.ok).toBe(true);
    const popup = await ext.open(ext.popupUrl);
    expect(await holds(popup, [...CHATGPT, 'http://127.0.0.1/*'])).toBe(true);
    await popup.waitForSelector('main');
    await new Promise((r) => setTimeout(r, 300));
    expect(await alertText(popup)).toBe('');
    await popup.close();
  });

  it('keeps an alert while ChatGPT access is revoked, and asks for it again from the button', async () => {
    const page = await ext.open(ext.popupUrl);
    const removed = await page.evaluate(
      (o: string[]) => (globalThis as unknown as { browser: typeof chrome }).browser.permissions.remove({ origins: o }),
      CHATGPT,
    );
    expect(removed).toBe(true);
    expect(await holds(page, CHATGPT)).toBe(false);
    await page.close();

    const popup = await ext.open(ext.popupUrl);
    const text = await eventually(async () => {
      const t = await alertText(popup);
      return t.includes("Capture can't work on ChatGPT") ? t : undefined;
    });
    expect(text).toContain('reads a chat site only where you turned capture on');
    // Reopening keeps it: the alert lasts while access is missing.
    await popup.evaluate(() => location.reload());
    await eventually(async () => ((await alertText(popup)).includes('ChatGPT') ? true : undefined));

    await (await button(popup, 'Allow access')).click();
    await eventually(async () => ((await holds(popup, CHATGPT)) ? true : undefined));
    await eventually(async () => ((await alertText(popup)) === '' ? true : undefined));
    await popup.close();
  });
});
