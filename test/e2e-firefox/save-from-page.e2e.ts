/**
 * Firefox: the context-menu handler (the exact function the menu calls) reads the selection of an ordinary page
 * through scripting, keeps its line breaks, and the memory reaches the real server with its provenance.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, launchExtension, startTestServer, type Extension, type TestServer } from './harness';

const PAGE_URL = 'http://127.0.0.1:38291/article.html';
const ARTICLE_HTML = `<!doctype html><html><head><title>Indentation notes</title></head><body>
<h1>Indentation notes</h1>
<p id="first">Prefers 2-space indentation in JavaScript.</p>
<p id="second">Tabs only in Makefiles.</p>
</body></html>`;

let ext: Extension;
let server: TestServer;

beforeAll(async () => {
  ext = await launchExtension();
  server = await startTestServer(ext);
  expect((await ext.send({ type: 'ui:connection-save', mode: 'self-hosted', apiUrl: server.url })).ok).toBe(true);
  const defaults = await ext.send({
    type: 'ui:settings-update',
    patch: { defaults: { namespace: 'reading', tags: ['web'] } },
  });
  expect(defaults.ok).toBe(true);
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
});

describe('firefox: Save to Mnueron from a page', () => {
  it('saves the selection with its line breaks and provenance', async () => {
    const page = await ext.browser.newPage();
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      // Nothing needs to listen on that port: the interception answers first (Firefox refuses port 9 outright).
      if (request.url() !== PAGE_URL) return void request.continue();
      void request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: ARTICLE_HTML });
    });
    await page.goto(PAGE_URL, { waitUntil: 'load' });
    await page.evaluate(() => {
      const range = document.createRange();
      range.setStartBefore(document.getElementById('first')!);
      range.setEndAfter(document.getElementById('second')!);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    });
    const tabId = await ext.tabIdOf(PAGE_URL);
    const result = (await ext.seam(
      'saveFromPage',
      {
        menuItemId: 'mnueron-save',
        pageUrl: PAGE_URL,
        frameId: 0,
        selectionText: 'Prefers 2-space indentation in JavaScript. Tabs only in Makefiles.',
      },
      { id: tabId, url: PAGE_URL, title: 'Indentation notes' },
    )) as { status: string };
    expect(result.status).toBe('saved');
    const [memory] = await eventually(() =>
      server.control.memories().length === 1 ? server.control.memories() : null,
    );
    expect(memory!.content).toMatch(/Prefers 2-space indentation in JavaScript\.\n+Tabs only in Makefiles\./);
    expect(memory!.source_ref).toBe(PAGE_URL);
    // Which browser it came from (Chrome sends chrome-extension).
    expect(memory!.source).toBe('firefox-extension');
    expect(memory!.namespace).toBe('reading');
    expect(memory!.tags).toEqual(['web']);
    await page.close();
  });
});
