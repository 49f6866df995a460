/**
 * The memories side panel, opened as a tab with ?tab= (a side panel cannot be driven directly), against the real
 * server: search finds exactly the matching memories; an edit lands as a PATCH; delete and Undo; a queued save
 * appears in the open panel without a reload (pushed over the runtime port).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { eventually, launchExtension, startTestServer, type Extension, type TestServer } from './harness';

let server: TestServer;
let ext: Extension;

beforeAll(async () => {
  server = await startTestServer();
  ext = await launchExtension();
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

async function openPanel(): Promise<Page> {
  const panel = await ext.context.newPage();
  await panel.setViewportSize({ width: 400, height: 800 });
  await panel.goto(ext.popupUrl().replace('src/popup/index.html', 'src/sidepanel/index.html'));
  await panel.getByLabel('Search memories').waitFor();
  await panel.getByRole('button', { name: 'All', exact: true }).click();
  return panel;
}

const items = (panel: Page) => panel.getByRole('list', { name: 'Memories found' }).getByRole('listitem');

describe('side panel', () => {
  it('search finds exactly the matching memories (content and tags)', async () => {
    await seed('Prefers tabs over spaces', ['style']);
    await seed('Coffee order: flat white', ['drinks']);
    await seed('Style guide lives in the wiki', []);
    await seed('Unrelated note', []);
    const panel = await openPanel();
    await expect.poll(() => items(panel).count()).toBe(4);
    await panel.getByLabel('Search memories').fill('style');
    await expect
      .poll(async () => (await items(panel).allTextContents()).map((text) => text.split('default')[0]))
      .toEqual(['Style guide lives in the wiki', 'Prefers tabs over spaces']);
    await panel.close();
  });

  it('an edit lands on the server as a PATCH', async () => {
    const id = await seed('Meeting on Tuesday', ['work']);
    const panel = await openPanel();
    await items(panel).first().getByRole('button', { name: 'Edit' }).click();
    await panel.getByLabel('Memory', { exact: true }).fill('Meeting on Wednesday');
    await panel.getByLabel('Tags', { exact: true }).fill('work, moved');
    await panel.getByRole('button', { name: 'Save', exact: true }).click();
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
    await items(panel).first().getByRole('button', { name: 'Delete' }).click();
    await eventually(() => (server.control.memories().length === 0 ? true : undefined));
    expect(server.control.requests.some((r) => r.method === 'DELETE' && r.path.endsWith(id))).toBe(true);
    await panel.getByRole('button', { name: 'Undo' }).click();
    const back = await eventually(() => server.control.memories().find((m) => m.content === 'Delete me, then undo'));
    expect(back.namespace).toBe('notes');
    expect(back.tags).toEqual(['tmp']);
    await panel.close();
  });

  it('a save made elsewhere shows up in the open panel without reloading it', async () => {
    const panel = await openPanel();
    await expect.poll(() => items(panel).count()).toBe(0);
    expect((await ext.send({ type: 'ui:quick-save', content: 'Pushed to the panel' })).ok).toBe(true);
    await items(panel).filter({ hasText: 'Pushed to the panel' }).first().waitFor();
    await panel.close();
  });
});
