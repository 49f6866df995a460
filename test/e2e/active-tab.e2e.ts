/**
 * activeTab alone is enough: on a page whose host is outside the manifest's host_permissions, the extension can
 * read nothing until the user invokes it; once they do (here the toolbar action, through CDP's
 * Extensions.triggerAction, the same grant a context-menu click or the shortcut gives), the context-menu handler
 * saves the selection with its line breaks and the popup's "this page" reads the tab and saves it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIST, eventually, launchExtension, startTestServer, type Extension, type TestServer } from './harness';
import { ARTICLE_HTML } from './pages';

const OUTSIDE = 'http://outside-host-permissions.example';

let server: TestServer;
let ext: Extension;

/** Chrome's match-pattern test, enough for the patterns our manifest uses (scheme, host with *., any path). */
function matches(pattern: string, url: string): boolean {
  if (pattern === '<all_urls>') return true;
  const m = /^(\*|https?):\/\/([^/]+)\/(.*)$/.exec(pattern);
  if (!m) return false;
  const u = new URL(url);
  const [, scheme, host] = m;
  if (scheme !== '*' && `${scheme}:` !== u.protocol) return false;
  if (host === '*') return true;
  if (host!.startsWith('*.')) return u.hostname === host!.slice(2) || u.hostname.endsWith(host!.slice(1));
  return u.hostname === host;
}

beforeAll(async () => {
  server = await startTestServer();
  ext = await launchExtension({ args: ['--enable-unsafe-extension-debugging'] });
  await ext.context.route(`${OUTSIDE}/**`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: ARTICLE_HTML }),
  );
  expect((await ext.send({ type: 'ui:connection-save', mode: 'self-hosted', apiUrl: server.url })).ok).toBe(true);
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
});

describe('activeTab on a host outside host_permissions', () => {
  it('the host is outside the built manifest host_permissions, and the browser agrees', async () => {
    const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8')) as {
      host_permissions: string[];
      permissions: string[];
    };
    expect(manifest.permissions).toContain('activeTab');
    expect(manifest.host_permissions.length).toBeGreaterThan(0);
    expect(manifest.host_permissions.filter((p) => matches(p, `${OUTSIDE}/article.html`))).toEqual([]);
    // The matcher itself is not vacuous: the loopback pattern matches loopback.
    expect(manifest.host_permissions.some((p) => matches(p, 'http://127.0.0.1:9/article.html'))).toBe(true);
    const sw = await ext.worker();
    const held = await sw.evaluate((o) => chrome.permissions.contains({ origins: [`${o}/*`] }), OUTSIDE);
    expect(held).toBe(false);
  });

  it('reads nothing before the user invokes the extension, then saves the selection and the page', async () => {
    const url = `${OUTSIDE}/article.html`;
    const page = await ext.context.newPage();
    await page.goto(url);
    await page.evaluate(() => {
      const range = document.createRange();
      range.setStartBefore(document.getElementById('first')!);
      range.setEndAfter(document.getElementById('second')!);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    });
    // Without host access Chrome hides the tab's URL from the extension (so ext.tabIdOf can't find it): the tab is
    // the active one, with no URL.
    await page.bringToFront();
    const sw = await ext.worker();
    const tabs = await sw.evaluate(() => chrome.tabs.query({ active: true, lastFocusedWindow: true }));
    expect(tabs).toHaveLength(1);
    expect(tabs[0]!.url).toBeUndefined();
    const tabId = tabs[0]!.id!;
    const tryScript = () =>
      sw.evaluate(
        (id) =>
          chrome.scripting
            .executeScript({ target: { tabId: id }, func: () => document.title })
            .then((r) => r[0]?.result ?? null)
            .catch(() => 'refused'),
        tabId,
      );
    expect(await tryScript()).toBe('refused');

    // The user clicks the toolbar button on this tab: Chrome grants activeTab for it.
    const browserCdp = await ext.context.browser()!.newBrowserCDPSession();
    const { targetInfos } = (await browserCdp.send('Target.getTargets', { filter: [{ type: 'tab' }] })) as {
      targetInfos: Array<{ targetId: string; type: string; url: string }>;
    };
    const targetInfo = targetInfos.find((t) => t.type === 'tab' && t.url === url)!;
    expect(targetInfo).toBeDefined();
    await browserCdp.send(
      'Extensions.triggerAction' as never,
      { id: ext.extensionId, targetId: targetInfo.targetId } as never,
    );
    await browserCdp.detach();
    await eventually(async () => (await tryScript()) === 'Indentation notes');

    // Context menu: what the menu's handler does, reading the selection with its line breaks.
    const result = (await sw.evaluate(
      ({ info, tab }) =>
        (
          globalThis as unknown as { __mnueron: { saveFromPage(i: unknown, t: unknown): Promise<unknown> } }
        ).__mnueron.saveFromPage(info, tab),
      {
        info: {
          menuItemId: 'mnueron-save',
          pageUrl: url,
          frameId: 0,
          selectionText: 'Prefers 2-space indentation in JavaScript. Tabs only in Makefiles.',
        },
        tab: { id: tabId, url, title: 'Indentation notes' },
      },
    )) as { status: string } | null;
    expect(result?.status).toBe('saved');
    await eventually(() =>
      server.control
        .memories()
        .some((m) => /Prefers 2-space indentation in JavaScript\.\n+Tabs only in Makefiles\./.test(m.content)),
    );

    // Popup: "this page" is read from the tab (title, URL, selection) and saved.
    const active = await ext.send({ type: 'ui:active-tab', tabId });
    if (!active.ok) throw new Error(active.error.message);
    expect(active.value).toMatchObject({ url, title: 'Indentation notes' });
    expect(active.value.selection).toMatch(/Tabs only in Makefiles\./);
    const saved = await ext.send({
      type: 'ui:quick-save',
      content: `[${active.value.title}](${active.value.url})`,
      tabId,
    });
    expect(saved.ok).toBe(true);
    const memory = await eventually(() => server.control.memories().find((m) => m.content.includes(url)) ?? null);
    expect(memory.content).toContain('Indentation notes');
  });
});
