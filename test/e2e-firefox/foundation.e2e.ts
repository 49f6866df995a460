/**
 * Firefox: the add-on installs, opens its options page on install in Local mode, saves a connection by its labels
 * on the options page, and a quick-save from the popup (tags, namespace) lands on the real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GECKO_ID } from '../../src/shared/extension-id';
import {
  DIST,
  button,
  byLabel,
  eventually,
  fill,
  launchExtension,
  loaded,
  startTestServer,
  status,
  type Extension,
  type TestServer,
} from './harness';

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

describe('firefox', () => {
  it('installs the Firefox package: background scripts, gecko id, no Chrome-only keys', async () => {
    const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8'));
    expect(manifest.background.scripts).toHaveLength(1);
    expect(manifest.background.service_worker).toBeUndefined();
    expect(manifest.browser_specific_settings.gecko.id).toBe(GECKO_ID);
    expect(manifest.key).toBeUndefined();
    expect(manifest.minimum_chrome_version).toBeUndefined();
  });

  it('opens the options page on install, in Local mode by default', async () => {
    const options = await eventually(() => ext.findPage(ext.optionsUrl));
    const local = await byLabel(options, 'Local');
    await eventually(() => local.evaluate((el) => (el as HTMLInputElement).checked));
    const url = await byLabel(options, 'API URL');
    expect(await url.evaluate((el) => (el as HTMLInputElement).value)).toBe('http://127.0.0.1:3122/api');
  });

  it('saves a self-hosted connection on the options page and proves it', async () => {
    const page = await ext.open(ext.optionsUrl);
    await (await byLabel(page, 'Self-hosted')).click();
    await fill(page, 'API URL', server.url);
    await (await button(page, 'Save')).click();
    await status(page, /Saved/);
    expect(await status(page, /connected/i)).toMatch(/connected/i);
    await page.evaluate(() => location.reload());
    await new Promise((r) => setTimeout(r, 200));
    await loaded(page, ext.optionsUrl);
    const selfHosted = await byLabel(page, 'Self-hosted');
    await eventually(() => selfHosted.evaluate((el) => (el as HTMLInputElement).checked));
    const url = await byLabel(page, 'API URL');
    expect(await url.evaluate((el) => (el as HTMLInputElement).value)).toBe(server.url);
    await page.close();
  });

  it('popup quick-save with tags and namespace lands on the server', async () => {
    const popup = await ext.open(ext.popupUrl);
    await fill(popup, 'Memory', 'Prefers tabs in Makefiles, saved from Firefox.');
    const tags = await byLabel(popup, 'Tags');
    await tags.type('firefox');
    await tags.press('Enter');
    await tags.type('style,');
    await fill(popup, 'Namespace', 'preferences');
    await (await button(popup, 'Save')).click();
    await status(popup, /Saved/);
    const saved = await eventually(() =>
      server.control.memories().find((m) => m.content === 'Prefers tabs in Makefiles, saved from Firefox.'),
    );
    expect(saved.namespace).toBe('preferences');
    expect(saved.tags).toEqual(['firefox', 'style']);
    // It reached the server from this add-on's own origin.
    expect(server.control.requests.some((r) => r.path.startsWith('/api/memories'))).toBe(true);
    await popup.close();
  });
});
