/**
 * The foundation: the built extension loads, the options page opens on install with Local mode as default, it
 * saves a connection by its labels, "Test connection" tells apart down / token rejected / connected against the
 * real server, and the extension keeps working after Chrome stops its service worker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  DIST,
  connectThroughOptions,
  eventually,
  launchExtension,
  startTestServer,
  type Extension,
  type TestServer,
} from './harness';

const TOKEN = 'mnu_e2e_right_token_000000000001';
let server: TestServer;
let ext: Extension;

beforeAll(async () => {
  server = await startTestServer({ tokens: [TOKEN] });
  ext = await launchExtension();
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
});

async function testConnection(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Test connection' }).click();
  const result = page
    .locator('[data-testid="connection-result"], [role="status"]')
    .filter({ hasText: /connected|reach|token/i });
  await result.first().waitFor();
  return (await result.first().textContent()) ?? '';
}

describe('foundation', () => {
  it('builds a clean MV3 package: self-contained content script, nothing web-accessible', () => {
    const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8'));
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.web_accessible_resources ?? []).toEqual([]);
    expect(manifest.externally_connectable).toBeUndefined();
    expect(manifest.permissions).not.toContain('tabs');
    expect(JSON.stringify(manifest)).not.toContain('<all_urls>');
    const scripts = (manifest.content_scripts as Array<{ js: string[] }>).flatMap((c) => c.js);
    expect(scripts).toHaveLength(4); // one per chat site
    const code = scripts.map((script) => readFileSync(join(DIST, script), 'utf8')).join('\n');
    expect(code).not.toMatch(/\bimport\s*\(|^import\s/m); // no loader, no chunks
    // Content scripts only read pages: no API call, no credential, no validation library, no polyfill.
    for (const forbidden of [
      'Authorization',
      'Bearer',
      'fetch(',
      'XMLHttpRequest',
      '/memories',
      'mnueron.com/api',
      '$ZodType',
      'webextension-polyfill',
      'indexedDB',
    ]) {
      expect(code, `content script contains ${forbidden}`).not.toContain(forbidden);
    }
  });

  it('opens the options page on install, in Local mode by default', async () => {
    const options = await eventually(() => ext.context.pages().find((p) => p.url().startsWith(ext.optionsUrl)));
    await options.waitForLoadState();
    await expect.poll(() => options.getByLabel('Local', { exact: true }).isChecked()).toBe(true);
    expect(await options.getByLabel('API URL', { exact: true }).inputValue()).toBe('http://127.0.0.1:3122/api');
  });

  it('"Test connection" tells apart: unreachable, token rejected, connected', async () => {
    const page = await ext.context.newPage();
    await page.goto(ext.optionsUrl);
    await page.getByLabel('Self-hosted', { exact: true }).check();

    await page.getByLabel('API URL', { exact: true }).fill('http://127.0.0.1:9/api');
    expect(await testConnection(page)).toMatch(/can't reach/i);

    await page.getByLabel('API URL', { exact: true }).fill(server.url);
    await page.getByLabel('API token', { exact: true }).fill('mnu_e2e_wrong_token_00000000002');
    expect(await testConnection(page)).toMatch(/rejected the token/i);

    await page.getByLabel('API token', { exact: true }).fill(TOKEN);
    expect(await testConnection(page)).toMatch(/connected/i);
    // The test proved the token with an authenticated call, not the public health check.
    const last = server.control.requests.at(-1)!;
    expect(last.path).toMatch(/^\/api\/memories/);
    expect(last.authorization).toBe('bearer');
    await page.close();
  });

  it('saves the connection from the options page and uses it', async () => {
    const page = await connectThroughOptions(ext, server, TOKEN);
    await page.reload();
    await expect.poll(() => page.getByLabel('Self-hosted', { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel('API URL', { exact: true }).inputValue()).toBe(server.url);
    // The token is never shown back, only that one is stored.
    expect(await page.getByLabel('API token', { exact: true }).inputValue()).toBe('');
    const reply = await ext.send({ type: 'ui:quick-save', content: 'Prefers 2-space indentation.' });
    expect(reply.ok && reply.value.status).toBe('saved');
    expect(server.control.memories().map((m) => m.content)).toContain('Prefers 2-space indentation.');
  });

  it('keeps working after the service worker is stopped', async () => {
    await ext.killServiceWorker();
    const reply = await ext.send({ type: 'ui:quick-save', content: 'Saved by a fresh worker.' });
    expect(reply.ok).toBe(true);
    await eventually(() => server.control.memories().some((m) => m.content === 'Saved by a fresh worker.'));
    const status = await ext.send({ type: 'ui:status' });
    expect(status.ok && status.value.connection.apiUrl).toBe(server.url);
  });
});
