/**
 * The popup, driven by its labels against the real server: quick-save with tags and namespace (prefilled from the
 * page's selection), the quota meter and upgrade link from a real 402, undo, and splitting a parked item.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { eventually, launchExtension, startTestServer, type Extension, type TestServer } from './harness';
import { ARTICLE_HTML, PAGE_ORIGIN, servePages } from './pages';
import { labelledParts } from '../../src/shared/split';

let server: TestServer;
let ext: Extension;

beforeAll(async () => {
  server = await startTestServer();
  ext = await launchExtension();
  await servePages(ext.context, { '/article.html': ARTICLE_HTML });
  expect((await ext.send({ type: 'ui:connection-save', mode: 'self-hosted', apiUrl: server.url })).ok).toBe(true);
  expect((await ext.send({ type: 'ui:connection-test' })).ok).toBe(true);
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
});

beforeEach(() => {
  server.control.reset();
  server.control.setOptions({ quota: null });
});

async function openPopup(tabId?: number): Promise<Page> {
  const popup = await ext.context.newPage();
  await popup.setViewportSize({ width: 360, height: 600 });
  await popup.goto(ext.popupUrl(tabId));
  await popup.getByLabel('Memory', { exact: true }).waitFor();
  return popup;
}

describe('popup', () => {
  it('prefills the selection; quick-save with tags and namespace lands on the server', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${PAGE_ORIGIN}/article.html`);
    await page.evaluate(() => {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById('first')!);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    });
    const popup = await openPopup(await ext.tabIdOf(page));
    const memory = popup.getByLabel('Memory', { exact: true });
    await expect.poll(() => memory.inputValue()).toBe('Prefers 2-space indentation in JavaScript.');
    await memory.fill('Prefers 2-space indentation in TypeScript too.');
    const tags = popup.getByLabel('Tags', { exact: true });
    await tags.fill('style');
    await tags.press('Enter');
    await tags.fill('typescript,');
    await popup.getByLabel('Namespace', { exact: true }).fill('preferences');
    await popup.getByRole('button', { name: 'Save', exact: true }).click();
    await popup.getByRole('status').filter({ hasText: 'Saved' }).first().waitFor();
    expect(await memory.inputValue()).toBe('');
    const saved = await eventually(() => server.control.memories().find((m) => m.content.includes('TypeScript too')));
    expect(saved.namespace).toBe('preferences');
    expect(saved.tags).toEqual(['style', 'typescript']);
    expect(saved.source_ref).toBe(`${PAGE_ORIGIN}/article.html`);
    await popup.close();
    await page.close();
  });

  it('shows the quota meter and upgrade link with the server’s numbers after a 402', async () => {
    server.control.setOptions({ quota: { memories: 1 } });
    expect((await ext.send({ type: 'ui:quick-save', content: 'First memory under quota.' })).ok).toBe(true);
    const queued = await ext.send({ type: 'ui:quick-save', content: 'Second memory over quota.' });
    expect(queued.ok && queued.value.status).toBe('queued');
    const popup = await openPopup();
    const meter = popup.getByRole('progressbar', { name: 'Quota' });
    await meter.waitFor();
    expect(await meter.getAttribute('aria-valuenow')).toBe('1');
    expect(await meter.getAttribute('aria-valuemax')).toBe('1');
    expect(await popup.getByText(/free/i).first().isVisible()).toBe(true);
    const upgrade = popup.getByRole('link', { name: 'Upgrade' });
    expect(await upgrade.getAttribute('href')).toBe(`${new URL(server.url).origin}/account-settings/plan`);
    // Lift the limit and resume from the popup: the meter goes away once a save succeeds.
    server.control.setOptions({ quota: null });
    await popup.getByRole('button', { name: /try again now/i }).click();
    await eventually(() => server.control.memories().some((m) => m.content === 'Second memory over quota.'));
    await popup.reload();
    await popup.getByLabel('Memory', { exact: true }).waitFor();
    await expect.poll(() => popup.getByRole('progressbar', { name: 'Quota' }).count()).toBe(0);
    await popup.close();
  });

  it('undo deletes the memory on the server', async () => {
    const reply = await ext.send({ type: 'ui:quick-save', content: 'A memory to take back.' });
    expect(reply.ok && reply.value.status).toBe('saved');
    await eventually(() => server.control.memories().some((m) => m.content === 'A memory to take back.'));
    const popup = await openPopup();
    const row = popup.getByRole('listitem').filter({ hasText: 'A memory to take back.' });
    await row.getByRole('button', { name: 'Undo' }).click();
    await eventually(() => !server.control.memories().some((m) => m.content === 'A memory to take back.'));
    expect(server.control.requests.some((r) => r.method === 'DELETE' && r.status === 204)).toBe(true);
    await popup.close();
  });

  it('splits a parked over-size item from the popup', async () => {
    const big = 'A long paragraph about code review habits and indentation. '.repeat(5_000); // ~300 KB
    const reply = await ext.send({ type: 'ui:quick-save', content: big });
    expect(reply.ok && reply.value.status).toBe('queued');
    const popup = await openPopup();
    await popup
      .getByText(/too large/i)
      .first()
      .waitFor();
    await popup.getByRole('button', { name: 'Split' }).click();
    const expected = labelledParts(big);
    const parts = await eventually(() => {
      const p = server.control.memories().filter((m) => m.content.includes('code review habits'));
      return p.length === expected.length ? p : null;
    }, 60_000);
    expect(parts.map((p) => p.content)).toEqual(expected);
    const text = parts.map((p) => p.content.replace(/^\(part \d+ of \d+\)\n\n/, '')).join(' ');
    expect(text).toBe(big.trim());
    expect(new Set(parts.map((p) => p.source_ref)).size).toBe(1);
    await popup.close();
  });
});
