/**
 * Exactly once against a server that does not de-duplicate: an item whose last attempt has an unknown outcome
 * (worker killed mid-request, network error or timeout after the body may have gone out) is looked up by its
 * idempotency key before it is sent again, and counted as saved when the server already holds it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import '../../../test/fakes/browser';
import { clock } from '../clock';
import { db, resetDbForTests } from '../db';
import { storeConnection, updateSettings } from '../settings-store';
import { API_TIMEOUT_MS } from '../api/client';
import { drainOutbox } from './sender';
import { addItems, getItem, listRecent, recoverInflight } from './store';
import { readOutboxState } from './state';
import { settle, makeItem, afterSenderTest } from '../test-kit';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
let t = T0;

type Row = { id: string; content: string; namespace: string; metadata: Record<string, unknown> };
type Call = {
  method: string;
  url: URL;
  body: { content?: string; namespace?: string; metadata?: Record<string, unknown> };
};
let rows: Row[] = [];
let calls: Call[] = [];
/** Replaces the server's answer to the next POST (the row is still stored when `store` is true). */
let postFault: { store: boolean; error: unknown } | null = null;
/** The next POST is stored twice, as when the browser re-sent it after a reset connection; the copy is answered. */
let resentByBrowser = false;

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status });
}
const asMemory = (row: Row) => ({ ...row, tags: [], created_at: t, updated_at: t });

async function server(call: Call): Promise<Response> {
  if (call.method === 'GET' && call.url.pathname.endsWith('/memories')) {
    const ns = call.url.searchParams.get('namespace');
    const limit = Number(call.url.searchParams.get('limit') ?? 50);
    const list = rows
      .filter((row) => !ns || row.namespace === ns)
      .reverse()
      .slice(0, limit);
    return json(200, list.map(asMemory));
  }
  if (call.method === 'POST') {
    const row: Row = {
      id: `mem-${rows.length + 1}`,
      content: call.body.content ?? '',
      namespace: call.body.namespace ?? 'default',
      metadata: call.body.metadata ?? {},
    };
    if (resentByBrowser) {
      resentByBrowser = false;
      rows.push(row);
      const copy = { ...row, id: `mem-${rows.length + 1}` };
      rows.push(copy);
      return json(201, asMemory(copy));
    }
    const fault = postFault;
    postFault = null;
    if (!fault || fault.store) rows.push(row);
    if (fault) throw fault.error;
    return json(201, asMemory(row));
  }
  if (call.method === 'DELETE') {
    const id = decodeURIComponent(call.url.pathname.split('/').pop() ?? '');
    const before = rows.length;
    rows = rows.filter((row) => row.id !== id);
    return rows.length < before ? json(200, { deleted: true }) : json(404, { deleted: false });
  }
  return json(404, { error: 'not found' });
}

const posts = () => calls.filter((call) => call.method === 'POST');
const reads = () => calls.filter((call) => call.method === 'GET');

async function drain(): Promise<void> {
  await drainOutbox();
  await settle();
}

beforeEach(async () => {
  resetDbForTests();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  t = T0;
  clock.now = () => t;
  rows = [];
  calls = [];
  postFault = null;
  resentByBrowser = false;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string | URL | Request, init: RequestInit = {}) => {
      const call: Call = {
        method: init.method ?? 'GET',
        url: new URL(String(input)),
        body: init.body ? (JSON.parse(String(init.body)) as Call['body']) : {},
      };
      calls.push(call);
      return server(call);
    }),
  );
  await updateSettings({ privacy: { redactSecrets: false } });
});

afterEach(afterSenderTest);

describe('reconciliation before a re-send', () => {
  it('an expired lease found on start whose save the server holds → saved, not POSTed again', async () => {
    rows.push({ id: 'mem-landed', content: 'x', namespace: 'work', metadata: { idempotency_key: 'key-orphan' } });
    const item = makeItem(t, { id: 'orphan', state: 'inflight', attempts: 1, leaseUntil: T0 - 1 });
    item.body.namespace = 'work';
    await addItems([item]);
    await recoverInflight();
    expect(await getItem('orphan')).toMatchObject({ state: 'pending', inDoubt: true });
    await drain();
    expect(posts()).toHaveLength(0);
    expect(reads()).toHaveLength(1);
    expect(reads()[0]!.url.searchParams.get('namespace')).toBe('work');
    expect(Number(reads()[0]!.url.searchParams.get('limit'))).toBeLessThanOrEqual(100);
    expect(await getItem('orphan')).toBeUndefined();
    expect(await listRecent()).toEqual([expect.objectContaining({ id: 'orphan', memoryId: 'mem-landed' })]);
    expect(rows).toHaveLength(1);
  });

  it('an expired lease picked up by the running worker is reconciled too', async () => {
    rows.push({ id: 'mem-landed', content: 'x', namespace: 'default', metadata: { idempotency_key: 'key-stale' } });
    await addItems([makeItem(t, { id: 'stale', state: 'inflight', attempts: 1, leaseUntil: T0 - 1 })]);
    await drain();
    expect(posts()).toHaveLength(0);
    expect(rows).toHaveLength(1);
  });

  it('a network error after the server stored it → marked in doubt, then found, never stored twice', async () => {
    postFault = { store: true, error: new TypeError('fetch failed') };
    await addItems([makeItem(t, { id: 'lost-reply' })]);
    await drain();
    expect(await getItem('lost-reply')).toMatchObject({ state: 'pending', inDoubt: true });
    t += 10 * 60_000;
    await drain();
    expect(posts()).toHaveLength(1);
    expect(rows).toHaveLength(1);
    expect(await listRecent()).toEqual([expect.objectContaining({ id: 'lost-reply', memoryId: 'mem-1' })]);
  });

  it('a lost reply the browser re-sent on its own (two identical rows) → the later copy is deleted, one stays', async () => {
    // Chromium re-sends a request whose reused keep-alive connection was reset before any reply byte: a server
    // that does not de-duplicate then holds the same save twice, and the extension never saw either reply.
    const key = 'key-resent';
    rows.push(
      { id: 'mem-first', content: 'x', namespace: 'default', metadata: { idempotency_key: key } },
      { id: 'mem-copy', content: 'x', namespace: 'default', metadata: { idempotency_key: key } },
    );
    await addItems([makeItem(t, { id: 'resent', state: 'pending', attempts: 1, inDoubt: true })]);
    await drain();
    expect(posts()).toHaveLength(0);
    expect(rows.map((row) => row.id)).toEqual(['mem-first']);
    expect(calls.filter((call) => call.method === 'DELETE').map((call) => call.url.pathname)).toEqual([
      '/api/memories/mem-copy',
    ]);
    expect(await listRecent()).toEqual([expect.objectContaining({ id: 'resent', memoryId: 'mem-first' })]);
  });

  it("the copy-removal DELETEs are writes: entered in the pacing log like an undo's", async () => {
    const key = 'key-paced';
    rows.push(
      { id: 'mem-first', content: 'x', namespace: 'default', metadata: { idempotency_key: key } },
      { id: 'mem-copy-1', content: 'x', namespace: 'default', metadata: { idempotency_key: key } },
      { id: 'mem-copy-2', content: 'x', namespace: 'default', metadata: { idempotency_key: key } },
    );
    await addItems([makeItem(t, { id: 'paced', state: 'pending', attempts: 1, inDoubt: true })]);
    await drain();
    expect(calls.filter((call) => call.method === 'DELETE')).toHaveLength(2);
    // No POST went out: the two DELETEs are the only writes.
    expect((await readOutboxState()).sendLog).toEqual([T0, T0]);
  });

  it("after a 201 for a browser re-send, the copy's DELETE is logged next to the POST", async () => {
    resentByBrowser = true;
    await addItems([makeItem(t, { id: 'twice-paced' })]);
    await drain();
    expect(calls.filter((call) => call.method === 'DELETE')).toHaveLength(1);
    expect((await readOutboxState()).sendLog).toEqual([T0, T0]);
  });

  it('only rows with the key are read: a malformed row of another save does not stop the duplicate check', async () => {
    // An id no server mints (empty): not a memory. It carries another key, so it cannot be this save or its copy.
    rows.push({ id: '', content: 'y', namespace: 'default', metadata: { idempotency_key: 'someone-else' } });
    resentByBrowser = true;
    await addItems([makeItem(t, { id: 'beside-junk' })]);
    await drain();
    expect(posts()).toHaveLength(1);
    expect(calls.filter((call) => call.method === 'DELETE')).toHaveLength(1);
    expect(rows.map((row) => row.id)).toEqual(['', 'mem-2']);
    expect(await listRecent()).toEqual([expect.objectContaining({ id: 'beside-junk', memoryId: 'mem-2' })]);
  });

  it("rows that share a key but differ (the server's own chunks of one long save) are all kept", async () => {
    const key = 'key-chunked';
    rows.push(
      { id: 'mem-a', content: 'first chunk', namespace: 'default', metadata: { idempotency_key: key } },
      { id: 'mem-b', content: 'second chunk', namespace: 'default', metadata: { idempotency_key: key } },
    );
    await addItems([makeItem(t, { id: 'chunked', state: 'pending', attempts: 1, inDoubt: true })]);
    await drain();
    expect(posts()).toHaveLength(0);
    expect(calls.filter((call) => call.method === 'DELETE')).toHaveLength(0);
    expect(rows).toHaveLength(2);
  });

  it('a save the browser re-sent after a reset (201 for the copy) → one read, the copy deleted, Recent on the first', async () => {
    resentByBrowser = true;
    await addItems([makeItem(t, { id: 'twice' })]);
    await drain();
    expect(posts()).toHaveLength(1);
    expect(rows.map((row) => row.id)).toEqual(['mem-1']);
    expect(reads()).toHaveLength(1);
    expect(await listRecent()).toEqual([expect.objectContaining({ id: 'twice', memoryId: 'mem-1' })]);
  });

  it('against the cloud (which de-duplicates by key) a 201 costs no extra read', async () => {
    await storeConnection({ mode: 'cloud', apiUrl: 'https://www.mnueron.com/api' });
    await addItems([makeItem(t, { id: 'cloud-save' })]);
    await drain();
    expect(posts()).toHaveLength(1);
    expect(reads()).toHaveLength(0);
  });

  it('a timeout after the server stored it → found, never stored twice', async () => {
    // stored, then no reply until the client's timer aborts the request
    postFault = { store: true, error: null };
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: string | URL | Request, init: RequestInit = {}) => {
        const call: Call = {
          method: init.method ?? 'GET',
          url: new URL(String(input)),
          body: init.body ? (JSON.parse(String(init.body)) as Call['body']) : {},
        };
        calls.push(call);
        if (call.method === 'POST' && postFault) {
          postFault = null;
          await server({ ...call });
          return new Promise<Response>((_, reject) =>
            init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
          );
        }
        return server(call);
      }),
    );
    await addItems([makeItem(t, { id: 'slow' })]);
    const draining = drainOutbox();
    for (let i = 0; i < 20_000 && rows.length === 0; i++) await new Promise((resolve) => setImmediate(resolve));
    await vi.advanceTimersByTimeAsync(API_TIMEOUT_MS);
    await draining;
    await settle();
    expect(await getItem('slow')).toMatchObject({ state: 'pending', inDoubt: true });
    t += 10 * 60_000;
    await drain();
    expect(posts()).toHaveLength(1);
    expect(rows).toHaveLength(1);
  });

  it('in doubt but not on the server → sent once, and no longer in doubt', async () => {
    postFault = { store: false, error: new TypeError('fetch failed') };
    await addItems([makeItem(t, { id: 'never-arrived' })]);
    await drain();
    t += 10 * 60_000;
    await drain();
    expect(posts()).toHaveLength(2);
    expect(rows).toHaveLength(1);
    expect(await getItem('never-arrived')).toBeUndefined();
  });

  it('a refused connection is not in doubt: re-sent without a read', async () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }),
    });
    postFault = { store: false, error: refused };
    await addItems([makeItem(t, { id: 'refused' })]);
    await drain();
    expect(await getItem('refused')).toMatchObject({ state: 'pending' });
    expect((await getItem('refused'))?.inDoubt).toBeFalsy();
    t += 10 * 60_000;
    await drain();
    // no read before the re-send; the one read is the copy check after its 201
    const memoryCalls = calls.filter((call) => call.url.pathname.endsWith('/memories'));
    expect(memoryCalls.map((call) => call.method)).toEqual(['POST', 'POST', 'GET']);
  });

  it('a failed reconciliation read never leads to a POST', async () => {
    postFault = { store: true, error: new TypeError('fetch failed') };
    await addItems([makeItem(t, { id: 'offline' })]);
    await drain();
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('fetch failed'))),
    );
    t += 10 * 60_000;
    await drain();
    expect(await getItem('offline')).toMatchObject({ state: 'pending', inDoubt: true });
    expect(rows).toHaveLength(1);
    await expect((await db()).getAll('recent')).resolves.toEqual([]);
  });
});
