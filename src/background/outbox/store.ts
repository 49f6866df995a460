/** Outbox item queries and transitions. Every transition is written before the caller acts on it. */
import type { IDBPIndex, IDBPObjectStore, StoreNames } from 'idb';
import type { DiagnosticEntry } from '../../shared/messages';
import { appendDiagnostic, db, type MnueronSchema, type OutboxItem, type RecentSave } from '../db';
import { OUTBOX_STATE_KEY, parseOutboxState, type OutboxGlobalState } from './state';
import { mergeRecent, type RecentChange, type Transition } from './transition';

/** Items are never dropped; after this age an unsent item is parked as failed for the user to decide. */
export const EXPIRE_AFTER_MS = 7 * 24 * 60 * 60 * 1000;
export const MAX_RECENT = 10;

/** Adds new items; with `diagnostic`, its Diagnostics entry is written in the same transaction. */
export async function addItems(items: OutboxItem[], diagnostic?: DiagnosticEntry): Promise<void> {
  if (!diagnostic) {
    const tx = (await db()).transaction('outbox', 'readwrite');
    await Promise.all([...items.map((item) => tx.store.add(item)), tx.done]);
    return;
  }
  const tx = (await db()).transaction(['outbox', 'diagnostics'], 'readwrite');
  const outbox = tx.objectStore('outbox');
  await Promise.all([
    ...items.map((item) => outbox.add(item)),
    appendDiagnostic(tx.objectStore('diagnostics'), diagnostic),
    tx.done,
  ]);
}

export async function getItem(id: string): Promise<OutboxItem | undefined> {
  return (await db()).get('outbox', id);
}

export async function putItem(item: OutboxItem): Promise<void> {
  await (await db()).put('outbox', item);
}

export async function deleteItem(id: string): Promise<boolean> {
  const tx = (await db()).transaction('outbox', 'readwrite');
  const existing = await tx.store.get(id);
  if (existing) await tx.store.delete(id);
  await tx.done;
  return !!existing;
}

/**
 * Removes the queued parts of a save sent as parts (undo must not let them land after it). Nothing is removed when
 * one of them is in flight: its request may land, so the caller asks for the undo to be tried again.
 */
export async function cancelQueuedParts(group: string): Promise<{ cancelled: number; inFlight: number }> {
  const tx = (await db()).transaction('outbox', 'readwrite');
  const parts = (await tx.store.getAll()).filter((item) => {
    const part = item.body.metadata.part as { group?: unknown } | undefined;
    return typeof part === 'object' && part !== null && part.group === group;
  });
  const inFlight = parts.filter((item) => item.state === 'inflight').length;
  if (inFlight === 0) for (const item of parts) await tx.store.delete(item.id);
  await tx.done;
  return { cancelled: inFlight === 0 ? parts.length : 0, inFlight };
}

/** The oldest item that may be sent now: pending and due, or in flight with an expired lease. */
export async function nextSendable(now: number): Promise<OutboxItem | null> {
  const tx = (await db()).transaction('outbox');
  return (await scanSendable(tx.store.index('byCreated'), now)).item;
}

/** Earliest instant a not-yet-due pending item becomes due (null when none). */
export async function earliestFutureDue(now: number): Promise<number | null> {
  let earliest: number | null = null;
  for (const state of ['pending', 'inflight'] as const) {
    for (const item of await (await db()).getAllFromIndex('outbox', 'byState', state)) {
      const due = state === 'pending' ? item.notBefore : (item.leaseUntil ?? 0);
      if (due > now && (earliest === null || due < earliest)) earliest = due;
    }
  }
  return earliest;
}

type ByCreated = IDBPIndex<MnueronSchema, ArrayLike<StoreNames<MnueronSchema>>, 'outbox', 'byCreated'>;

/**
 * Oldest first: the first item that may be sent now (as nextSendable). When there is none, every pending and
 * in-flight item was looked at, so `earliestDue` is what earliestFutureDue would answer.
 */
async function scanSendable(
  index: ByCreated,
  now: number,
): Promise<{ item: OutboxItem | null; earliestDue: number | null }> {
  let earliestDue: number | null = null;
  let cursor = await index.openCursor();
  while (cursor) {
    const item = cursor.value;
    if (item.state === 'pending' && item.notBefore <= now) return { item, earliestDue: null };
    if (item.state === 'inflight' && (item.leaseUntil ?? 0) <= now) return { item, earliestDue: null };
    const due = item.state === 'pending' ? item.notBefore : item.state === 'inflight' ? (item.leaseUntil ?? 0) : null;
    if (due !== null && due > now && (earliestDue === null || due < earliestDue)) earliestDue = due;
    cursor = await cursor.continue();
  }
  return { item: null, earliestDue };
}

/** What one send step decides on, as stored at one instant (readSendStep). */
export type SendStepRead = {
  state: OutboxGlobalState;
  /** The `kv` records, as stored: their own readers migrate and parse them. */
  settingsRecord: unknown;
  tokenRecord: unknown;
  /** The oldest item that may be sent now (nextSendable). */
  item: OutboxItem | null;
  /** When there is none: the earliest instant one becomes due (earliestFutureDue). */
  earliestDue: number | null;
};

/**
 * Everything a send step reads before it decides, in one readonly transaction (one round trip instead of one per
 * record): the outbox state, the stored settings and token records, and the oldest sendable item.
 */
export async function readSendStep(now: number, keys: { settings: string; token: string }): Promise<SendStepRead> {
  const tx = (await db()).transaction(['kv', 'outbox', 'secrets']);
  const kv = tx.objectStore('kv');
  const [state, settingsRecord, tokenRecord, sendable] = await Promise.all([
    kv.get(OUTBOX_STATE_KEY),
    kv.get(keys.settings),
    tx.objectStore('secrets').get(keys.token),
    scanSendable(tx.objectStore('outbox').index('byCreated'), now),
  ]);
  await tx.done;
  return { state: parseOutboxState(state), settingsRecord, tokenRecord, ...sendable };
}

/** A fresh worker means the previous one died: whatever it had in flight is pending again, in doubt. */
export async function recoverInflight(): Promise<number> {
  const tx = (await db()).transaction('outbox', 'readwrite');
  const stale = await tx.store.index('byState').getAll('inflight');
  // Its request may have reached the server: looked up before it is sent again — and not before its lease ends,
  // since a slow server may still be working on the dead worker's request and store it late.
  await Promise.all(
    stale.map((item) =>
      tx.store.put({
        ...item,
        state: 'pending',
        leaseUntil: undefined,
        inDoubt: true,
        notBefore: Math.max(item.notBefore, item.leaseUntil ?? 0),
      }),
    ),
  );
  await tx.done;
  return stale.length;
}

export async function countByState(): Promise<{ pending: number; inflight: number; parked: number }> {
  const index = (await db()).transaction('outbox').store.index('byState');
  const [pending, inflight, parked] = await Promise.all([
    index.count('pending'),
    index.count('inflight'),
    index.count('parked'),
  ]);
  return { pending, inflight, parked };
}

/** Oldest-first items for display: every parked one, and up to `limit` of the others. */
export async function listForDisplay(limit: number): Promise<OutboxItem[]> {
  const database = await db();
  const parked = await database.getAllFromIndex('outbox', 'byState', 'parked');
  const others: OutboxItem[] = [];
  let cursor = await database.transaction('outbox').store.index('byCreated').openCursor();
  while (cursor && others.length < limit) {
    if (cursor.value.state !== 'parked') others.push(cursor.value);
    cursor = await cursor.continue();
  }
  return [...others, ...parked].sort((a, b) => a.createdAt - b.createdAt);
}

type RecentStore = IDBPObjectStore<MnueronSchema, ArrayLike<StoreNames<MnueronSchema>>, 'recent', 'readwrite'>;

/** Adds or joins a Recent entry (mergeRecent) and keeps only the newest MAX_RECENT, inside the caller's transaction. */
async function putRecent(recentStore: RecentStore, change: RecentChange): Promise<void> {
  await recentStore.put(mergeRecent(change.part ? await recentStore.get(change.entry.id) : undefined, change));
  const keys = await recentStore.index('bySaved').getAllKeys();
  for (const key of keys.slice(0, Math.max(0, keys.length - MAX_RECENT))) await recentStore.delete(key);
}

/**
 * Applies a transition in one IndexedDB transaction over the outbox, Recent and the outbox state: `compute` (pure
 * and synchronous, e.g. `transition` from transition.ts) gets the state as stored now, inside the transaction, so
 * the item, its Recent entry and the state change together or not at all, and a concurrent state change (a resume,
 * an undo's pacing) is serialised with this one rather than overwritten by it.
 */
export async function commitTransition(
  itemId: string,
  compute: (state: OutboxGlobalState) => Transition,
  /** The step's Diagnostics entry, written in the same transaction. */
  diagnostic?: DiagnosticEntry,
): Promise<Transition> {
  const tx = (await db()).transaction(
    ['outbox', 'recent', 'kv', ...(diagnostic ? (['diagnostics'] as const) : [])],
    'readwrite',
  );
  const kv = tx.objectStore('kv');
  const result = compute(parseOutboxState(await kv.get(OUTBOX_STATE_KEY)));
  const outbox = tx.objectStore('outbox');
  if (result.item) await outbox.put(result.item);
  else await outbox.delete(itemId);
  if (result.recent) await putRecent(tx.objectStore('recent'), result.recent);
  await kv.put(result.state, OUTBOX_STATE_KEY);
  if (diagnostic) await appendDiagnostic(tx.objectStore('diagnostics'), diagnostic);
  await tx.done;
  return result;
}

export async function listRecent(): Promise<RecentSave[]> {
  return (await (await db()).getAllFromIndex('recent', 'bySaved')).reverse();
}

export async function getRecent(id: string): Promise<RecentSave | undefined> {
  return (await db()).get('recent', id);
}

export async function deleteRecent(id: string): Promise<void> {
  await (await db()).delete('recent', id);
}
