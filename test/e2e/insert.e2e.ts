/**
 * "Insert into chat" in real Chromium: each site's composer is built from the real editor library the site uses
 * (ProseMirror for ChatGPT and Claude, Quill for Gemini, Lexical for Perplexity), bundled at test start and served
 * at the site's real URL through routing. The background injects its composer code on demand; the draft must stay,
 * the block must arrive at the caret, and the editor's own model (not only the DOM) must hold it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { eventually, launchExtension, startTestServer, type Extension } from './harness';
import { formatMemoryBlock } from '../../src/shared/memory-block';
import { insertIntoComposer } from '../../src/content/insert/composer';
import { COMPOSER_SELECTORS } from '../../src/shared/composers';
import {
  COMPOSER_SITES as SITES,
  bundleComposers,
  composerPage,
  type ComposerEditor,
  type SiteCase,
} from './composers/sites';

const DRAFT = 'What should I name my cat?';
const MEMORIES = ['I prefer short names', 'My dog is called Rex', 'I live in Lyon'];

let ext: Extension;
let bundles: Map<ComposerEditor, string>;
/** Which page each URL (origin + path) serves. */
const served = new Map<string, string>();

beforeAll(async () => {
  bundles = await bundleComposers();
  ext = await launchExtension();
  for (const origin of new Set(SITES.map((s) => new URL(s.url).origin))) {
    await ext.context.route(`${origin}/**`, (route) => {
      const url = new URL(route.request().url());
      const body = served.get(url.origin + url.pathname);
      if (body === undefined) return route.fulfill({ status: 404, body: 'not found' });
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body });
    });
  }
});

afterAll(async () => {
  await ext?.close();
});

const squash = (s: string) => s.replace(/[\s\u00a0]+/g, ' ').trim();

async function open(c: SiteCase, draft = DRAFT): Promise<{ page: Page; tabId: number }> {
  served.set(c.url, composerPage(c, draft, bundles));
  const page = await ext.context.newPage();
  await page.goto(c.url);
  await page.waitForFunction(
    () => typeof (window as unknown as { __editorText?: unknown }).__editorText === 'function',
  );
  return { page, tabId: await ext.tabIdOf(page) };
}

const editorText = (page: Page) =>
  page.evaluate(() => (window as unknown as { __editorText: () => string }).__editorText());

describe.each(SITES)('$label', (c) => {
  it('inserts several memories after the draft, keeping it, into the editor’s own model', async () => {
    const { page, tabId } = await open(c);
    expect(squash(await editorText(page))).toBe(DRAFT);
    const reply = await ext.send({ type: 'ui:insert-into-chat', tabId, texts: MEMORIES });
    expect(reply).toEqual({ ok: true, value: { inserted: 3, site: c.label } });
    const model = await editorText(page);
    // The draft first, then the block with every memory, each on a line of its own.
    expect(squash(model)).toBe(squash(`${DRAFT}\n${formatMemoryBlock(MEMORIES)}`));
    const lines = model
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    expect(lines).toEqual([DRAFT, ...formatMemoryBlock(MEMORIES).split('\n')]);
    await page.close();
  });

  it('keeps the caret where the user left it: at the start, the block goes before the draft', async () => {
    const { page, tabId } = await open(c);
    await page.evaluate(() => (window as unknown as { __caretToStart: () => void }).__caretToStart());
    const reply = await ext.send({ type: 'ui:insert-into-chat', tabId, texts: ['I prefer short names'] });
    expect(reply).toEqual({ ok: true, value: { inserted: 1, site: c.label } });
    expect(squash(await editorText(page))).toBe(squash(`${formatMemoryBlock(['I prefer short names'])}\n${DRAFT}`));
    await page.close();
  });

  it('an empty composer gets just the block', async () => {
    const { page, tabId } = await open(c, '');
    expect((await ext.send({ type: 'ui:insert-into-chat', tabId, texts: ['My dog is called Rex'] })).ok).toBe(true);
    expect(squash(await editorText(page))).toBe(squash(formatMemoryBlock(['My dog is called Rex'])));
    await page.close();
  });
});

describe.each(SITES)('$label, when native editing does nothing', (c) => {
  it('the fallbacks (beforeinput, then a synthetic paste) still get the block into the editor’s model', async () => {
    const { page } = await open(c);
    // The composer code as the background injects it, run with execCommand switched off in its world.
    const outcome = await page.evaluate(
      async ([source, selectors, block, lines]) => {
        document.execCommand = () => false;
        const run = new Function(`return (${source})`)() as (...args: unknown[]) => Promise<unknown>;
        return run(selectors, block, lines);
      },
      [insertIntoComposer.toString(), COMPOSER_SELECTORS[c.site], formatMemoryBlock(MEMORIES), MEMORIES] as const,
    );
    expect(outcome).toMatchObject({ ok: true });
    expect((outcome as { method: string }).method).not.toBe('insertText');
    expect(squash(await editorText(page))).toBe(squash(`${DRAFT}\n${formatMemoryBlock(MEMORIES)}`));
    await page.close();
  });
});

describe('capture after sending', () => {
  it('a sent message holding an inserted block is captured without it', async () => {
    const server = await startTestServer();
    try {
      expect((await ext.send({ type: 'ui:connection-save', mode: 'self-hosted', apiUrl: server.url })).ok).toBe(true);
      const settings = await ext.send({ type: 'ui:settings-get' });
      if (!settings.ok) throw new Error(settings.error.message);
      const sites = {
        ...settings.value.capture.sites,
        chatgpt: { ...settings.value.capture.sites.chatgpt, enabled: true },
      };
      expect((await ext.send({ type: 'ui:settings-update', patch: { capture: { sites } } })).ok).toBe(true);

      // What the user sends: the question, then memories inserted into ChatGPT's composer.
      const c = SITES[0]!;
      const { page: composer, tabId } = await open(c, 'Add jitter please.');
      expect((await ext.send({ type: 'ui:insert-into-chat', tabId, texts: MEMORIES })).ok).toBe(true);
      const sent = await editorText(composer);
      expect(sent).toContain('From my Mnueron memories:');
      await composer.close();

      // The chat then shows it as the user's message (ChatGPT keeps its line breaks), and the answer streams in.
      const escaped = sent.replace(/&/g, '&amp;').replace(/</g, '&lt;');
      const fixture = readFileSync('test/fixtures/sites/chatgpt/streaming.html', 'utf8');
      expect(fixture).toContain('>Add jitter please.<');
      served.set(c.url, fixture.replace('>Add jitter please.<', `>${escaped}<`));
      const page = await ext.context.newPage();
      await page.goto(c.url);
      await page.locator('[data-fixture-stream]').waitFor();
      await page.waitForTimeout(300);
      for (const token of ' jitter to each delay, so that clients do not retry in lockstep.'.match(/\s*\S+/g) ?? []) {
        await page.evaluate((t) => document.querySelector('[data-fixture-stream]')!.append(t), token);
        await page.waitForTimeout(40);
      }
      await page.waitForTimeout(1_200);
      const fromTemplate = (name: string) =>
        `document.querySelector('template[data-fixture="${name}"]').content.cloneNode(true)`;
      await page.evaluate(`(() => {
        document.querySelector('.markdown.result-streaming').classList.remove('result-streaming');
        document.querySelector('button[data-testid="stop-button"]').replaceWith(${fromTemplate('send-button')});
        const stream = document.querySelector('[data-fixture-stream]');
        stream.closest('[class*="group/turn-messages"]').append(${fromTemplate('finish-actions')});
      })()`);
      const [memory] = await eventually(() => {
        const found = server.control
          .memories()
          .filter((m) => m.source_ref === 'chatgpt:6724c1f0-8a2b-8000-9f1e-3c5d7e9a1b20');
        return found.length > 0 ? found : null;
      });
      expect(memory!.content).toContain('Add jitter please.');
      expect(memory!.content).toContain('clients do not retry in lockstep');
      expect(memory!.content).not.toContain('Mnueron memories');
      for (const m of MEMORIES) expect(memory!.content).not.toContain(m);
      await page.close();
    } finally {
      await server.close();
    }
  });
});

describe('errors as data', () => {
  it('a chat page without a composer, and a tab that is not a chat site', async () => {
    const c = SITES[0]!;
    served.set(c.url, '<!doctype html><title>ChatGPT</title><main>No composer here</main>');
    const page = await ext.context.newPage();
    await page.goto(c.url);
    const tabId = await ext.tabIdOf(page);
    const reply = await ext.send({ type: 'ui:insert-into-chat', tabId, texts: ['a'] });
    expect(reply).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'No message box found on this page. Open a chat and try again.' },
    });
    await page.goto('about:blank');
    const other = await ext.send({ type: 'ui:insert-into-chat', tabId, texts: ['a'] });
    expect(other).toMatchObject({ ok: false, error: { code: 'invalid' } });
    await page.close();
  });
});
