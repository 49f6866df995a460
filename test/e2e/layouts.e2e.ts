/**
 * Every 2026 layout in real Chromium: the layout's fixture page served at its real URL, the content script injected
 * as on the live site, and "Save this chat" run through the background. Real layout and real `checkVisibility`
 * (happy-dom only approximates both), so this is where a hidden node or a mis-found thread would show. Each
 * exchange must land exactly once with both sides, and saving again (after a reload) must add nothing. Temporary
 * and incognito chats must be refused by "Save this chat" and capture nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { eventually, launchExtension, startTestServer, type Extension, type TestServer } from './harness';
import type { ChatSiteId } from '../../src/shared/chat-sites';
import type { Memory } from '../../src/shared/api-schema';

type Expected = {
  url: string;
  conversationId: string;
  captures: Array<{ turnKey: string; messages: Array<{ role: 'user' | 'assistant'; text: string }> }>;
};

const LAYOUTS: Array<[ChatSiteId, string]> = [
  ['chatgpt', 'conversation'],
  ['chatgpt', 'sections-2026-07'],
  ['chatgpt', 'turn-key-2026-09'],
  ['claude', 'conversation'],
  ['claude', 'rows-2026-07'],
  ['claude', 'hub-2026-10'],
  ['gemini', 'conversation'],
  ['gemini', 'gem-2026-07'],
  ['perplexity', 'conversation'],
  ['perplexity', 'one-question'],
  ['perplexity', 'user-bubble-2026-09'],
];
const PRIVATE: Array<[ChatSiteId, string]> = [
  ['chatgpt', 'temporary'],
  ['claude', 'incognito'],
];

const read = (site: string, name: string) => ({
  html: readFileSync(`test/fixtures/sites/${site}/${name}.html`, 'utf8'),
  expected: JSON.parse(readFileSync(`test/fixtures/sites/${site}/${name}.expected.json`, 'utf8')) as Expected,
});

let server: TestServer;
let ext: Extension;
/** What each URL serves (origin + path + search). */
const served = new Map<string, string>();

beforeAll(async () => {
  server = await startTestServer();
  ext = await launchExtension();
  expect((await ext.send({ type: 'ui:connection-save', mode: 'self-hosted', apiUrl: server.url })).ok).toBe(true);
  for (const origin of [
    'https://chatgpt.com',
    'https://claude.ai',
    'https://gemini.google.com',
    'https://www.perplexity.ai',
  ]) {
    await ext.context.route(`${origin}/**`, (route) => {
      const url = new URL(route.request().url());
      const body = served.get(url.origin + url.pathname + url.search);
      if (body === undefined) return route.fulfill({ status: 404, body: 'not found' });
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body });
    });
  }
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
});

/** Opens the page and waits until our content script answers for it. */
async function openChat(url: string): Promise<{ page: Page; tabId: number }> {
  const page = await ext.context.newPage();
  await page.goto(url);
  const tabId = await eventually(async () => ext.tabIdOf(page).catch(() => null));
  return { page, tabId };
}

const ofConversation = (site: string, id: string) => (m: Memory) => m.source_ref === `${site}:${id}`;

describe.each(LAYOUTS)('%s %s', (site, name) => {
  it('"Save this chat" saves every exchange once, both sides; saving again after a reload adds nothing', async () => {
    const { html, expected } = read(site, name);
    served.set(expected.url, html);
    const { page, tabId } = await openChat(expected.url);
    const saved = await ext.send({ type: 'ui:save-this-chat', tabId });
    expect(saved.ok ? saved.value.turns : saved.error.message).toBe(expected.captures.length);

    const mine = ofConversation(site, expected.conversationId);
    const memories = await eventually(() => {
      const found = server.control.memories().filter(mine);
      return found.length >= expected.captures.length ? found : null;
    });
    expect(memories).toHaveLength(expected.captures.length);
    for (const capture of expected.captures) {
      const memory = memories.find((m) => m.metadata.turn_key === capture.turnKey);
      expect(memory, capture.turnKey).toBeDefined();
      for (const message of capture.messages) expect(memory!.content).toContain(message.text.trim());
    }

    await page.reload();
    const again = await eventually(async () => {
      const tab = await ext.tabIdOf(page).catch(() => null);
      if (tab === null) return null;
      const reply = await ext.send({ type: 'ui:save-this-chat', tabId: tab });
      return reply.ok ? reply : null;
    });
    expect(again.ok).toBe(true);
    // Give any resend time to land before counting.
    await eventually(async () => ((await ext.send({ type: 'ui:status' })).ok ? true : null));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(server.control.memories().filter(mine)).toHaveLength(expected.captures.length);
    await page.close();
  });
});

describe.each(PRIVATE)('%s %s', (site, name) => {
  it('"Save this chat" refuses the private chat and nothing is saved', async () => {
    const { html, expected } = read(site, name);
    served.set(expected.url, html);
    const { page, tabId } = await openChat(expected.url);
    const reply = await ext.send({ type: 'ui:save-this-chat', tabId });
    expect(reply.ok).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(server.control.memories().filter(ofConversation(site, expected.conversationId))).toHaveLength(0);
    await page.close();
  });
});

/** Pages after a hypothetical redesign: no adapter selector matches, so "Save this chat" uses the generic reader. */
const UNKNOWN: Array<[ChatSiteId, { question: string; answer: string; unattributed: number }]> = [
  ['chatgpt', { question: 'Hello?', answer: 'Hi! How can I help?', unattributed: 0 }],
  ['claude', { question: 'Hi Claude', answer: 'Hello! What can I do for you?', unattributed: 1 }],
  ['gemini', { question: 'Hello Gemini', answer: 'Hello! How can I help?', unattributed: 0 }],
  ['perplexity', { question: 'Hello there', answer: 'Hi! Ask me anything.', unattributed: 0 }],
];

describe.each(UNKNOWN)('%s degraded (markup no adapter knows)', (site, want) => {
  it('"Save this chat" saves the exchange read by structure and says what it found', async () => {
    const { html, expected } = read(site, 'degraded');
    served.set(expected.url, html);
    const { page, tabId } = await openChat(expected.url);
    const saved = await ext.send({ type: 'ui:save-this-chat', tabId });
    expect(saved.ok ? saved.value : saved.error.message).toMatchObject({
      turns: 1,
      generic: { found: 2, unattributed: want.unattributed },
    });
    const memories = await eventually(() => {
      const found = server.control.memories().filter(ofConversation(site, expected.conversationId));
      return found.length ? found : null;
    });
    expect(memories).toHaveLength(1);
    expect(memories[0]!.content).toContain(want.question);
    expect(memories[0]!.content).toContain(want.answer);
    expect(memories[0]!.metadata).toMatchObject({ manual: true, reader: 'generic' });
    await page.close();
  });
});
