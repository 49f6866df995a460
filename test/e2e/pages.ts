/**
 * Ordinary web pages for e2e tests, served through Playwright routing at http://127.0.0.1:9/… (nothing listens on
 * port 9; the route answers first). Loopback is inside the extension's host permissions, so scripting works there
 * as it does on any page after a context-menu click grants activeTab.
 */
import type { BrowserContext } from 'playwright-core';

export const PAGE_ORIGIN = 'http://127.0.0.1:9';

export async function servePages(context: BrowserContext, pages: Record<string, string>): Promise<void> {
  await context.route(`${PAGE_ORIGIN}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    const body = pages[path];
    if (body === undefined) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body });
  });
}

export const ARTICLE_HTML = `<!doctype html><html><head><title>Indentation notes</title>
<meta name="description" content="How the team formats code"></head><body>
<h1>Indentation notes</h1>
<p id="first">Prefers 2-space indentation in JavaScript.</p>
<p id="second">Tabs only in Makefiles.</p>
<a id="link" href="https://example.com/style">Style guide</a>
<input id="pw" type="password" value="hunter2-secret">
<textarea id="notes">line one
line two</textarea>
</body></html>`;
