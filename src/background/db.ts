/**
 * The background's durable store: one IndexedDB database in the extension origin (content scripts and pages on
 * the web cannot open it). Opened through `idb`. Every state change is written here before it is acted on.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPObjectStore, type StoreNames } from 'idb';
import type { NewMemory } from '../shared/api-schema';
import type { DiagnosticEntry, ParkedReason } from '../shared/messages';
import { clipText } from '../shared/api-limits';

export type OutboxState = 'pending' | 'inflight' | 'parked';

export type OutboxItem = {
  /** Local id (UUID), also the idempotency key unless one was derived (chat turns). */
  id: string;
  createdAt: number;
  /** Exactly what is POSTed; `metadata.idempotency_key` is fixed at creation and reused on every retry. */
  body: NewMemory & { content: string; metadata: Record<string, unknown> };
  state: OutboxState;
  attempts: number;
  /**
   * Not before this instant (per-item); 0 = as soon as the gates allow. Set when a fresh worker recovers an item a
   * dead one left in flight: the end of that one's lease (its request may still be landing). Shown as the item's
   * "next try" while it is ahead.
   */
  notBefore: number;
  /** While `inflight`: the lease expires here; an expired lease means the sender died mid-request. */
  leaseUntil?: number | undefined;
  parked?:
    { reason: ParkedReason; status?: number; message: string; maxBytes?: number; receivedBytes?: number } | undefined;
  lastError?: string | undefined;
  /**
   * The last attempt's outcome is unknown (the worker died mid-request, no reply, a 5xx): the server may hold it.
   * Set before the request goes out; the item is looked up by its idempotency key before any re-send.
   */
  inDoubt?: boolean | undefined;
  /** Capture kind: selection, link, image, page, quick-save, chat-turn, memory-edit, memory-delete, restore. */
  kind: string;
  /**
   * What is sent: absent or 'create' → POST /memories with `body`; 'edit' → PATCH /memories/:memoryId with
   * `body`'s content, namespace and tags; 'delete' → DELETE /memories/:memoryId (`body` is kept for display).
   */
  op?: 'create' | 'edit' | 'delete';
  memoryId?: string;
};

export type RecentSave = {
  id: string;
  memoryId: string;
  /** API base the memory was saved to (undo must go to the same server). */
  apiUrl: string;
  preview: string;
  namespace: string;
  tags: string[];
  savedAt: number;
  sourceUrl?: string;
  /**
   * The save's `metadata.idempotency_key` (for a save sent as parts, the capture's key its parts derive theirs
   * from): undo deletes every row the server made of it (a server may chunk).
   */
  idempotencyKey?: string;
  /** A save sent as parts: how many, and every part's memory id recorded so far (one Recent entry per capture). */
  parts?: number;
  memoryIds?: string[];
};

export type ChatTurnRecord = {
  /** The turn key: site + conversation + message id (or ordinal + content hash). */
  key: string;
  /** `<site>:<conversation id>`. */
  conversation: string;
  at: number;
};

export interface MnueronSchema extends DBSchema {
  outbox: { key: string; value: OutboxItem; indexes: { byCreated: number; byState: OutboxState } };
  recent: { key: string; value: RecentSave; indexes: { bySaved: number } };
  kv: { key: string; value: unknown };
  diagnostics: { key: number; value: DiagnosticEntry };
  turns: { key: string; value: ChatTurnRecord; indexes: { byConversation: string } };
  /** The API token, bound to its origin (a bare string from earlier versions until it is next read). */
  secrets: { key: string; value: { value: string; origin: string } | string };
}

export const DB_NAME = 'mnueron';
const DB_VERSION = 1;

let dbPromise: Promise<IDBPDatabase<MnueronSchema>> | null = null;

export function db(): Promise<IDBPDatabase<MnueronSchema>> {
  dbPromise ??= openDB<MnueronSchema>(DB_NAME, DB_VERSION, {
    upgrade(database, oldVersion) {
      if (oldVersion < 1) {
        const outbox = database.createObjectStore('outbox', { keyPath: 'id' });
        outbox.createIndex('byCreated', 'createdAt');
        outbox.createIndex('byState', 'state');
        database.createObjectStore('recent', { keyPath: 'id' }).createIndex('bySaved', 'savedAt');
        database.createObjectStore('kv');
        database.createObjectStore('diagnostics', { autoIncrement: true });
        database.createObjectStore('turns', { keyPath: 'key' }).createIndex('byConversation', 'conversation');
        database.createObjectStore('secrets');
      }
    },
    terminated() {
      dbPromise = null;
    },
  });
  return dbPromise;
}

/** For unit tests that swap the IndexedDB factory between tests. */
export function resetDbForTests(): void {
  dbPromise = null;
}

export async function kvGet<T>(key: string): Promise<T | undefined> {
  return (await (await db()).get('kv', key)) as T | undefined;
}

export async function kvSet(key: string, value: unknown): Promise<void> {
  await (await db()).put('kv', value, key);
}

const MAX_DIAGNOSTICS = 50;

/** The Diagnostics store inside a caller's readwrite transaction (which may span other stores). */
export type DiagnosticsStore = IDBPObjectStore<
  MnueronSchema,
  ArrayLike<StoreNames<MnueronSchema>>,
  'diagnostics',
  'readwrite'
>;

/**
 * Appends to the Diagnostics log inside the caller's transaction, keeping the last 50 (so an outcome and its entry
 * are written together, in one round trip). Never holds a token (callers pass plain descriptions).
 */
export async function appendDiagnostic(store: DiagnosticsStore, entry: DiagnosticEntry): Promise<void> {
  await store.add({ ...entry, detail: clipText(entry.detail) });
  const count = await store.count();
  if (count > MAX_DIAGNOSTICS) {
    let cursor = await store.openCursor();
    for (let excess = count - MAX_DIAGNOSTICS; cursor && excess > 0; excess--) {
      await cursor.delete();
      cursor = await cursor.continue();
    }
  }
}

/** Appends to the Diagnostics log, keeping the last 50. Never holds a token (callers pass plain descriptions). */
export async function logDiagnostic(entry: DiagnosticEntry): Promise<void> {
  const tx = (await db()).transaction('diagnostics', 'readwrite');
  await appendDiagnostic(tx.store, entry);
  await tx.done;
}

export async function readDiagnostics(): Promise<DiagnosticEntry[]> {
  return (await (await db()).getAll('diagnostics')).reverse();
}
