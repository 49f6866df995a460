/**
 * Store screenshots, 1280×800 PNGs per store (Chrome Web Store, Firefox Add-ons, Edge Add-ons all take that size):
 * the popup opened over a ChatGPT conversation, and the options page. `npm run screenshots` runs this after
 * scripts/screenshots.ts → screenshots/store/<store>/*.png (git-ignored).
 *
 * Real states only: the built test extension (dist-test/) in Chromium against the real local server, the ChatGPT
 * fixture served at its real URL through the e2e harness's routing (so the chat script runs as on the site), saves
 * made through the background. The popup cannot be a browser's real toolbar popup in a screenshot, so it is shot as
 * its own page over that tab and framed on the page's screenshot where the toolbar popup would open.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchExtension, startTestServer } from '../test/e2e/harness';

const OUT = resolve(import.meta.dirname, '../screenshots/store');
const STORES = ['chrome', 'firefox', 'edge'] as const;
const SIZE = { width: 1280, height: 800 };
const CHAT_URL = 'https://chatgpt.com/c/6724c1f0-8a2b-8000-9f1e-3c5d7e9a1b20';
const FIXTURE = resolve(import.meta.dirname, '../test/fixtures/sites/chatgpt/finished.html');

function write(name: string, png: Buffer): void {
  for (const store of STORES) {
    mkdirSync(resolve(OUT, store), { recursive: true });
    writeFileSync(resolve(OUT, store, name), png);
    console.log(`  ✓ screenshots/store/${store}/${name}`);
  }
}

async function main(): Promise<void> {
  const server = await startTestServer();
  const ext = await launchExtension({ colorScheme: 'light' });
  try {
    const saved = await ext.send({ type: 'ui:connection-save', mode: 'self-hosted', apiUrl: server.url });
    if (!saved.ok) throw new Error(saved.error.message);
    const tested = await ext.send({ type: 'ui:connection-test' });
    if (!tested.ok) throw new Error(tested.error.message);
    const settings = await ext.send({ type: 'ui:settings-get' });
    if (!settings.ok) throw new Error(settings.error.message);
    const sites = {
      ...settings.value.capture.sites,
      chatgpt: { ...settings.value.capture.sites.chatgpt, enabled: true },
    };
    await ext.send({ type: 'ui:settings-update', patch: { capture: { sites }, defaults: { tags: ['web'] } } });
    for (const [content, namespace, tags] of [
      ['Prefers 2-space indentation in TypeScript; tabs only in Makefiles.', 'preferences', ['style']],
      ['The staging database is read-only; migrations run from CI only.', 'work', ['infra']],
    ] as const) {
      const reply = await ext.send({ type: 'ui:quick-save', content, namespace, tags: [...tags] });
      if (!reply.ok) throw new Error(reply.error.message);
    }

    const fixture = readFileSync(FIXTURE, 'utf8');
    await ext.context.route('https://chatgpt.com/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: fixture }),
    );
    const chat = await ext.context.newPage();
    await chat.setViewportSize(SIZE);
    await chat.goto(CHAT_URL);
    // The fixture carries the site's markup, not its stylesheets: a plain reading style so the shot is legible.
    await chat.addStyleTag({
      content: `html,body{background:#fff!important;color:#1f2328!important}
        body{font:16px/1.6 system-ui,sans-serif;max-width:760px;margin:32px 0 0 72px}
        nav,button,a[href="#main"],svg{display:none!important}
        pre{background:#f6f8fa;padding:12px 16px;border-radius:8px;font-size:14px;line-height:1.45}
        h5,h6{font-size:13px;color:#59636e;margin:24px 0 4px}`,
    });
    await chat.waitForTimeout(1_500);
    const chatPng = await chat.screenshot();
    const tabId = await ext.tabIdOf(chat);

    const popup = await ext.context.newPage();
    await popup.setViewportSize({ width: 360, height: 640 });
    await popup.goto(ext.popupUrl(tabId));
    await popup.locator('main.popup').waitFor({ timeout: 10_000 });
    await popup.locator('section.this-site').waitFor({ timeout: 10_000 });
    await popup.waitForTimeout(500);
    const popupPng = await popup.locator('main.popup').screenshot();

    // The popup where the toolbar button would drop it, over the chat, with the browser's popup shadow.
    const frame = await ext.context.newPage();
    await frame.setViewportSize(SIZE);
    await frame.setContent(`<!doctype html><html><body style="margin:0;width:1280px;height:800px;overflow:hidden;
      background:url(data:image/png;base64,${chatPng.toString('base64')}) no-repeat">
      <div style="position:absolute;inset:0;background:rgba(0,0,0,.08)"></div>
      <img src="data:image/png;base64,${popupPng.toString('base64')}" style="position:absolute;top:8px;right:16px;
        max-height:784px;border-radius:8px;box-shadow:0 12px 40px rgba(0,0,0,.35),0 0 0 1px rgba(0,0,0,.12)">
      </body></html>`);
    await frame.waitForTimeout(200);
    write('1-popup-over-chatgpt.png', await frame.screenshot());

    const options = await ext.context.newPage();
    await options.setViewportSize(SIZE);
    await options.goto(ext.optionsUrl);
    await options.locator('#connection').waitFor({ timeout: 10_000 });
    await options.waitForTimeout(500);
    write('2-options.png', await options.screenshot());
  } finally {
    await ext.close();
    await server.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
