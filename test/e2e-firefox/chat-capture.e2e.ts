/**
 * Firefox: automatic chat capture on the ChatGPT fixture, served at its real URL through request interception. The
 * content script injects as on the real site; the test streams an answer, then flips the completion signal: exactly
 * one memory lands, and a reload of the finished conversation adds none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'puppeteer-core';
import { eventually, launchExtension, startTestServer, type Extension, type TestServer } from './harness';

const URL_ = 'https://chatgpt.com/c/6724c1f0-8a2b-8000-9f1e-3c5d7e9a1b20';
const TAIL = ' jitter to each delay, so that clients do not retry in lockstep.';
const fixture = (name: string) => readFileSync(`test/fixtures/sites/chatgpt/${name}.html`, 'utf8');
const expected = JSON.parse(readFileSync('test/fixtures/sites/chatgpt/finished.expected.json', 'utf8')) as {
  conversationId: string;
  captures: Array<{ turnKey: string; messages: Array<{ role: string; text: string }> }>;
};
const fromTemplate = (name: string) =>
  `document.querySelector('template[data-fixture="${name}"]').content.cloneNode(true)`;

let ext: Extension;
let server: TestServer;
let served = fixture('streaming');

beforeAll(async () => {
  ext = await launchExtension();
  server = await startTestServer(ext);
  expect((await ext.send({ type: 'ui:connection-save', mode: 'self-hosted', apiUrl: server.url })).ok).toBe(true);
  const settings = await ext.send({ type: 'ui:settings-get' });
  if (!settings.ok) throw new Error(settings.error.message);
  const sites = {
    ...settings.value.capture.sites,
    chatgpt: { ...settings.value.capture.sites.chatgpt, enabled: true },
  };
  expect((await ext.send({ type: 'ui:settings-update', patch: { capture: { sites } } })).ok).toBe(true);
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
});

async function chatPage(): Promise<Page> {
  const page = await ext.browser.newPage();
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (!request.url().startsWith('https://chatgpt.com/')) return void request.continue();
    const body = request.url() === URL_ ? served : undefined;
    void request.respond(
      body === undefined
        ? { status: 404, body: 'not found' }
        : { status: 200, contentType: 'text/html; charset=utf-8', body },
    );
  });
  await page.goto(URL_, { waitUntil: 'load' });
  return page;
}

const mine = () => server.control.memories().filter((m) => m.source_ref === `chatgpt:${expected.conversationId}`);

describe('firefox chat capture', () => {
  it('captures a streamed ChatGPT answer exactly once, after it finished', async () => {
    const page = await chatPage();
    await page.waitForSelector('[data-fixture-stream]');
    await new Promise((r) => setTimeout(r, 300)); // the content script attaches at document_idle
    for (const token of TAIL.match(/\s*\S+/g) ?? []) {
      await page.evaluate((t) => document.querySelector('[data-fixture-stream]')!.append(t), token);
      await new Promise((r) => setTimeout(r, 40));
    }
    await new Promise((r) => setTimeout(r, 1_200));
    expect(mine(), 'nothing while streaming').toHaveLength(0);

    await page.evaluate(`(() => {
      document.querySelector('.markdown.result-streaming').classList.remove('result-streaming');
      document.querySelector('button[data-testid="stop-button"]').replaceWith(${fromTemplate('send-button')});
      const stream = document.querySelector('[data-fixture-stream]');
      stream.closest('[class*="group/turn-messages"]').append(${fromTemplate('finish-actions')});
    })()`);
    const [memory] = await eventually(() => (mine().length > 0 ? mine() : null));
    const last = expected.captures.at(-1)!;
    expect(memory!.content).toContain(last.messages.find((m) => m.role === 'assistant')!.text.trim());
    expect(memory!.content).toContain(last.messages.find((m) => m.role === 'user')!.text.trim());
    expect(memory!.metadata).toMatchObject({
      site: 'chatgpt',
      conversation_id: expected.conversationId,
      turn_key: last.turnKey,
      capture_kind: 'chat-turn',
    });

    served = fixture('finished');
    await page.reload({ waitUntil: 'load' });
    await new Promise((r) => setTimeout(r, 1_500));
    expect(mine()).toHaveLength(1);
    await page.close();
  });
});
