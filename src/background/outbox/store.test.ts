/** Outbox item queries and the outbox-wide state record. */
import { beforeEach, describe, expect, it } from 'vitest';
import { db, kvSet, resetDbForTests, type OutboxItem, type RecentSave } from '../db';
import { readOutboxState, updateOutboxState } from './state';
import { transition } from './transition';
import {
  MAX_RECENT,
  addItems,
  commitTransition,
  countByState,
  deleteItem,
  earliestFutureDue,
  listForDisplay,
  listRecent,
  nextSendable,
  readSendStep,
  recoverInflight,
} from './store';

const NOW = 1_000_000;

function item(id: string, createdAt: number, over: Partial<OutboxItem> = {}): OutboxItem {
  return {
    id,
    createdAt,
    state: 'pending',
    attempts: 0,
    notBefore: 0,
    kind: 'selection',
    body: { content: id, metadata: { idempotency_key: `key-${id}` } },
    ...over,
  };
}

function recent(id: string, savedAt: number): RecentSave {
  return { id, memoryId: `mem-${id}`, apiUrl: 'x', preview: id, namespace: 'default', tags: [], savedAt };
}

beforeEach(() => {
  resetDbForTests();
});

describe('store', () => {
  it('nextSendable: the oldest pending item that is due, or an in-flight one whose lease ran out', async () => {
    await addItems([
      item('parked', 1, { state: 'parked', parked: { reason: 'rejected', message: 'x' } }),
      item('leased', 2, { state: 'inflight', leaseUntil: NOW + 1 }),
      item('later', 3, { notBefore: NOW + 500 }),
      item('due', 5),
      item('older-due', 4),
    ]);
    expect((await nextSendable(NOW))?.id).toBe('older-due');
    expect((await nextSendable(NOW + 1))?.id).toBe('leased');
    await addItems([item('expired-lease', 0, { state: 'inflight', leaseUntil: NOW })]);
    expect((await nextSendable(NOW))?.id).toBe('expired-lease');
  });

  it('nextSendable is null when only parked or not-yet-due items remain', async () => {
    await addItems([
      item('p', 1, { state: 'parked', parked: { reason: 'expired', message: 'x' } }),
      item('l', 2, { state: 'inflight', leaseUntil: NOW + 10 }),
    ]);
    expect(await nextSendable(NOW)).toBeNull();
  });

  it('earliestFutureDue: the soonest notBefore or lease end still ahead', async () => {
    expect(await earliestFutureDue(NOW)).toBeNull();
    await addItems([
      item('a', 1, { notBefore: NOW + 300 }),
      item('b', 2, { state: 'inflight', leaseUntil: NOW + 200 }),
      item('c', 3, { notBefore: NOW - 5 }),
      item('p', 4, { state: 'parked', notBefore: NOW + 1, parked: { reason: 'rejected', message: 'x' } }),
    ]);
    expect(await earliestFutureDue(NOW)).toBe(NOW + 200);
  });

  it('readSendStep: the state, both records and the next item as nextSendable, or the due time as earliestFutureDue', async () => {
    const keys = { settings: 'settings-record', token: 'token-record' };
    await kvSet(keys.settings, { version: 1 });
    await (await db()).put('secrets', { value: 'tok', origin: 'https://a.example' }, keys.token);
    await updateOutboxState((state) => ({ ...state, holdUntil: NOW + 9 }));
    const read = async (now: number) => {
      const step = await readSendStep(now, keys);
      expect(step.item?.id ?? null).toBe((await nextSendable(now))?.id ?? null);
      expect(step.earliestDue).toBe(step.item ? null : await earliestFutureDue(now));
      return step;
    };
    expect(await read(NOW)).toEqual({
      state: { ...(await readOutboxState()), holdUntil: NOW + 9 },
      settingsRecord: { version: 1 },
      tokenRecord: { value: 'tok', origin: 'https://a.example' },
      item: null,
      earliestDue: null,
    });
    await addItems([
      item('a', 1, { notBefore: NOW + 300 }),
      item('b', 2, { state: 'inflight', leaseUntil: NOW + 200 }),
      item('p', 4, { state: 'parked', notBefore: NOW + 1, parked: { reason: 'rejected', message: 'x' } }),
    ]);
    expect(await read(NOW)).toMatchObject({ item: null, earliestDue: NOW + 200 });
    expect((await read(NOW + 200)).item?.id).toBe('b');
    await addItems([item('c', 3, { notBefore: NOW - 5 })]);
    expect((await read(NOW)).item?.id).toBe('c');
  });

  it('recoverInflight turns every in-flight item back to pending, keeping its key and attempts', async () => {
    await addItems([
      item('x', 1, { state: 'inflight', leaseUntil: NOW + 30_000, attempts: 2 }),
      item('y', 2, { state: 'inflight', leaseUntil: NOW + 30_000 }),
      item('z', 3),
    ]);
    expect(await recoverInflight()).toBe(2);
    const x = await (await db()).get('outbox', 'x');
    expect(x).toMatchObject({ state: 'pending', attempts: 2, body: { metadata: { idempotency_key: 'key-x' } } });
    expect(x?.leaseUntil).toBeUndefined();
    expect(await countByState()).toEqual({ pending: 3, inflight: 0, parked: 0 });
  });

  it('addItems is all-or-nothing', async () => {
    await addItems([item('dup', 1)]);
    await expect(addItems([item('fresh', 2), item('dup', 3)])).rejects.toThrow();
    expect(await (await db()).get('outbox', 'fresh')).toBeUndefined();
  });

  it('deleteItem says whether there was something to delete', async () => {
    await addItems([item('d', 1)]);
    expect(await deleteItem('d')).toBe(true);
    expect(await deleteItem('d')).toBe(false);
  });

  it('listForDisplay: every parked item, plus up to `limit` others, oldest first', async () => {
    await addItems([
      ...Array.from({ length: 5 }, (_, i) => item(`p${i}`, 10 + i)),
      item('x1', 1, { state: 'parked', parked: { reason: 'rejected', message: 'x' } }),
      item('x2', 100, { state: 'parked', parked: { reason: 'rejected', message: 'x' } }),
    ]);
    expect((await listForDisplay(2)).map((i) => i.id)).toEqual(['x1', 'p0', 'p1', 'x2']);
  });
});

describe('outbox state', () => {
  it('defaults when nothing is stored', async () => {
    expect(await readOutboxState()).toEqual({
      pause: null,
      holdUntil: null,
      backoff: null,
      quota: null,
      sendLog: [],
      lastError: null,
    });
  });

  it('a corrupted field falls back to its default without losing the others', async () => {
    await kvSet('outbox-state', {
      pause: { kind: 'martian' },
      holdUntil: 'soon',
      backoff: { attempt: 2, retryAt: 5, message: 'x' },
      quota: 7,
      sendLog: [1, 2, 3],
      lastError: 42,
    });
    expect(await readOutboxState()).toEqual({
      pause: null,
      holdUntil: null,
      backoff: { attempt: 2, retryAt: 5, message: 'x' },
      quota: null,
      sendLog: [1, 2, 3],
      lastError: null,
    });
  });

  it('updateOutboxState writes what it returns', async () => {
    const next = await updateOutboxState((s) => ({ ...s, holdUntil: 99 }));
    expect(next.holdUntil).toBe(99);
    expect((await readOutboxState()).holdUntil).toBe(99);
  });

  it('concurrent updates serialise: none is lost (each reads what the one before it wrote)', async () => {
    await Promise.all([1, 2, 3, 4, 5].map((at) => updateOutboxState((s) => ({ ...s, sendLog: [...s.sendLog, at] }))));
    expect((await readOutboxState()).sendLog.sort()).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('commitTransition', () => {
  const context = {
    apiUrl: 'https://api.example.com',
    write: { pacing: { maxWrites: 5, windowMs: 1_000 }, arrived: true },
    jitter: 0,
  };

  it('a success removes the item, adds its Recent entry and writes the state, all in one transaction', async () => {
    await addItems([item('a', 1, { state: 'inflight', leaseUntil: NOW + 1 })]);
    await updateOutboxState((s) => ({ ...s, lastError: 'before', sendLog: [NOW - 10] }));
    const sent = (await (await db()).get('outbox', 'a'))!;
    await commitTransition('a', (state) => transition({ action: 'done', memory: null }, sent, state, NOW, context));
    expect(await (await db()).getAll('outbox')).toEqual([]);
    expect((await listRecent()).map((r) => r.id)).toEqual(['a']);
    expect(await readOutboxState()).toMatchObject({ lastError: null, sendLog: [NOW - 10, NOW] });
  });

  it('successes move their items to Recent, which keeps only the newest MAX_RECENT', async () => {
    const items = Array.from({ length: MAX_RECENT + 3 }, (_, i) => item(`i${i}`, i));
    await addItems(items);
    for (const [i, sent] of items.entries())
      await commitTransition(sent.id, (state) =>
        transition({ action: 'done', memory: null }, sent, state, NOW + i, context),
      );
    const list = await listRecent();
    expect(list).toHaveLength(MAX_RECENT);
    expect(list[0]!.id).toBe(`i${MAX_RECENT + 2}`); // newest first
    expect(list.at(-1)!.id).toBe('i3');
    expect(await countByState()).toEqual({ pending: 0, inflight: 0, parked: 0 });
  });

  it("a part joins its capture's Recent entry; Recent keeps only the newest MAX_RECENT", async () => {
    for (let i = 0; i < MAX_RECENT; i++) await (await db()).put('recent', recent(`old${i}`, i));
    const part = (index: number) =>
      item(`p${index}`, index, {
        body: {
          content: `part ${index}`,
          metadata: { idempotency_key: `cap:part-${index}-of-2`, part: { index, total: 2, group: 'cap' } },
        },
      });
    await addItems([part(1), part(2)]);
    for (const index of [1, 2])
      await commitTransition(`p${index}`, (state) =>
        transition(
          {
            action: 'done',
            memory: {
              id: `mem-${index}`,
              content: '',
              namespace: 'default',
              tags: [],
              metadata: {},
              created_at: 1,
              updated_at: 1,
            },
          },
          part(index),
          state,
          NOW + index,
          context,
        ),
      );
    const listed = await listRecent();
    expect(listed).toHaveLength(MAX_RECENT);
    expect(listed[0]).toMatchObject({
      id: 'cap',
      memoryId: 'mem-1',
      memoryIds: ['mem-1', 'mem-2'],
      preview: 'part 1',
      parts: 2,
    });
  });

  it('all or nothing: when the transition cannot be computed nothing is written', async () => {
    await addItems([item('a', 1)]);
    await expect(
      commitTransition('a', () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await (await db()).get('outbox', 'a')).toBeDefined();
    expect(await readOutboxState()).toMatchObject({ sendLog: [] });
  });

  it('runs on the state as stored inside its transaction: a concurrent state change is kept, not overwritten', async () => {
    await addItems([item('a', 1), item('b', 2)]);
    const [a, b] = [(await (await db()).get('outbox', 'a'))!, (await (await db()).get('outbox', 'b'))!];
    await Promise.all([
      commitTransition('a', (state) =>
        transition({ action: 'retry', message: 'x', status: 500 }, a, state, NOW, context),
      ),
      updateOutboxState((s) => ({ ...s, sendLog: [...s.sendLog, NOW - 1] })),
      commitTransition('b', (state) => transition({ action: 'pause-auth', message: 'y' }, b, state, NOW + 1, context)),
    ]);
    const state = await readOutboxState();
    expect([...state.sendLog].sort((x, y) => x - y)).toEqual([NOW - 1, NOW, NOW + 1]);
    expect(state.pause).toMatchObject({ kind: 'auth' });
    expect(state.backoff).toMatchObject({ attempt: 1 });
  });
});
