/**
 * The token never leaves the background's reach. On a chat page, code evaluated inside our content script's own
 * isolated world (CDP Runtime.evaluate in that execution context) cannot read the token from any storage it can
 * see, cannot get it from the background by message, and cannot use the UI messages at all. The page's main world
 * cannot message the extension.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { CDPSession, Page } from 'playwright-core';
import { eventually, launchExtension, startTestServer, type Extension, type TestServer } from './harness';

const TOKEN = 'mnu_security_e2e_token_7f3a9c2e51';
const CHAT_URL = 'https://chatgpt.com/c/6724c1f0-8a2b-8000-9f1e-3c5d7e9a1b20';
let server: TestServer;
let ext: Extension;
let page: Page;
let cdp: CDPSession;
let isolatedContextId: number;

beforeAll(async () => {
  server = await startTestServer({ tokens: [TOKEN] });
  ext = await launchExtension();
  const saved = await ext.send({ type: 'ui:connection-save', mode: 'self-hosted', apiUrl: server.url, token: TOKEN });
  expect(saved.ok).toBe(true);
  const fixture = readFileSync('test/fixtures/sites/chatgpt/finished.html', 'utf8');
  await ext.context.route('https://chatgpt.com/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: fixture }),
  );
  page = await ext.context.newPage();
  cdp = await ext.context.newCDPSession(page);
  const contexts: Array<{ id: number; origin: string; name: string; auxData?: { type?: string } }> = [];
  cdp.on('Runtime.executionContextCreated', (event: { context: (typeof contexts)[number] }) =>
    contexts.push(event.context),
  );
  await cdp.send('Runtime.enable');
  await page.goto(CHAT_URL);
  const ours = await eventually(() =>
    contexts.find((c) => c.auxData?.type === 'isolated' && c.origin === `chrome-extension://${ext.extensionId}`),
  );
  isolatedContextId = ours.id;
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
});

async function inContentScript<T>(expression: string): Promise<T> {
  const result = (await cdp.send('Runtime.evaluate', {
    expression,
    contextId: isolatedContextId,
    awaitPromise: true,
    returnByValue: true,
  })) as { result: { value: T }; exceptionDetails?: { exception?: { description?: string } } };
  if (result.exceptionDetails) throw new Error(result.exceptionDetails.exception?.description ?? 'evaluation failed');
  return result.result.value;
}

describe('token isolation', () => {
  it('the content script world can reach chrome.runtime (so the checks below are real)', async () => {
    expect(await inContentScript<string>('typeof chrome.runtime.sendMessage')).toBe('function');
  });

  it('no storage visible to the content script holds the token', async () => {
    const local = await inContentScript<string>('chrome.storage.local.get(null).then((v) => JSON.stringify(v))');
    expect(local).not.toContain(TOKEN);
    expect(local).toContain('settings'); // it does see the (secret-free) settings it needs
    const session = await inContentScript<string>(
      'chrome.storage.session.get(null).then((v) => JSON.stringify(v), (e) => "denied: " + e.message)',
    );
    expect(session).not.toContain(TOKEN);
    const sync = await inContentScript<string>(
      'chrome.storage.sync.get(null).then((v) => JSON.stringify(v), (e) => "denied: " + e.message)',
    );
    expect(sync).not.toContain(TOKEN);
    // IndexedDB from a content script is the page's, never the extension's database.
    const databases = await inContentScript<string>('indexedDB.databases().then((d) => JSON.stringify(d))');
    expect(databases).not.toContain('mnueron');
  });

  it('the background answers the content script no UI message, and never with the token', async () => {
    for (const type of ['ui:connection-get', 'ui:debug-info', 'ui:status', 'ui:settings-get', 'ui:diagnostics']) {
      const reply = await inContentScript<string>(
        `chrome.runtime.sendMessage({ type: ${JSON.stringify(type)} }).then((r) => JSON.stringify(r))`,
      );
      expect(reply).not.toContain(TOKEN);
      expect(JSON.parse(reply)).toEqual({ ok: false, error: { code: 'forbidden', message: 'Not allowed.' } });
    }
  });

  it('the page itself cannot message the extension', async () => {
    const mainWorld = await page.evaluate(async (id) => {
      const c = (globalThis as unknown as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome;
      if (!c?.runtime?.sendMessage) return 'no runtime';
      try {
        await (c.runtime.sendMessage as (id: string, m: unknown) => Promise<unknown>)(id, {
          type: 'ui:connection-get',
        });
        return 'answered';
      } catch (err) {
        return `refused: ${String(err)}`;
      }
    }, ext.extensionId);
    expect(mainWorld).not.toBe('answered');
  });

  it('the token is sent only to the configured API origin', async () => {
    expect((await ext.send({ type: 'ui:quick-save', content: 'Authenticated save.' })).ok).toBe(true);
    await eventually(() => server.control.memories().some((m) => m.content === 'Authenticated save.'));
    const withAuth = server.control.requests.filter((r) => r.authorization === 'bearer');
    expect(withAuth.length).toBeGreaterThan(0);
    // A draft on another origin is tested without the stored token.
    const other = await startTestServer();
    try {
      const reply = await ext.send({ type: 'ui:connection-test', mode: 'self-hosted', apiUrl: other.url });
      expect(reply.ok).toBe(true);
      expect(other.control.requests.every((r) => r.authorization !== 'bearer')).toBe(true);
    } finally {
      await other.close();
    }
  });
});

describe('the connection and privacy settings cannot be changed from a content script', () => {
  it('a storage.local write from the content script world neither moves the token nor weakens privacy', async () => {
    const attacker = await startTestServer();
    try {
      // Everything a content script can write: point the API elsewhere, redaction off, capture on everywhere.
      const forged = {
        version: 1,
        connection: { mode: 'self-hosted', apiUrl: attacker.url },
        privacy: { redactSecrets: false },
        capture: {
          sites: Object.fromEntries(['chatgpt', 'claude', 'gemini', 'perplexity'].map((s) => [s, { enabled: true }])),
          skipTemporary: false,
        },
      };
      await inContentScript(`chrome.storage.local.set({ settings: ${JSON.stringify(forged)} }).then(() => true)`);
      const secret = 'AKIAIOSFODNN7EXAMPLE';
      const content = `After the forged write: key ${secret}`;
      expect((await ext.send({ type: 'ui:quick-save', content })).ok).toBe(true);
      await eventually(() => server.control.memories().some((m) => m.content.startsWith('After the forged write')));
      const stored = server.control.memories().find((m) => m.content.startsWith('After the forged write'))!;
      expect(stored.content).not.toContain(secret);
      expect(attacker.control.requests).toEqual([]);
      const settings = await ext.send({ type: 'ui:settings-get' });
      if (!settings.ok) throw new Error(settings.error.message);
      expect(settings.value.privacy.redactSecrets).toBe(true);
      expect(settings.value.capture.skipTemporary).toBe(true);
      expect(Object.values(settings.value.capture.sites).some((s) => s.enabled)).toBe(false);
      const connection = await ext.send({ type: 'ui:connection-get' });
      if (!connection.ok) throw new Error(connection.error.message);
      expect(connection.value.apiUrl).toBe(server.url);
      expect(connection.value.hasToken).toBe(true);
      // And the content script's own view is put back: the background republishes its copy over the forged one.
      await eventually(async () => {
        const seen = JSON.parse(
          await inContentScript<string>('chrome.storage.local.get("settings").then((v) => JSON.stringify(v.settings))'),
        ) as { connection?: unknown; privacy: { redactSecrets: boolean } };
        return seen.connection === undefined && seen.privacy.redactSecrets;
      });
    } finally {
      await attacker.close();
    }
  });

  it('ui:settings-update cannot carry a connection', async () => {
    const attacker = await startTestServer();
    try {
      const reply = await ext.send({
        type: 'ui:settings-update',
        patch: { connection: { mode: 'self-hosted', apiUrl: attacker.url } },
      } as never);
      expect(reply.ok).toBe(false);
      expect((await ext.send({ type: 'ui:quick-save', content: 'After the patch.' })).ok).toBe(true);
      await eventually(() => server.control.memories().some((m) => m.content === 'After the patch.'));
      expect(attacker.control.requests).toEqual([]);
    } finally {
      await attacker.close();
    }
  });
});
