/** Outbox item queries and transitions. Every transition is written before the caller acts on it. */
import { db, type OutboxItem, type RecentSave } from '../db';

/** Items are never dropped; after this age an unsent item is parked as failed for the user to decide. */
export const EXPIRE_AFTER_MS = 7 * 24 * 60 * 60 * 1000;
export const MAX_RECENT = 10;

export async function addItems(items: OutboxItem[]): Promise<void> {
  const tx = (await db()).transaction('outbox', 'readwrite');
  await Promise.all([...items.map((item) => tx.store.add(item)), tx.done]);
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
  let cursor = await (await db()).transaction('outbox').store.index('byCreated').openCursor();
  while (cursor) {
    const item = cursor.value;
    if (item.state === 'pending' && item.notBefore <= now) return item;
    if (item.state === 'inflight' && (item.leaseUntil ?? 0) <= now) return item;
    cursor = await cursor.continue();
  }
  return null;
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

/**
 * Success: the item leaves the outbox and enters Recent in one transaction. A part of a save sent as parts joins
 * the capture's one entry (same id): its memory id is added, and the first part's preview is the entry's.
 */
export async function completeItem(id: string, recent: RecentSave | null, part?: { index: number }): Promise<void> {
  const tx = (await db()).transaction(['outbox', 'recent'], 'readwrite');
  await tx.objectStore('outbox').delete(id);
  if (recent) {
    const recentStore = tx.objectStore('recent');
    const existing = part ? await recentStore.get(recent.id) : undefined;
    if (existing) {
      const ids = [...(existing.memoryIds ?? [existing.memoryId]), recent.memoryId].filter((memoryId) => memoryId);
      await recentStore.put({
        ...existing,
        memoryId: existing.memoryId || recent.memoryId,
        memoryIds: [...new Set(ids)],
        preview: part?.index === 1 ? recent.preview : existing.preview,
        savedAt: recent.savedAt,
      });
    } else {
      await recentStore.put(part ? { ...recent, memoryIds: recent.memoryId ? [recent.memoryId] : [] } : recent);
    }
    const keys = await recentStore.index('bySaved').getAllKeys();
    for (const key of keys.slice(0, Math.max(0, keys.length - MAX_RECENT))) await recentStore.delete(key);
  }
  await tx.done;
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
