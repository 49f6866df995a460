/**
 * An extension update while a chat tab is open: the background injects the current chat script into the tab, the
 * copy already there stands down, and the answer that finishes afterwards is captured exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { eventually, launchExtension, startTestServer, type Extension, type TestServer } from './harness';

const URL_ = 'https://chatgpt.com/c/6724c1f0-8a2b-8000-9f1e-3c5d7e9a1b20';
const TAIL = ' jitter to each delay, so that clients do not retry in lockstep.';
const fixture = (name: string) => readFileSync(`test/fixtures/sites/chatgpt/${name}.html`, 'utf8');
const fromTemplate = (name: string) =>
  `document.querySelector('template[data-fixture="${name}"]').content.cloneNode(true)`;

let server: TestServer;
let ext: Extension;

beforeAll(async () => {
  server = await startTestServer();
  ext = await launchExtension();
  expect((await ext.send({ type: 'ui:connection-save', mode: 'self-hosted', apiUrl: server.url })).ok).toBe(true);
  const settings = await ext.send({ type: 'ui:settings-get' });
  if (!settings.ok) throw new Error(settings.error.message);
  const sites = {
    ...settings.value.capture.sites,
    chatgpt: { ...settings.value.capture.sites.chatgpt, enabled: true },
  };
  expect((await ext.send({ type: 'ui:settings-update', patch: { capture: { sites } } })).ok).toBe(true);
  const body = fixture('streaming');
  await ext.context.route('https://chatgpt.com/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body }),
  );
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
});

async function stream(page: Page, tail: string) {
  for (const token of tail.match(/\s*\S+/g) ?? []) {
    await page.evaluate((t) => document.querySelector('[data-fixture-stream]')!.append(t), token);
    await page.waitForTimeout(40);
  }
}

describe('after an extension update', () => {
  it('re-injects the chat script into an open chat tab; the next finished answer is captured once', async () => {
    const page = await ext.context.newPage();
    await page.goto(URL_);
    await page.locator('[data-fixture-stream]').waitFor();
    await page.waitForTimeout(500); // the manifest's content script attaches at document_idle

    // What runtime.onInstalled runs on an update. (A real chrome.runtime.reload() unloads an extension loaded from
    // the command line for good, so this calls what the handler calls; its install/update rule is unit-tested.)
    const sw = await ext.worker();
    const injected = await sw.evaluate(() =>
      (
        globalThis as unknown as { __mnueron: { reinjectChatScripts(): Promise<number> } }
      ).__mnueron.reinjectChatScripts(),
    );
    // Chrome accepted the built file for the open chat tab (a chat host permission, which content-script matches alone are not).
    expect(injected).toBe(1);
    await page.waitForTimeout(500);

    await stream(page, TAIL);
    await page.evaluate(`(() => {
      document.querySelector('.markdown.result-streaming').classList.remove('result-streaming');
      document.querySelector('button[data-testid="stop-button"]').replaceWith(${fromTemplate('send-button')});
      const stream = document.querySelector('[data-fixture-stream]');
      stream.closest('[class*="group/turn-messages"]').append(${fromTemplate('finish-actions')});
    })()`);
    const mine = () => server.control.memories().filter((m) => m.source_ref?.startsWith('chatgpt:'));
    const [memory] = await eventually(() => (mine().length > 0 ? mine() : null), 10_000);
    expect(memory!.content).toContain('so that clients do not retry in lockstep.');
    await page.waitForTimeout(2_000);
    expect(mine()).toHaveLength(1);
    await page.close();
  });
});
