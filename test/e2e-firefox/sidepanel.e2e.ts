/**
 * Firefox: the memories page (the `sidebar_action` panel, the same page as Chrome's side panel) opened as an
 * extension page in a tab with `?tab=<id>` (a sidebar cannot be driven over WebDriver), against the real server:
 * it lists memories, search finds exactly the matching ones, an edit lands as a PATCH, delete and Undo. Then
 * "Insert into chat" from the panel into a ProseMirror composer (the editor ChatGPT runs, from the real library)
 * served at ChatGPT's real URL through request interception: the draft stays and the editor's own model holds the
 * block. One browser for the whole file, to keep the Firefox run short.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { button, eventually, launchExtension, startTestServer, type Extension, type TestServer } from './harness';
import { formatMemoryBlock } from '../../src/shared/memory-block';
import { bundleComposers } from '../e2e/composers/sites';

const CHAT_URL = 'https://chatgpt.com/c/6724c1f0-8a2b-8000-9f1e-3c5d7e9a1b20';
const DRAFT = 'What should I name my cat?';

let ext: Extension;
let server: TestServer;
let prosemirror = '';

beforeAll(async () => {
  prosemirror = (await bundleComposers(['prosemirror'], { target: 'firefox128', tag: 'firefox' })).get('prosemirror')!;
  ext = await launchExtension();
  server = await startTestServer(ext);
  expect((await ext.send({ type: 'ui:connection-save', mode: 'self-hosted', apiUrl: server.url })).ok).toBe(true);
  expect((await ext.send({ type: 'ui:connection-test' })).ok).toBe(true);
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
});

beforeEach(() => {
  server.control.reset();
});

async function seed(content: string, tags: string[] = [], namespace = 'default'): Promise<string> {
  const response = await fetch(`${server.url}/memories`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ content, tags, namespace, source_ref: 'https://example.com/a' }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** The panel page in a tab, 400 px wide as a sidebar is, showing all memories. */
async function openPanel(tabId?: number): Promise<Page> {
  const url = `${ext.origin}/src/sidepanel/index.html${tabId === undefined ? '' : `?tab=${tabId}`}`;
  const panel = await ext.open(url);
  await panel.setViewport({ width: 400, height: 800 });
  await panel.waitForSelector('input[aria-label="Search memories"]');
  await (await button(panel, 'All')).click();
  return panel;
}

/** The text of each listed memory (without its meta line), top to bottom. */
const listed = (panel: Page) =>
  panel.evaluate(() =>
    Array.from(document.querySelectorAll('ul[aria-label="Memories found"] > li .sidepanel-text')).map(
      (p) => p.textContent ?? '',
    ),
  );

async function until<T>(read: () => Promise<T>, expected: T): Promise<void> {
  let last: T | undefined;
  await eventually(async () => {
    last = await read();
    return JSON.stringify(last) === JSON.stringify(expected) ? true : undefined;
  }).catch(() => {
    expect(last).toEqual(expected);
  });
}

/** Clicks the button with this text inside the first listed memory. */
async function clickInFirstItem(panel: Page, name: string): Promise<void> {
  const handle = await panel.waitForFunction(
    (text: string) =>
      Array.from(document.querySelectorAll('ul[aria-label="Memories found"] > li:first-child button')).find(
        (b) => b.textContent?.trim() === text,
      ) ?? null,
    { timeout: 10_000, polling: 100 },
    name,
  );
  await (handle as import('puppeteer-core').ElementHandle<Element>).click();
}

/** Types into the edit form's field labelled so (a wrapping label), replacing what it holds. */
async function fillEdit(panel: Page, label: string, value: string): Promise<void> {
  const field = (await panel.waitForFunction(
    (text: string) =>
      Array.from(document.querySelectorAll<HTMLLabelElement>('form.sidepanel-edit label')).find(
        (l) => l.firstChild?.textContent?.trim() === text,
      )?.control ?? null,
    { timeout: 10_000, polling: 100 },
    label,
  )) as import('puppeteer-core').ElementHandle<HTMLInputElement>;
  await field.click();
  await field.evaluate((el) => el.select());
  await panel.keyboard.press('Backspace');
  await field.type(value);
}

describe('firefox memories panel', () => {
  it('lists the memories from the server; search finds exactly the matching ones (content and tags)', async () => {
    await seed('Prefers tabs over spaces', ['style']);
    await seed('Coffee order: flat white', ['drinks']);
    await seed('Style guide lives in the wiki', []);
    await seed('Unrelated note', []);
    const panel = await openPanel();
    await until(
      async () => (await listed(panel)).sort(),
      ['Coffee order: flat white', 'Prefers tabs over spaces', 'Style guide lives in the wiki', 'Unrelated note'],
    );
    // At a sidebar's 400 px each field shows its placeholder (its only visible label) whole, in Firefox's fonts.
    const cut = await panel.evaluate(() => {
      const context = document.createElement('canvas').getContext('2d')!;
      return Array.from(document.querySelectorAll<HTMLInputElement>('main.sidepanel input[placeholder]'))
        .filter((input) => {
          const style = getComputedStyle(input);
          context.font = style.font || `${style.fontSize} ${style.fontFamily}`;
          const inner = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
          return Math.ceil(context.measureText(input.placeholder).width) > inner;
        })
        .map((input) => input.placeholder);
    });
    expect(cut).toEqual([]);
    await panel.type('input[aria-label="Search memories"]', 'style');
    await until(() => listed(panel), ['Style guide lives in the wiki', 'Prefers tabs over spaces']);
    await panel.close();
  });

  it('an edit lands on the server as a PATCH', async () => {
    const id = await seed('Meeting on Tuesday', ['work']);
    const panel = await openPanel();
    await until(() => listed(panel), ['Meeting on Tuesday']);
    await clickInFirstItem(panel, 'Edit');
    await fillEdit(panel, 'Memory', 'Meeting on Wednesday');
    await fillEdit(panel, 'Tags', 'work, moved');
    await (await button(panel, 'Save')).click();
    const changed = await eventually(() =>
      server.control.memories().find((m) => m.id === id && m.content === 'Meeting on Wednesday'),
    );
    expect(changed.tags).toEqual(['work', 'moved']);
    expect(server.control.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(id))).toHaveLength(1);
    await panel.close();
  });

  it('delete removes it on the server; Undo brings it back', async () => {
    const id = await seed('Delete me, then undo', ['tmp'], 'notes');
    const panel = await openPanel();
    await until(() => listed(panel), ['Delete me, then undo']);
    await clickInFirstItem(panel, 'Delete');
    await eventually(() => (server.control.memories().length === 0 ? true : undefined));
    expect(server.control.requests.some((r) => r.method === 'DELETE' && r.path.endsWith(id))).toBe(true);
    await (await button(panel, 'Undo')).click();
    const back = await eventually(() => server.control.memories().find((m) => m.content === 'Delete me, then undo'));
    expect(back.namespace).toBe('notes');
    expect(back.tags).toEqual(['tmp']);
    await until(() => listed(panel), ['Delete me, then undo']);
    await panel.close();
  });
});

describe('firefox: Insert into chat from the panel', () => {
  it('puts the memory into the ChatGPT composer after the draft, into the editor’s own model', async () => {
    const chat = await ext.browser.newPage();
    const page = `<!doctype html><html><head><meta charset="utf-8"><title>ChatGPT</title>
<style>#mount, [contenteditable] { min-height: 40px; border: 1px solid #888; white-space: pre-wrap; }</style>
</head><body><main><form><div id="mount" data-draft="${DRAFT}" data-attributes="{&quot;id&quot;:&quot;prompt-textarea&quot;}"></div>
<button data-testid="send-button">Send</button></form></main><script>${prosemirror}</script></body></html>`;
    await chat.setRequestInterception(true);
    chat.on('request', (request) => {
      if (!request.url().startsWith('https://chatgpt.com/')) return void request.continue();
      void request.respond(
        request.url() === CHAT_URL
          ? { status: 200, contentType: 'text/html; charset=utf-8', body: page }
          : { status: 404, body: 'not found' },
      );
    });
    await chat.goto(CHAT_URL, { waitUntil: 'load' });
    await chat.waitForFunction(
      () => typeof (window as unknown as { __editorText?: unknown }).__editorText === 'function',
    );
    const editorText = () => chat.evaluate(() => (window as unknown as { __editorText: () => string }).__editorText());
    expect(await editorText()).toBe(DRAFT);
    const tabId = await ext.tabIdOf(CHAT_URL);

    await seed('I prefer short names', ['pets']);
    const panel = await openPanel(tabId);
    await until(() => listed(panel), ['I prefer short names']);
    await clickInFirstItem(panel, 'Insert into chat');
    await panel.waitForFunction(
      () => document.querySelector('[role="status"]')?.textContent?.includes('ChatGPT') ?? false,
      { timeout: 10_000, polling: 100 },
    );
    expect(await panel.$eval('.sidepanel-error', (e) => e.textContent).catch(() => null)).toBeNull();
    const lines = (await editorText())
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    expect(lines).toEqual([DRAFT, ...formatMemoryBlock(['I prefer short names']).split('\n')]);
    await panel.close();
    await chat.close();
  });
});
