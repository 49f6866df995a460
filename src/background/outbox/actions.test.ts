/** What the popup can do to the outbox and Recent: retry, discard, edit, split, undo — against a stubbed fetch. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LOCAL_API_URL, MAX_CONTENT_BYTES } from '../../shared/api-schema';
import { MAX_PART_CHARS } from '../capture';
import { clock } from '../clock';
import { db, readDiagnostics, resetDbForTests, type OutboxItem, type RecentSave } from '../db';
import { setBoundToken } from '../secrets';
import { updateSettings } from '../settings-store';
import { ActionError, discard, edit, retry, split, undoRecent } from './actions';
import { drainOutbox } from './sender';
import { readOutboxState, writeOutboxState } from './state';
import { EXPIRE_AFTER_MS, addItems, getItem, getRecent, listRecent } from './store';
import { captureToOutbox } from '../capture';
import { settle, makeItem as makeTestItem, afterSenderTest } from '../test-kit';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
let t = T0;
const TOKEN = 'tok_actions_0123456789';

type Body = { content: string; source_ref?: string; metadata: Record<string, unknown> };
type Call = { url: string; method: string; body: Body | null; headers: Record<string, string> };
let calls: Call[] = [];
let responder: (call: Call) => Response | Promise<Response>;

const reply = (status: number, body?: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), { status });

function created(call: Call): Response {
  return reply(201, {
    id: `mem-${calls.indexOf(call) + 1}`,
    content: call.body?.content ?? '',
    namespace: 'default',
    tags: [],
    metadata: call.body?.metadata ?? {},
    created_at: t,
    updated_at: t,
  });
}

const posts = () => calls.filter((call) => call.method === 'POST');
const keyOf = (call: Call) => call.body?.metadata.idempotency_key;

async function drain(): Promise<void> {
  await drainOutbox();
  await settle();
}

const allItems = async () => (await db()).getAll('outbox');

const makeItem = (over: Partial<OutboxItem> = {}) => makeTestItem(t, over, 'https://example.com/doc');

function withContent(item: OutboxItem, content: string): OutboxItem {
  return { ...item, body: { ...item.body, content } };
}

const tooLarge = (bytes: number, maxBytes = MAX_CONTENT_BYTES) =>
  ({ reason: 'too-large', status: 413, message: 'Too large', maxBytes, receivedBytes: bytes }) as const;

function recent(over: Partial<RecentSave> = {}): RecentSave {
  return {
    id: 'r1',
    memoryId: 'mem-42',
    apiUrl: LOCAL_API_URL,
    preview: 'saved',
    namespace: 'default',
    tags: [],
    savedAt: T0 - 1_000,
    ...over,
  };
}

async function expectActionError(promise: Promise<unknown>, code: ActionError['code'], message?: RegExp) {
  const error = await promise.then(
    () => null,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(ActionError);
  expect((error as ActionError).code).toBe(code);
  if (message) expect((error as ActionError).message).toMatch(message);
}

beforeEach(async () => {
  resetDbForTests();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  t = T0;
  clock.now = () => t;
  calls = [];
  responder = created;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string | URL | Request, init: RequestInit = {}) => {
      const call: Call = {
        url: String(input),
        method: init.method ?? 'GET',
        body: init.body ? (JSON.parse(String(init.body)) as Body) : null,
        headers: { ...(init.headers as Record<string, string>) },
      };
      calls.push(call);
      return responder(call);
    }),
  );
  await updateSettings({ privacy: { redactSecrets: false } });
  await setBoundToken(TOKEN, LOCAL_API_URL);
});

afterEach(afterSenderTest);

describe('retry', () => {
  it('a parked item goes back to pending and is sent with its original key', async () => {
    await addItems([
      makeItem({ id: 'r', state: 'parked', parked: { reason: 'rejected', status: 404, message: 'no namespace' } }),
    ]);
    await retry('r');
    await settle();
    expect(posts().map(keyOf)).toEqual(['key-r']);
    expect(await allItems()).toEqual([]);
  });

  it('refuses an item still over 256 KB and leaves it parked', async () => {
    const big = withContent(
      makeItem({ id: 'big', state: 'parked', parked: tooLarge(0) }),
      'x'.repeat(MAX_CONTENT_BYTES + 1),
    );
    await addItems([big]);
    await expectActionError(retry('big'), 'invalid', /256 KB/);
    expect((await getItem('big'))?.state).toBe('parked');
    expect(calls).toHaveLength(0);
  });

  it('without an id it lifts an auth pause and the backoff, and sends what is due', async () => {
    await addItems([makeItem({ id: 'p' })]);
    const state = await readOutboxState();
    await writeOutboxState({
      ...state,
      pause: { kind: 'auth', message: 'Token rejected', since: T0 },
      backoff: { attempt: 3, retryAt: T0 + 60_000, message: 'x' },
    });
    await drain();
    expect(calls).toHaveLength(0);
    await retry();
    await settle();
    expect(posts().map(keyOf)).toEqual(['key-p']);
    expect(await readOutboxState()).toMatchObject({ pause: null, backoff: null });
  });

  it('an expired item gets a fresh age and is sent', async () => {
    await addItems([
      makeItem({
        id: 'e',
        createdAt: T0 - EXPIRE_AFTER_MS - 5_000,
        state: 'parked',
        parked: { reason: 'expired', message: 'Not sent within 7 days' },
      }),
    ]);
    await retry('e');
    await settle();
    expect(posts().map(keyOf)).toEqual(['key-e']);
  });

  it('an unknown id is not-found', async () => {
    await expectActionError(retry('nope'), 'not-found');
  });

  // Regression test (was a bug): actions.ts:43 gives a retried item a fresh age only when it was parked as 'expired'. An item parked for
  // another reason (here a 404: the namespace did not exist yet) that waited over 7 days for the user is, on Retry,
  // parked again as "Not sent within 7 days" by sender.ts:85 without a single attempt. A user action should restart
  // the 7-day clock whatever the reason it was parked.
  it('retrying an item rejected more than 7 days ago sends it', async () => {
    await addItems([
      makeItem({
        id: 'old-404',
        createdAt: T0 - EXPIRE_AFTER_MS - 60_000,
        state: 'parked',
        parked: { reason: 'rejected', status: 404, message: 'unknown namespace' },
      }),
    ]);
    await retry('old-404');
    await settle();
    expect(posts().map(keyOf)).toEqual(['key-old-404']);
  });
});

describe('discard', () => {
  it('removes the item and logs it', async () => {
    await addItems([makeItem({ id: 'd', state: 'parked', parked: { reason: 'rejected', message: 'no' } })]);
    await discard('d');
    expect(await getItem('d')).toBeUndefined();
    expect((await readDiagnostics())[0]).toMatchObject({ kind: 'capture', outcome: 'discarded' });
  });

  it('refuses an item in flight, and an unknown id', async () => {
    await addItems([makeItem({ id: 'f', state: 'inflight', leaseUntil: T0 + 30_000 })]);
    await expectActionError(discard('f'), 'invalid');
    expect(await getItem('f')).toBeDefined();
    await expectActionError(discard('gone'), 'not-found');
  });
});

describe('edit', () => {
  it('an edit to over 6,000 characters is sent as readable labelled parts', async () => {
    await addItems([
      makeItem({ id: 'long', state: 'parked', parked: { reason: 'rejected', status: 400, message: 'x' } }),
    ]);
    const content = 'An edited sentence that should be read whole. '.repeat(160); // ~7,500 characters
    await edit('long', content);
    await settle();
    expect(await getItem('long')).toBeUndefined();
    const sent = posts().map((call) => call.body!);
    expect(sent).toHaveLength(2);
    for (const [i, body] of sent.entries()) {
      expect(body.content.length).toBeLessThanOrEqual(MAX_PART_CHARS);
      expect(body.content.startsWith(`(part ${i + 1} of 2)`)).toBe(true);
      expect(body.metadata.edited).toBe(true);
    }
    const group = (sent[0]!.metadata.part as { group: string }).group;
    expect(sent.map((body) => body.metadata.idempotency_key)).toEqual([`${group}:part-1-of-2`, `${group}:part-2-of-2`]);
    expect(group).not.toBe('key-long');
  });

  it('replaces the content under a new idempotency key and sends it', async () => {
    await addItems([
      makeItem({ id: 'ed', state: 'parked', parked: { reason: 'rejected', status: 400, message: 'bad' } }),
    ]);
    await edit('ed', 'fixed text');
    await settle();
    expect(posts()).toHaveLength(1);
    const sent = posts()[0]!.body!;
    expect(sent.content).toBe('fixed text');
    expect(sent.metadata.edited).toBe(true);
    expect(sent.metadata.idempotency_key).not.toBe('key-ed');
    expect(sent.metadata.idempotency_key).toMatch(/^[0-9a-f-]{36}$/);
    expect(await allItems()).toEqual([]);
  });

  it('refuses empty text, an item in flight and an unknown id', async () => {
    await addItems([makeItem({ id: 'x', state: 'parked', parked: { reason: 'rejected', message: 'no' } })]);
    await expectActionError(edit('x', '   \n'), 'invalid');
    await addItems([makeItem({ id: 'fl', state: 'inflight', leaseUntil: T0 + 30_000 })]);
    await expectActionError(edit('fl', 'new'), 'invalid');
    await expectActionError(edit('gone', 'new'), 'not-found');
    expect((await getItem('x'))?.body.content).toBe('content of x');
  });

  it('text still over 256 KB is kept but parked with the sizes, and not sent', async () => {
    await addItems([makeItem({ id: 'b', state: 'parked', parked: tooLarge(300_000) })]);
    const content = 'y'.repeat(MAX_CONTENT_BYTES + 10);
    await edit('b', content);
    await settle();
    expect(calls).toHaveLength(0);
    expect(await getItem('b')).toMatchObject({
      state: 'parked',
      body: { content },
      parked: { reason: 'too-large', maxBytes: MAX_CONTENT_BYTES, receivedBytes: MAX_CONTENT_BYTES + 10 },
    });
  });

  // Regression test (was a bug): actions.ts:82-88 queues the edited item with its old createdAt. The popup offers Edit on every parked item,
  // including expired ones (OutboxItem.tsx); after the edit sender.ts:85 parks it straight back as expired, never
  // sending the text the user just fixed. Edit should restart the 7-day clock (as retry does for expired items).
  it('editing an expired item sends the edited text', async () => {
    await addItems([
      makeItem({
        id: 'old',
        createdAt: T0 - EXPIRE_AFTER_MS - 60_000,
        state: 'parked',
        parked: { reason: 'expired', message: 'Not sent within 7 days' },
      }),
    ]);
    await edit('old', 'edited after a week');
    await settle();
    expect(posts().map((call) => call.body?.content)).toEqual(['edited after a week']);
  });
});

describe('split', () => {
  const paragraph = 'word '.repeat(199) + 'end.\n\n'; // 1 KB

  it('replaces an over-size item by readable labelled parts, sharing source_ref, sent in order', async () => {
    await updateSettings({ pacing: { maxWrites: 10_000, windowMs: 60_000 } });
    const content = paragraph.repeat(600);
    await addItems([withContent(makeItem({ id: 's', state: 'parked', parked: tooLarge(614_400) }), content)]);
    await split('s');
    await settle();
    expect(await getItem('s')).toBeUndefined();
    const sent = posts();
    const n = sent.length;
    expect(n).toBeGreaterThan(100);
    expect(sent.map(keyOf)).toEqual(Array.from({ length: n }, (_, i) => `key-s:part-${i + 1}-of-${n}`));
    const unlabelled = sent.map((call) => call.body!.content.replace(/^\(part \d+ of \d+\)\n\n/, ''));
    expect(unlabelled.join('\n\n')).toBe(content.trim());
    for (const [i, call] of sent.entries()) {
      expect(call.body!.content.length).toBeLessThanOrEqual(MAX_PART_CHARS);
      expect(call.body!.content.startsWith(`(part ${i + 1} of ${n})`)).toBe(true);
      expect(call.body!.source_ref).toBe('https://example.com/doc');
      expect(call.body!.metadata.part).toEqual({ index: i + 1, total: n, group: 'key-s' });
    }
  });

  it("follows a server's smaller max_bytes", async () => {
    const content = paragraph.repeat(300);
    await addItems([withContent(makeItem({ id: 'm', state: 'parked', parked: tooLarge(307_200, 100_000) }), content)]);
    await split('m');
    await settle();
    const sizes = posts().map((call) => new TextEncoder().encode(call.body!.content).length);
    expect(sizes.length).toBeGreaterThanOrEqual(4);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(100_000 - 4_096);
  });

  it('refuses an item that already fits, an item in flight and an unknown id', async () => {
    await addItems([makeItem({ id: 'small', state: 'parked', parked: tooLarge(10) })]);
    await expectActionError(split('small'), 'invalid');
    expect(await getItem('small')).toBeDefined();
    await addItems([
      withContent(makeItem({ id: 'fl', state: 'inflight', leaseUntil: T0 + 30_000 }), paragraph.repeat(600)),
    ]);
    await expectActionError(split('fl'), 'invalid');
    await expectActionError(split('gone'), 'not-found');
  });

  // Regression test (was a bug): actions.ts:111 gives the parts the original's createdAt. Split is offered on items parked as too large,
  // which wait for the user for as long as it takes; split one that was captured more than 7 days ago and
  // sender.ts:85 parks every part as "Not sent within 7 days" at once, without sending any. The parts of a split the
  // user just asked for should get a fresh age (keeping their order).
  it('splitting an item parked more than 7 days ago sends the parts', async () => {
    await addItems([
      withContent(
        makeItem({
          id: 'week-old',
          createdAt: T0 - EXPIRE_AFTER_MS - 60_000,
          state: 'parked',
          parked: tooLarge(614_400),
        }),
        paragraph.repeat(600),
      ),
    ]);
    await updateSettings({ pacing: { maxWrites: 10_000, windowMs: 60_000 } });
    await split('week-old');
    await settle();
    expect(posts().length).toBeGreaterThan(100);
    expect(await allItems()).toEqual([]);
  });
});

/** A server that keeps rows: POST stores (201), GET lists newest first, DELETE removes (404 once gone). */
function serveRows() {
  const stored: Array<{
    id: string;
    content: string;
    namespace: string;
    tags: string[];
    metadata: Record<string, unknown>;
    created_at: number;
    updated_at: number;
  }> = [];
  responder = (call) => {
    if (call.method === 'POST') {
      const row = {
        id: `mem-${stored.length + 1}`,
        content: call.body!.content,
        namespace: 'default',
        tags: [],
        metadata: call.body!.metadata,
        created_at: t,
        updated_at: t,
      };
      stored.push(row);
      return reply(201, row);
    }
    if (call.method === 'GET') return reply(200, [...stored].reverse());
    const id = call.url.split('/').pop()!;
    const at = stored.findIndex((row) => row.id === id);
    if (at < 0) return reply(404, { deleted: false });
    stored.splice(at, 1);
    return reply(200, { deleted: true });
  };
  return stored;
}

describe('undo', () => {
  it('sends DELETE for the memory to the same API, with the token, and drops it from Recent on 204', async () => {
    await (await db()).put('recent', recent({ memoryId: 'mem/42?x' }));
    responder = () => new Response(null, { status: 204 });
    await undoRecent('r1');
    expect(calls).toEqual([
      expect.objectContaining({
        method: 'DELETE',
        url: `${LOCAL_API_URL}/memories/mem%2F42%3Fx`,
        headers: expect.objectContaining({ Authorization: `Bearer ${TOKEN}` }),
      }),
    ]);
    expect(await getRecent('r1')).toBeUndefined();
    expect((await readDiagnostics())[0]).toMatchObject({ kind: 'send', outcome: 'undone', status: 204 });
    // a DELETE is a write for the rate limit too
    expect((await readOutboxState()).sendLog).toEqual([T0]);
  });

  it('two undos at once both count as writes (neither pacing write is lost)', async () => {
    await (await db()).put('recent', recent({ id: 'r1', memoryId: 'mem-1' }));
    await (await db()).put('recent', recent({ id: 'r2', memoryId: 'mem-2' }));
    responder = () => new Response(null, { status: 204 });
    await Promise.all([undoRecent('r1'), undoRecent('r2')]);
    expect(calls.map((call) => call.method)).toEqual(['DELETE', 'DELETE']);
    expect((await readOutboxState()).sendLog).toEqual([T0, T0]);
  });

  it('a DELETE that never reached the server (connection refused) takes no pacing slot, as a save does not', async () => {
    await (await db()).put('recent', recent());
    responder = () => Promise.reject(new TypeError('Failed to fetch'));
    await expectActionError(undoRecent('r1'), 'unavailable');
    expect(calls.map((call) => call.method)).toEqual(['DELETE']);
    expect((await readOutboxState()).sendLog).toEqual([]);
    // one that got an answer (even a failing one) did arrive, and counts
    responder = () => reply(500, { error: 'boom' });
    await expectActionError(undoRecent('r1'), 'unavailable');
    expect((await readOutboxState()).sendLog).toEqual([T0]);
  });

  it('404 (already gone) also drops it from Recent', async () => {
    await (await db()).put('recent', recent());
    responder = () => reply(404, { error: 'not_found' });
    await undoRecent('r1');
    expect(await getRecent('r1')).toBeUndefined();
  });

  it('401, 429, 500 and network errors keep it and say why', async () => {
    await (await db()).put('recent', recent());
    const cases: Array<[() => Response | Promise<Response>, RegExp]> = [
      [() => reply(401, { error: 'unauthorized' }), /^Could not undo: the server rejected the token\.$/],
      [() => reply(429, { error: 'rate_limited' }), /rate-limited/],
      [() => reply(403, { error: 'forbidden' }), /^Could not undo: the server answered HTTP 403\.$/],
      [() => reply(500, { error: 'boom' }), /^Could not undo: the server answered HTTP 500\.$/],
      [() => Promise.reject(new TypeError('fetch failed')), /^Could not undo: the server is unreachable\.$/],
    ];
    for (const [answer, message] of cases) {
      responder = answer;
      await expectActionError(undoRecent('r1'), 'unavailable', message);
      expect(await getRecent('r1')).toBeDefined();
    }
  });

  it('deletes every row the server made of the save (found by idempotency key), then the recorded id', async () => {
    await (await db()).put('recent', recent({ memoryId: 'mem-1', idempotencyKey: 'cap-1', namespace: 'work' }));
    const row = (id: string, key: string) => ({
      id,
      content: id,
      namespace: 'work',
      tags: ['chunk'],
      metadata: { idempotency_key: key },
      created_at: t,
      updated_at: t,
    });
    const listed = [row('mem-3', 'cap-1'), row('other', 'cap-2'), row('mem-2', 'cap-1'), row('mem-1', 'cap-1')];
    responder = (call) => {
      if (call.method === 'GET') return reply(200, listed);
      // the real local server answers a DELETE with 200 {"deleted":true}
      return reply(200, { deleted: true });
    };
    const count = await undoRecent('r1');
    const list = new URL(calls[0]!.url);
    expect(calls[0]!.method).toBe('GET');
    expect(list.searchParams.get('namespace')).toBe('work');
    const deletes = calls.filter((call) => call.method === 'DELETE').map((call) => call.url.split('/').pop());
    expect(deletes.sort()).toEqual(['mem-1', 'mem-2', 'mem-3']);
    expect(count).toBe(3);
    expect(await getRecent('r1')).toBeUndefined();
    expect((await readDiagnostics())[0]).toMatchObject({
      outcome: 'undone',
      detail: expect.stringMatching(/3 memories/),
    });
  });

  it('a save sent as parts is one Recent entry, and its undo removes every part', async () => {
    await updateSettings({ pacing: { maxWrites: 10_000, windowMs: 60_000 } });
    const stored = serveRows();
    const paragraph = 'A sentence that is read whole. '.repeat(30) + '\n\n';
    await captureToOutbox({
      content: paragraph.repeat(40),
      kind: 'selection',
      sourceRef: 'https://example.com/doc',
      idempotencyKey: 'cap',
    });
    await settle();
    expect(stored.length).toBeGreaterThan(3);
    const entries = await listRecent();
    expect(entries).toEqual([expect.objectContaining({ id: 'cap', idempotencyKey: 'cap', parts: stored.length })]);
    const made = stored.length;
    expect(await undoRecent('cap')).toBe(made);
    expect(stored).toEqual([]);
    expect(await listRecent()).toEqual([]);
  });

  it('undo of a save whose later parts are still queued cancels them: nothing of it is sent afterwards', async () => {
    // two writes a minute: the first two parts land, the rest wait in the outbox
    await updateSettings({ pacing: { maxWrites: 2, windowMs: 60_000 } });
    const stored = serveRows();
    const paragraph = 'A sentence that is read whole. '.repeat(30) + '\n\n';
    await captureToOutbox({
      content: paragraph.repeat(40),
      kind: 'selection',
      sourceRef: 'https://example.com/doc',
      idempotencyKey: 'cap',
    });
    await settle();
    expect(stored).toHaveLength(2);
    const queued = (await (await db()).getAll('outbox')).length;
    expect(queued).toBeGreaterThan(0);
    await updateSettings({ pacing: { maxWrites: 10_000, windowMs: 60_000 } });
    expect(await undoRecent('cap')).toBe(2);
    expect(await (await db()).getAll('outbox')).toEqual([]);
    t += 10 * 60_000;
    await drainOutbox();
    await settle();
    expect(stored).toEqual([]);
    expect(calls.filter((call) => call.method === 'POST')).toHaveLength(2);
  });

  it('a row already gone (404) still counts as removed; a failed DELETE keeps it in Recent to try again', async () => {
    await (await db()).put('recent', recent({ memoryId: 'mem-1', idempotencyKey: 'cap-1' }));
    const rows = ['mem-2', 'mem-1'].map((id) => ({
      id,
      content: id,
      namespace: 'default',
      tags: [],
      metadata: { idempotency_key: 'cap-1' },
      created_at: t,
      updated_at: t,
    }));
    responder = (call) =>
      call.method === 'GET'
        ? reply(200, rows)
        : call.url.endsWith('mem-2')
          ? reply(500, { error: 'boom' })
          : reply(404, { deleted: false });
    await expectActionError(undoRecent('r1'), 'unavailable', /HTTP 500/);
    expect(await getRecent('r1')).toBeDefined();
    responder = (call) => (call.method === 'GET' ? reply(200, rows) : reply(404, { deleted: false }));
    expect(await undoRecent('r1')).toBe(2);
    expect(await getRecent('r1')).toBeUndefined();
  });

  it('refuses a save made to another server, one without a memory id, and an unknown id', async () => {
    await (await db()).put('recent', recent({ id: 'other', apiUrl: 'https://elsewhere.example/api' }));
    await (await db()).put('recent', recent({ id: 'blank', memoryId: '' }));
    await expectActionError(undoRecent('other'), 'invalid', /another server/);
    await expectActionError(undoRecent('blank'), 'invalid');
    await expectActionError(undoRecent('gone'), 'not-found');
    expect(calls).toHaveLength(0);
  });

  // Regression test (was a bug): sender.ts:121-122 writes the outbox state it read BEFORE its request (`{ ...state, sendLog: … }`), so
  // anything written to it while the POST was in flight is lost. An undo during a send records its DELETE in
  // sendLog (actions.ts:143-144, "a DELETE is a write: it counts against the same per-token rate limit"), and the
  // sender then overwrites it: the pacer undercounts and a full window can meet a 429. (The same stale write also
  // undoes a resumeFromPause() made during a send.) The sender should re-read the state after the request.
  it('an undo made while a save is in flight still counts as a write', async () => {
    await (await db()).put('recent', recent());
    await addItems([makeItem({ id: 'slow' })]);
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    responder = async (call) => {
      if (call.method === 'DELETE') return new Response(null, { status: 204 });
      await held;
      return created(call);
    };
    const draining = drainOutbox();
    for (let i = 0; i < 1_000 && posts().length === 0; i++) await new Promise((resolve) => setImmediate(resolve));
    t = T0 + 10;
    await undoRecent('r1');
    t = T0 + 20;
    release();
    await draining;
    await settle();
    expect((await readOutboxState()).sendLog).toEqual([T0 + 10, T0 + 20]);
  });

  it('an undo whose DELETE is answered together with a save: both writes are counted, neither overwrites the other', async () => {
    await (await db()).put('recent', recent());
    await addItems([makeItem({ id: 'together' })]);
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    responder = async (call) => {
      await held;
      return call.method === 'DELETE' ? new Response(null, { status: 204 }) : created(call);
    };
    const draining = drainOutbox();
    for (let i = 0; i < 1_000 && posts().length === 0; i++) await new Promise((resolve) => setImmediate(resolve));
    const undoing = undoRecent('r1');
    for (let i = 0; i < 1_000 && calls.length < 2; i++) await new Promise((resolve) => setImmediate(resolve));
    t = T0 + 10;
    release();
    await Promise.all([draining, undoing]);
    await settle();
    expect((await readOutboxState()).sendLog).toEqual([T0 + 10, T0 + 10]);
    expect(await listRecent()).toEqual([expect.objectContaining({ id: 'together' })]);
  });
});
