/** The side panel's backend: search through the API client, edit and delete through the outbox, undo. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '../../test/fakes/browser';
import { installFakeI18n } from '../../test/fakes/i18n';
import { resetDbForTests } from './db';
import { deleteMemoryQueued, editMemory, restoreMemory, searchPanel, MAX_VIEW_CONTENT } from './memories-panel';
import { getItem, listForDisplay } from './outbox/store';
import { readOutboxState, writeOutboxState } from './outbox/state';
import { afterSenderTest, settle } from './test-kit';

/** Holds the outbox read until released (a test that checks what runs while it is pending). */
const outboxRead = vi.hoisted(() => ({ hold: null as Promise<void> | null }));
vi.mock('./outbox/store', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./outbox/store')>();
  return {
    ...actual,
    listForDisplay: async (...args: Parameters<typeof actual.listForDisplay>) => {
      await outboxRead.hold;
      return actual.listForDisplay(...args);
    },
  };
});

type Call = { url: string; method: string; body: unknown };
let calls: Call[] = [];
let respond: (call: Call) => Response;

const memory = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  content: `content ${id}`,
  namespace: 'default',
  tags: ['t'],
  metadata: {},
  created_at: 1,
  updated_at: 2,
  ...over,
});

beforeEach(() => {
  resetDbForTests();
  calls = [];
  respond = (call) =>
    call.method === 'GET'
      ? Response.json([memory('m1')])
      : call.method === 'DELETE'
        ? new Response(null, { status: 204 })
        : Response.json(memory('m1', call.body as Record<string, unknown>), {
            status: call.method === 'POST' ? 201 : 200,
          });
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init: RequestInit = {}) => {
      const call = {
        url: String(input),
        method: init.method ?? 'GET',
        body: init.body ? JSON.parse(String(init.body)) : undefined,
      };
      calls.push(call);
      return respond(call);
    }),
  );
});

afterEach(async () => {
  outboxRead.hold = null;
  await afterSenderTest();
});

describe('search', () => {
  it('asks the server with q, namespace, tags and offset, and answers bounded views', async () => {
    respond = () =>
      Response.json([memory('m1', { content: 'x'.repeat(MAX_VIEW_CONTENT + 5), source_ref: 'https://a.test/p' })]);
    const page = await searchPanel({
      type: 'ui:memories-search',
      q: ' café ',
      namespace: 'work',
      tags: ['a', 'b'],
      offset: 20,
    });
    const url = new URL(calls[0]!.url);
    expect(url.pathname).toBe('/api/memories');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      q: 'café',
      namespace: 'work',
      tags: 'a,b',
      offset: '20',
      limit: '20',
    });
    expect(page.memories[0]).toMatchObject({ id: 'm1', truncated: true, sourceRef: 'https://a.test/p', tags: ['t'] });
    expect(page.memories[0]!.content).toHaveLength(MAX_VIEW_CONTENT);
    expect(page.nextOffset).toBeNull();
    expect(page.outbox).toEqual([]);
  });

  it('a full page offers the next offset; recent ignores q', async () => {
    respond = () => Response.json(Array.from({ length: 20 }, (_, i) => memory(`m${i}`)));
    const page = await searchPanel({ type: 'ui:memories-search', q: 'ignored', view: 'recent' });
    expect(new URL(calls[0]!.url).searchParams.has('q')).toBe(false);
    expect(page.nextOffset).toBe(20);
  });

  it('a reply that is not a memory list is an error, not results', async () => {
    respond = () => Response.json({ nope: true });
    const page = await searchPanel({ type: 'ui:memories-search', q: 'x' });
    expect(page.memories).toEqual([]);
    expect(page.error).toMatch(/could not search/);
  });

  it('a failed search says what went wrong, as the outbox and the connection test read the reply, in the UI language', async () => {
    respond = () => {
      throw new TypeError('fetch failed');
    };
    expect((await searchPanel({ type: 'ui:memories-search', q: 'x' })).error).toBe(
      'The server did not answer. Check that it is running, then search again.',
    );
    respond = () => Response.json({ error: 'unauthorized' }, { status: 401 });
    expect((await searchPanel({ type: 'ui:memories-search', q: 'x' })).error).toBe(
      'The server rejected the token. Check it in Settings.',
    );
    respond = () => Response.json({ error: 'forbidden' }, { status: 403 });
    expect((await searchPanel({ type: 'ui:memories-search', q: 'x' })).error).toBe(
      'This token may not read memories on the server.',
    );
    respond = () => new Response('busy', { status: 503 });
    installFakeI18n('de');
    try {
      expect((await searchPanel({ type: 'ui:memories-search', q: 'x' })).error).toBe(
        'Fehler auf dem Server (HTTP 503). Bitte erneut suchen.',
      );
    } finally {
      installFakeI18n('en');
    }
  });
});

describe('the first search is quick (the panel waits for it to be interactive)', () => {
  const CHAT = 'https://chatgpt.com/c/abc';

  it('"This page" of a tab whose URL the background sees does not ask its content script', async () => {
    fakeBrowser.__fake.setTabs([{ id: 5, url: CHAT }]);
    respond = () =>
      Response.json([memory('here', { source_ref: CHAT }), memory('elsewhere', { source_ref: 'https://b.test/' })]);
    const page = await searchPanel({ type: 'ui:memories-search', q: '', view: 'page', tabId: 5 });
    expect(fakeBrowser.__fake.executed).toEqual([]);
    expect(page.pageUrl).toBe(CHAT);
    expect(page.memories.map((m) => m.id)).toEqual(['here']);
  });

  it('the server is asked while the outbox is still being read', async () => {
    let release = () => {};
    outboxRead.hold = new Promise<void>((resolve) => (release = resolve));
    for (const m of [
      { type: 'ui:memories-search', q: 'x' },
      { type: 'ui:memories-search', q: '', view: 'page', tabId: 5 },
    ] as const) {
      fakeBrowser.__fake.setTabs([{ id: 5, url: CHAT }]);
      calls = [];
      const page = searchPanel(m);
      await vi.waitFor(() => expect(calls).toHaveLength(1), { timeout: 500 });
      release();
      expect((await page).error).toBeNull();
      outboxRead.hold = new Promise<void>((resolve) => (release = resolve));
    }
    release();
  });
});

describe('edit and delete go through the outbox', () => {
  it('an edit is a durable outbox item that PATCHes the memory, then leaves', async () => {
    await writeOutboxState({ ...(await readOutboxState()), pause: { kind: 'auth', message: 'x', since: 1 } });
    const { outboxId } = await editMemory({
      type: 'ui:memory-edit',
      id: 'm 1',
      content: 'new',
      tags: ['b'],
      namespace: 'n2',
    });
    await settle();
    expect(calls).toEqual([]);
    expect(await getItem(outboxId)).toMatchObject({ op: 'edit', memoryId: 'm 1', state: 'pending' });
    const page = await searchPanel({ type: 'ui:memories-search', q: '' });
    expect(page.outbox).toEqual([expect.objectContaining({ id: outboxId, op: 'edit', memoryId: 'm 1' })]);

    await writeOutboxState({ ...(await readOutboxState()), pause: null });
    const { drainOutbox } = await import('./outbox/sender');
    await drainOutbox();
    await settle();
    const patch = calls.find((call) => call.method === 'PATCH');
    expect(patch).toMatchObject({ body: { content: 'new', tags: ['b'], namespace: 'n2' } });
    expect(patch!.url).toMatch(/\/api\/memories\/m%201$/);
    expect(calls.some((call) => call.method === 'POST')).toBe(false);
    expect(await getItem(outboxId)).toBeUndefined();
  });

  it('an edit that gets a 503 stays in the outbox, pending, to be retried', async () => {
    respond = (call) => (call.method === 'PATCH' ? new Response('down', { status: 503 }) : Response.json([]));
    const { outboxId } = await editMemory({ type: 'ui:memory-edit', id: 'm1', content: 'new' });
    await settle();
    expect(calls.map((call) => call.method)).toEqual(['PATCH']);
    expect(await getItem(outboxId)).toMatchObject({ op: 'edit', state: 'pending', attempts: 1 });
  });

  it('an empty edit is refused', async () => {
    await expect(editMemory({ type: 'ui:memory-edit', id: 'm1', content: '  ' })).rejects.toThrow(/empty/);
  });

  it('a delete DELETEs once (404 counts as done); Undo afterwards queues the memory again as a create', async () => {
    respond = (call) =>
      call.method === 'DELETE'
        ? Response.json({ error: 'not_found' }, { status: 404 })
        : Response.json(memory('m9', call.body as Record<string, unknown>), { status: 201 });
    const fields = { content: 'keep me', namespace: 'work', tags: ['x'], sourceRef: 'https://a.test/' };
    const { outboxId } = await deleteMemoryQueued({ type: 'ui:memory-delete', id: 'm1', ...fields });
    await settle();
    expect(calls.map((call) => call.method)).toEqual(['DELETE']);
    expect(await listForDisplay(10)).toEqual([]);

    const undo = await restoreMemory({ type: 'ui:memory-restore', outboxId, ...fields });
    expect(undo.restored).toBe('queued');
    await settle();
    const post = calls.find((call) => call.method === 'POST');
    expect(post?.body).toMatchObject({
      content: 'keep me',
      namespace: 'work',
      tags: ['x'],
      source_ref: 'https://a.test/',
    });
  });

  it('Undo before the delete was sent cancels it: nothing reaches the server', async () => {
    await writeOutboxState({ ...(await readOutboxState()), pause: { kind: 'auth', message: 'x', since: 1 } });
    const fields = { content: 'keep me', namespace: 'work', tags: [] };
    const { outboxId } = await deleteMemoryQueued({ type: 'ui:memory-delete', id: 'm1', ...fields });
    expect(await restoreMemory({ type: 'ui:memory-restore', outboxId, ...fields })).toEqual({ restored: 'cancelled' });
    await settle();
    expect(calls).toEqual([]);
    expect(await getItem(outboxId)).toBeUndefined();
  });
});
