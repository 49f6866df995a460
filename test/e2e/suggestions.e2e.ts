/**
 * Suggestions while typing, in real Chromium against the real server, on a ChatGPT page whose composer is real
 * ProseMirror (as in insert.e2e.ts). Off (the default): typing makes no request at all and nothing is registered.
 * On (the options page checkbox): the script reaches the already open tab; after typing and a pause exactly one
 * search goes out (not one per keystroke), the count beside the composer is the number of matching memories, and
 * clicking it opens the panel on those results.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CDPSession, Page } from 'playwright-core';
import { bundleComposers } from './composers/sites';
import { eventually, launchExtension, startTestServer, type Extension, type TestServer } from './harness';

const URL_ = 'https://chatgpt.com/c/6724c1f0-8a2b-8000-9f1e-3c5d7e9a1b20';
let server: TestServer;
let ext: Extension;
let page: Page;
let html = '';

beforeAll(async () => {
  const bundle = (await bundleComposers(['prosemirror'], { tag: 'suggest' })).get('prosemirror');
  const attributes = JSON.stringify({ id: 'prompt-textarea' }).replace(/"/g, '&quot;');
  html = `<!doctype html><html><head><meta charset="utf-8"><title>ChatGPT</title>
<style>#mount, [contenteditable] { min-height: 40px; width: 500px; border: 1px solid #888; }</style></head>
<body><main><p>Earlier answer text.</p><form><div id="mount" data-draft="" data-attributes="${attributes}"></div>
<button data-testid="send-button">Send</button></form></main><script>${bundle}</script></body></html>`;
  server = await startTestServer();
  ext = await launchExtension();
  await ext.context.route('https://chatgpt.com/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
  );
  expect((await ext.send({ type: 'ui:connection-save', mode: 'self-hosted', apiUrl: server.url })).ok).toBe(true);
  for (const content of ['Espresso: a double, no sugar', 'My espresso machine is a Gaggia', 'Decaf espresso after 4pm'])
    await seed(content);
  await seed('I live in Lyon');
  page = await ext.context.newPage();
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.goto(URL_);
  await page.waitForFunction(
    () => typeof (window as unknown as { __editorText?: unknown }).__editorText === 'function',
  );
}, 120_000);

afterAll(async () => {
  await ext?.close();
  await server?.close();
});

async function seed(content: string): Promise<void> {
  const response = await fetch(`${server.url}/memories`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ content, tags: [], namespace: 'default' }),
  });
  expect(response.status).toBe(201);
}

const searches = () => server.control.requests.filter((r) => r.method === 'GET' && /\/memories$/.test(r.path));

async function typeDraft(text: string): Promise<void> {
  await page.locator('#prompt-textarea').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  // Keystrokes closer together than the pause.
  await page.keyboard.type(text, { delay: 60 });
}

/** The count button, read through CDP (it lives in a closed shadow root, out of reach of the page and locators). */
async function badge(cdp: CDPSession): Promise<{ text: string; label: string; x: number; y: number } | null> {
  type Node = {
    nodeId: number;
    nodeName: string;
    nodeValue?: string;
    attributes?: string[];
    children?: Node[];
    shadowRoots?: Node[];
  };
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: Node };
  const all = (n: Node): Node[] => [n, ...(n.children ?? []).flatMap(all), ...(n.shadowRoots ?? []).flatMap(all)];
  const button = all(root).find(
    (n) => n.nodeName === 'BUTTON' && all(root).some((h) => h.nodeName === 'MNUERON-SUGGEST' && all(h).includes(n)),
  );
  if (!button) return null;
  const attrs = button.attributes ?? [];
  const label = attrs[attrs.indexOf('aria-label') + 1] ?? '';
  const text = (button.children ?? []).map((c) => c.nodeValue ?? '').join('');
  const { model } = (await cdp.send('DOM.getBoxModel', { nodeId: button.nodeId })) as { model: { content: number[] } };
  const q = model.content;
  return { text, label, x: (q[0]! + q[4]!) / 2, y: (q[1]! + q[5]!) / 2 };
}

describe('suggestions', () => {
  it('off (the default): typing sends nothing and nothing is registered', async () => {
    const registered = await (await ext.worker()).evaluate(() => chrome.scripting.getRegisteredContentScripts());
    expect(registered).toEqual([]);
    server.control.requests.length = 0;
    await typeDraft('espresso');
    await page.waitForTimeout(1_500);
    expect(server.control.requests).toEqual([]);
    expect(await page.locator('mnueron-suggest').count()).toBe(0);
  });

  it('on: one search after the pause, the count of matching memories, and a click opens the panel on them', async () => {
    const options = await ext.context.newPage();
    await options.goto(ext.optionsUrl);
    await options.getByRole('checkbox', { name: 'Suggest related memories while I type on ChatGPT' }).check();
    await eventually(async () => {
      const registered = await (await ext.worker()).evaluate(() => chrome.scripting.getRegisteredContentScripts());
      expect(registered.map((s) => [...(s.matches ?? [])].sort())).toEqual([
        ['https://chat.openai.com/*', 'https://chatgpt.com/*'],
      ]);
      return true;
    });
    await options.close();
    await page.bringToFront();
    server.control.requests.length = 0;
    const cdp = await ext.context.newCDPSession(page);
    await typeDraft('espresso');
    await expect.poll(async () => (await badge(cdp))?.text, { timeout: 10_000 }).toBe('Memories: 3');
    // One search for the whole word typed, not one per keystroke (8 keystrokes).
    expect(searches()).toHaveLength(1);
    const shown = (await badge(cdp))!;
    expect(shown.label).toBe('Related memories: 3. Open them in the Mnueron panel.');
    // Beside the composer, not over it.
    const box = (await page.locator('#prompt-textarea').boundingBox())!;
    expect(shown.x > box.x + box.width || shown.y < box.y).toBe(true);
    // The draft is not stored anywhere: no write reached the server.
    expect(server.control.requests.every((r) => r.method === 'GET')).toBe(true);

    // The click opens Chrome's side panel (sidePanel.open inside the click's gesture), which takes the query.
    const sidePanels = () =>
      ext
        .worker()
        .then((w) =>
          w.evaluate(async () =>
            (await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.SIDE_PANEL] })).map(
              (c) => c.documentUrl ?? '',
            ),
          ),
        );
    expect(await sidePanels()).toEqual([]);
    await page.mouse.click(shown.x, shown.y);
    await expect.poll(async () => (await sidePanels()).length, { timeout: 10_000 }).toBe(1);
    // (a panel just opened can be listed before its document's URL is: wait for the URL, not only the context)
    await expect.poll(async () => (await sidePanels())[0], { timeout: 5_000 }).toContain('src/sidepanel/index.html');
    expect(await sidePanels()).toHaveLength(1);

    // A panel already open (here the panel page in a tab, which Playwright can drive) is switched to those results.
    const panel = await ext.context.newPage();
    await panel.goto(ext.popupUrl().replace('src/popup/index.html', 'src/sidepanel/index.html'));
    await panel.getByLabel('Search memories').waitFor();
    await page.bringToFront();
    await page.mouse.click(shown.x, shown.y);
    await expect.poll(() => panel.getByLabel('Search memories').inputValue(), { timeout: 10_000 }).toBe('espresso');
    const items = panel.getByRole('list', { name: 'Memories found' }).getByRole('listitem');
    await expect.poll(() => items.count()).toBe(3);
  });
});
