/**
 * Chrome grants the manifest's host permissions at install, so the popup's site-access alert (which Firefox users
 * meet when they refuse or revoke access) never shows here: not for the chat sites, and not for the API origin with
 * its port, which a granted port-less pattern must be found to cover.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, startTestServer, type Extension, type TestServer } from './harness';

let server: TestServer;
let ext: Extension;

beforeAll(async () => {
  server = await startTestServer();
  ext = await launchExtension();
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
});

describe('host access on Chrome', () => {
  it('holds every chat site and the API origin from the install, and the popup shows no access alert', async () => {
    expect((await ext.send({ type: 'ui:connection-save', mode: 'self-hosted', apiUrl: server.url })).ok).toBe(true);
    const settings = await ext.send({ type: 'ui:settings-get' });
    if (!settings.ok) throw new Error(settings.error.message);
    const sites = Object.fromEntries(
      Object.entries(settings.value.capture.sites).map(([id, site]) => [id, { ...site, enabled: true }]),
    );
    expect((await ext.send({ type: 'ui:settings-update', patch: { capture: { sites } } })).ok).toBe(true);

    for (const firstRun of [true, false]) {
      if (!firstRun) expect((await ext.send({ type: 'ui:connection-test' })).ok).toBe(true);
      const popup = await ext.context.newPage();
      await popup.goto(ext.popupUrl());
      await popup.locator(firstRun ? 'main.first-run' : 'main.popup').waitFor({ timeout: 10_000 });
      const origin = new URL(server.url).origin;
      expect(
        await popup.evaluate(
          (o) => chrome.permissions.contains({ origins: [`${o}/*`, 'https://chatgpt.com/*', 'https://claude.ai/*'] }),
          origin,
        ),
      ).toBe(true);
      await popup.waitForTimeout(300);
      expect(await popup.locator('section[aria-label="Site access"]').count()).toBe(0);
      await popup.close();
    }
  });
});
