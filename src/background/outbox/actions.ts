/** What the user can do to the outbox and recent saves from the popup: retry, discard, edit, split, undo. */
import { MAX_CONTENT_BYTES, utf8Bytes } from '../../shared/api-schema';
import type { ApiOutcome, ApiTarget } from '../api/client';
import { LIST_PAGE_LIMIT, deleteMemory, listMemories, withKey } from '../api/memories';
import { meaningOf } from '../api/outcome';
import { clock } from '../clock';
import { addItems, cancelQueuedParts, deleteItem, deleteRecent, getItem, getRecent, putItem } from './store';
import { drainOutbox, resumeFromPause } from './sender';
import { MAX_PART_CHARS, labelledParts, splitText } from '../../shared/split';
import { storedTarget } from '../api/target';
import { loadSettings } from '../settings-store';
import { logDiagnostic, type OutboxItem, type RecentSave } from '../db';
import { ReplyError } from '../reply-error';
import { newId } from '../../shared/ids';
import { updateOutboxState } from './state';
import { countWrite, requestArrived } from './transition';
import { formatNumber, t } from '../../shared/i18n';

/** Why an outbox action (retry, discard, edit, split, undo) could not run, for the user (see reply-error.ts). */
export class ActionError extends ReplyError<'not-found' | 'invalid' | 'unavailable'> {}

async function mustGet(id: string): Promise<OutboxItem> {
  const item = await getItem(id);
  if (!item) throw new ActionError('not-found', t('bg_action_gone'));
  return item;
}

/** Retry one item now, or (no id) lift a pause/backoff and send everything due. */
export async function retry(id?: string): Promise<void> {
  if (id) {
    const item = await mustGet(id);
    if (item.parked?.reason === 'too-large' && utf8Bytes(item.body.content) > MAX_CONTENT_BYTES) {
      throw new ActionError(
        'invalid',
        t('bg_action_still_over', t('ui_size_kb', formatNumber(MAX_CONTENT_BYTES / 1024))),
      );
    }
    await putItem({
      ...item,
      state: 'pending',
      parked: undefined,
      notBefore: 0,
      // The user's own retry renews the item's 7-day window (it would otherwise expire again unsent).
      createdAt: clock.now(),
    });
  }
  await resumeFromPause();
  void drainOutbox();
}

export async function discard(id: string): Promise<void> {
  const item = await mustGet(id);
  if (item.state === 'inflight') throw new ActionError('invalid', t('bg_action_inflight'));
  await deleteItem(id);
  await logDiagnostic({
    at: clock.now(),
    kind: 'capture',
    outcome: 'discarded',
    detail: `${item.kind} ${id.slice(0, 8)} discarded by you`,
  });
}

export async function edit(id: string, content: string): Promise<void> {
  const item = await mustGet(id);
  if (item.state === 'inflight') throw new ActionError('invalid', t('bg_action_inflight'));
  if (content.trim() === '') throw new ActionError('invalid', t('bg_action_empty'));
  const bytes = utf8Bytes(content);
  if (bytes > MAX_CONTENT_BYTES) {
    await putItem({
      ...item,
      body: { ...item.body, content },
      state: 'parked',
      parked: {
        reason: 'too-large',
        message: t('bg_still_too_large'),
        maxBytes: MAX_CONTENT_BYTES,
        receivedBytes: bytes,
      },
    });
    return;
  }
  // Edited content is a different memory: a new idempotency key, so the server cannot confuse it with the old one.
  const metadata = { ...item.body.metadata, idempotency_key: newId(), edited: true };
  const parts = labelledParts(content);
  if (parts.length > 1) {
    // Long enough for a server to chunk it: readable parts, like a long capture.
    await replaceByParts({ ...item, body: { ...item.body, content, metadata } }, parts);
    return;
  }
  await putItem({
    ...item,
    body: { ...item.body, content, metadata },
    state: 'pending',
    parked: undefined,
    notBefore: 0,
    createdAt: clock.now(),
  });
  void drainOutbox();
}

/** Replaces an over-size item by readable parts that fit, sharing its source_ref; parts are written first. */
export async function split(id: string): Promise<void> {
  const item = await mustGet(id);
  if (item.state === 'inflight') throw new ActionError('invalid', t('bg_action_inflight'));
  // Readable parts (far below 256 KB each), unless a server that answered 413 takes even less than one of those.
  const serverMax = item.parked?.maxBytes;
  const parts =
    serverMax && serverMax < MAX_PART_CHARS * 4 + 8192
      ? splitText(item.body.content, Math.max(64, serverMax - Math.min(4096, Math.floor(serverMax / 10))))
      : labelledParts(item.body.content);
  if (parts.length < 2) throw new ActionError('invalid', t('bg_action_fits'));
  await replaceByParts(item, parts);
}

/** Replaces `item` by one pending item per part, keyed `<its key>:part-i-of-n` and sharing its source_ref. */
async function replaceByParts(item: OutboxItem, parts: string[]): Promise<void> {
  const group = String(item.body.metadata.idempotency_key ?? item.id);
  const created = parts.map((content, index): OutboxItem => ({
    ...item,
    id: newId(),
    state: 'pending',
    parked: undefined,
    inDoubt: undefined,
    attempts: 0,
    notBefore: 0,
    createdAt: clock.now() + index / 1000,
    body: {
      ...item.body,
      content,
      metadata: {
        ...item.body.metadata,
        idempotency_key: `${group}:part-${index + 1}-of-${parts.length}`,
        part: { index: index + 1, total: parts.length, group },
      },
    },
  }));
  // Parts are written before the original is removed: a crash in between leaves a duplicate, never a loss.
  await addItems(created);
  await deleteItem(item.id);
  void drainOutbox();
}

function isPartOf(key: unknown, group: string): boolean {
  return typeof key === 'string' && key.startsWith(`${group}:part-`);
}

/** Pages of a namespace's newest memories searched for a save's rows on undo. */
const UNDO_LIST_PAGES = 5;

function undoFailure(outcome: ApiOutcome): ActionError {
  const meaning = meaningOf(outcome);
  const why =
    meaning.kind === 'token-rejected'
      ? t('bg_undo_token')
      : meaning.kind === 'rate-limited'
        ? t('bg_undo_rate')
        : outcome.kind === 'http'
          ? t('bg_undo_http', outcome.status)
          : t('bg_undo_unreachable');
  return new ActionError('unavailable', t('bg_undo_failed', why));
}

/**
 * Every memory id the save made: the rows carrying its idempotency key (a server that chunks long content makes
 * several), searched among the namespace's newest memories, plus the id the server answered with.
 */
async function rowsOfSave(target: ApiTarget, recent: RecentSave): Promise<string[]> {
  const ids = new Set<string>();
  if (recent.idempotencyKey) {
    for (let page = 0; page < UNDO_LIST_PAGES; page++) {
      const result = await listMemories(target, {
        namespace: recent.namespace,
        limit: LIST_PAGE_LIMIT,
        offset: page * LIST_PAGE_LIMIT,
      });
      if (result.kind === 'failed') {
        const { outcome } = result;
        // A server that cannot list (4xx, or not a list) still lets the recorded id be deleted; an unreachable,
        // failing, rate-limiting or token-rejecting one stops the undo before anything is deleted.
        const kind = meaningOf(outcome).kind;
        const cannotList =
          kind === 'ok' || kind === 'forbidden' || kind === 'quota' || kind === 'too-large' || kind === 'rejected';
        if (cannotList) break;
        throw undoFailure(outcome);
      }
      const key = recent.idempotencyKey;
      // A save sent as parts: every part's key is derived from the capture's (`<key>:part-i-of-n`).
      const parts = recent.parts
        ? result.memories.filter((memory) => isPartOf(memory.metadata.idempotency_key, key))
        : [];
      for (const memory of [...withKey(result.memories, key), ...parts]) ids.add(memory.id);
      if (result.memories.length < LIST_PAGE_LIMIT) break;
    }
  }
  for (const memoryId of [...(recent.memoryIds ?? []), recent.memoryId]) if (memoryId) ids.add(memoryId);
  return [...ids];
}

/** Undo a recent save: DELETE every row it made on the server it was saved to. Returns how many were removed. */
export async function undoRecent(id: string): Promise<number> {
  const recent = await getRecent(id);
  if (!recent) throw new ActionError('not-found', t('bg_action_recent_gone'));
  if (!recent.memoryId) throw new ActionError('invalid', t('bg_action_no_id'));
  const settings = await loadSettings();
  if (settings.connection.apiUrl !== recent.apiUrl) {
    throw new ActionError('invalid', t('bg_action_other_server'));
  }
  const target = await storedTarget(settings);
  // Parts still queued would land after the undo: they go first (and a part in flight makes the undo wait).
  const queued = recent.parts ? await cancelQueuedParts(recent.id) : { cancelled: 0, inFlight: 0 };
  if (queued.inFlight) throw new ActionError('unavailable', t('replyerr_undo_part_inflight'));
  const ids = await rowsOfSave(target, recent);
  let lastStatus: number | undefined;
  for (const memoryId of ids) {
    const { deleted, outcome } = await deleteMemory(target, memoryId);
    // A DELETE is a write: it counts against the same per-token rate limit as saves, the same way (only if it
    // may have reached the server), in the same serialised read-modify-write as the sender's.
    const at = clock.now();
    await updateOutboxState((state) => countWrite(state, at, settings.pacing, requestArrived(outcome)));
    // Recent keeps the save until every row is gone: an undo tried again finds the rest (a 404 counts as gone).
    if (!deleted) throw undoFailure(outcome);
    if (outcome.kind === 'ok' || outcome.kind === 'http') lastStatus = outcome.status;
  }
  await deleteRecent(id);
  await logDiagnostic({
    at: clock.now(),
    kind: 'send',
    outcome: 'undone',
    ...(lastStatus !== undefined ? { status: lastStatus } : {}),
    detail:
      (ids.length === 1
        ? `memory ${recent.memoryId.slice(0, 8)} deleted`
        : `${ids.length} memories deleted (every row of save ${recent.memoryId.slice(0, 8)})`) +
      (queued.cancelled ? `; ${queued.cancelled} queued parts not sent` : ''),
  });
  return ids.length;
}
