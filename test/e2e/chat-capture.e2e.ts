/**
 * Automatic chat capture in real Chromium: each site's fixture is served at its real URL through routing, the
 * content script injects as on the real site, the test streams an answer token by token and then flips the site's
 * completion signal. Exactly one memory must land, with the right content and fields, and stay one across reloads
 * and navigation; temporary chats, disabled sites and stale selectors must capture nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { eventually, launchExtension, startTestServer, type Extension, type TestServer } from './harness';
import type { Memory } from '../../src/shared/api-schema';

type SiteCase = {
  site: 'chatgpt' | 'claude' | 'gemini' | 'perplexity';
  label: string;
  url: string;
  origin: string;
  /** Text that completes the fixture's streaming paragraph as the expected capture has it. */
  tail: string;
  /** Flips the site's completion signal the way the site does (see each streaming fixture's header). */
  complete: (page: Page) => Promise<void>;
};

const fixture = (site: string, name: string) => readFileSync(`test/fixtures/sites/${site}/${name}.html`, 'utf8');
const expected = (site: string, name: string) =>
  JSON.parse(readFileSync(`test/fixtures/sites/${site}/${name}.expected.json`, 'utf8')) as {
    conversationId: string;
    captures: Array<{ turnKey: string; stopped: boolean; messages: Array<{ role: string; text: string }> }>;
  };

const fromTemplate = (name: string) =>
  `document.querySelector('template[data-fixture="${name}"]').content.cloneNode(true)`;

const SITES: SiteCase[] = [
  {
    site: 'chatgpt',
    label: 'ChatGPT',
    url: 'https://chatgpt.com/c/6724c1f0-8a2b-8000-9f1e-3c5d7e9a1b20',
    origin: 'https://chatgpt.com',
    tail: ' jitter to each delay, so that clients do not retry in lockstep.',
    complete: (page) =>
      page.evaluate(`(() => {
        document.querySelector('.markdown.result-streaming').classList.remove('result-streaming');
        document.querySelector('button[data-testid="stop-button"]').replaceWith(${fromTemplate('send-button')});
        const stream = document.querySelector('[data-fixture-stream]');
        stream.closest('[class*="group/turn-messages"]').append(${fromTemplate('finish-actions')});
      })()`),
  },
  {
    site: 'claude',
    label: 'Claude',
    url: 'https://claude.ai/chat/0c5e7a2b-41d3-4f6e-9a8b-2d1c3e4f5a6b',
    origin: 'https://claude.ai',
    tail: ' after the date, then an optional zone.',
    complete: (page) =>
      page.evaluate(`(() => {
        const wrapper = [...document.querySelectorAll('[data-is-streaming="true"]')].pop();
        wrapper.setAttribute('data-is-streaming', 'false');
        document.querySelector('button[aria-label="Stop response"]').replaceWith(${fromTemplate('send-button')});
      })()`),
  },
  {
    site: 'gemini',
    label: 'Gemini',
    url: 'https://gemini.google.com/app/5f1c2b3a4d5e6f70',
    origin: 'https://gemini.google.com',
    tail: ' quiet roofs',
    complete: (page) =>
      page.evaluate(`(() => {
        document.querySelector('button[aria-label="Stop response"]').replaceWith(${fromTemplate('send-button')});
        const last = [...document.querySelectorAll('model-response')].pop();
        last.firstElementChild.append(${fromTemplate('finish-actions')});
      })()`),
  },
  {
    site: 'perplexity',
    label: 'Perplexity',
    url: 'https://www.perplexity.ai/search/what-is-the-boiling-point-of-w-Xq3.Zr7TQ2aVb1Lw9nK0sA',
    origin: 'https://www.perplexity.ai',
    tail: ' the boiling point by a fraction of a degree.',
    complete: async (page) => {
      await page.evaluate(`(() => {
        const spin = document.querySelector('svg.animate-spin');
        spin.closest('div').remove();
        document.querySelector('button[aria-label="Stop generating response"]').replaceWith(${fromTemplate('send-button')});
      })()`);
      // Citations hydrate after the text, within the quiet period.
      await page.waitForTimeout(300);
      await page.evaluate(`document.querySelector('[data-fixture-stream]').append(${fromTemplate('citation')})`);
    },
  },
];

let server: TestServer;
let ext: Extension;
/** Which fixture each URL (path + search) serves; tests switch it to simulate navigation and reloads. */
const served = new Map<string, string>();

beforeAll(async () => {
  server = await startTestServer();
  ext = await launchExtension();
  expect((await ext.send({ type: 'ui:connection-save', mode: 'self-hosted', apiUrl: server.url })).ok).toBe(true);
  for (const origin of SITES.map((s) => s.origin)) {
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

async function enable(site: SiteCase['site'], enabled: boolean) {
  const settings = await ext.send({ type: 'ui:settings-get' });
  if (!settings.ok) throw new Error(settings.error.message);
  const sites = { ...settings.value.capture.sites, [site]: { ...settings.value.capture.sites[site], enabled } };
  expect((await ext.send({ type: 'ui:settings-update', patch: { capture: { sites } } })).ok).toBe(true);
}

/** Streams `tail` into the fixture's streaming paragraph token by token. */
async function stream(page: Page, tail: string) {
  const tokens = tail.match(/\s*\S+/g) ?? [];
  for (const token of tokens) {
    await page.evaluate((t) => document.querySelector('[data-fixture-stream]')!.append(t), token);
    await page.waitForTimeout(40);
  }
}

const forConversation = (site: string, id: string) => (m: Memory) => m.source_ref === `${site}:${id}`;

describe.each(SITES)('$label', (c) => {
  it('captures a streamed answer exactly once, after it finished, with its fields', async () => {
    await enable(c.site, true);
    served.set(c.url, fixture(c.site, 'streaming'));
    const page = await ext.context.newPage();
    await page.goto(c.url);
    await page.locator('[data-fixture-stream]').waitFor();
    await page.waitForTimeout(300); // the content script attaches at document_idle
    await stream(page, c.tail);
    await page.waitForTimeout(1_200);
    const want = expected(c.site, 'finished');
    const mine = forConversation(c.site, want.conversationId);
    expect(server.control.memories().filter(mine), 'nothing while streaming').toHaveLength(0);

    await c.complete(page);
    const [memory] = await eventually(() => {
      const found = server.control.memories().filter(mine);
      return found.length > 0 ? found : null;
    });
    const last = want.captures.at(-1)!;
    expect(memory!.content).toContain(last.messages.find((m) => m.role === 'assistant')!.text.trim());
    expect(memory!.content).toContain(last.messages.find((m) => m.role === 'user')!.text.trim());
    expect(memory!.source).toBe('chrome-extension');
    expect(memory!.metadata).toMatchObject({
      site: c.site,
      conversation_id: want.conversationId,
      turn_key: last.turnKey,
      url: c.url,
      capture_kind: 'chat-turn',
      idempotency_key: `turn:${last.turnKey}`,
    });
    expect(memory!.metadata.stopped).toBeUndefined();

    // Reload (the page now shows the finished conversation) and navigate away and back: still exactly one.
    served.set(c.url, fixture(c.site, 'finished'));
    await page.reload();
    await page.waitForTimeout(1_500);
    await page.goto('about:blank');
    await page.goto(c.url);
    await page.waitForTimeout(1_500);
    expect(server.control.memories().filter(mine)).toHaveLength(1);
    await page.close();
  });

  it('captures nothing while the site is switched off', async () => {
    await enable(c.site, false);
    server.control.reset();
    served.set(c.url, fixture(c.site, 'streaming'));
    const page = await ext.context.newPage();
    await page.goto(c.url);
    await page.locator('[data-fixture-stream]').waitFor();
    await page.waitForTimeout(300);
    await stream(page, c.tail);
    await c.complete(page);
    await page.waitForTimeout(2_000);
    expect(server.control.memories()).toHaveLength(0);
    await page.close();
  });
});

describe('skips and the canary', () => {
  it('does not capture a ChatGPT temporary chat, and says why in Diagnostics', async () => {
    await enable('chatgpt', true);
    server.control.reset();
    const url = 'https://chatgpt.com/c/6724c1f0-8a2b-8000-9f1e-3c5d7e9a1b20?temporary-chat=true';
    served.set(url, fixture('chatgpt', 'streaming'));
    const page = await ext.context.newPage();
    await page.goto(url);
    await page.locator('[data-fixture-stream]').waitFor();
    await page.waitForTimeout(300);
    await stream(page, SITES[0]!.tail);
    await SITES[0]!.complete(page);
    await page.waitForTimeout(2_000);
    expect(server.control.memories()).toHaveLength(0);
    const diagnostics = await ext.send({ type: 'ui:diagnostics' });
    expect(diagnostics.ok && diagnostics.value.some((d) => /temporary/i.test(d.detail))).toBe(true);
    await page.close();
  });

  it('reports "capture degraded" when the page no longer matches the selectors', async () => {
    await enable('chatgpt', true);
    const url = 'https://chatgpt.com/c/0000degraded-0000';
    served.set(url, fixture('chatgpt', 'degraded'));
    const page = await ext.context.newPage();
    await page.goto(url);
    const status = await eventually(
      async () => {
        const reply = await ext.send({ type: 'ui:status' });
        return reply.ok && reply.value.degradedSites.includes('ChatGPT') ? reply.value : null;
      },
      15_000,
      250,
    );
    expect(status.degradedSites).toEqual(['ChatGPT']);
    const badge = await (
      await ext.worker()
    ).evaluate(() => (globalThis as unknown as { chrome: typeof chrome }).chrome.action.getTitle({}));
    expect(badge).toMatch(/capture degraded on ChatGPT/i);
    // The debug info has the canary's text for the code and how many nodes each of the adapter's selectors matched,
    // counted by the background in the page itself.
    const info = await ext.send({ type: 'ui:debug-info' });
    expect(info.ok && info.value).toContain('ChatGPT: degraded (no thread container)');
    expect(info.ok && info.value).toMatch(/\n {4}div\[data-turn-key\]: \d+/);

    // The popup over the tab says why, in its own words for the canary's code.
    const tabId = await ext.tabIdOf(page);
    const popup = await ext.context.newPage();
    await popup.goto(ext.popupUrl(tabId));
    const warning = popup.locator('.site-health');
    await expect.poll(() => warning.textContent(), { timeout: 10_000 }).toContain('Capture degraded on ChatGPT');
    expect(await warning.textContent()).toContain('Why: the chat thread was not found on the page.');

    // "Save this chat" reads the page by its structure: both turns, roles from the markup, and says so.
    const before = server.control.memories().length;
    await popup.getByRole('button', { name: 'Save this chat' }).click();
    const saveStatus = popup.getByRole('status', { name: 'Chat save status' });
    await expect.poll(() => saveStatus.textContent(), { timeout: 15_000 }).toContain('Saved 1 turn.');
    expect(await saveStatus.textContent()).toContain('Turns found: 2; without a known author');
    const saved = await eventually(() => {
      const found = server.control.memories().slice(before);
      return found.length ? found : null;
    });
    expect(saved).toHaveLength(1);
    expect(saved[0]!.content).toContain('Hello?');
    expect(saved[0]!.content).toContain('Hi! How can I help?');
    expect(saved[0]!.metadata).toMatchObject({ manual: true, reader: 'generic' });
    await popup.close();
    await page.close();
  });
});
