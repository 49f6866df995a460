/** The outbox, pause, quota and recent saves as the popup shows them. */
import { utf8Bytes } from '../shared/api-schema';
import { clipText } from '../shared/api-limits';
import type { OutboxItemView, StatusView } from '../shared/messages';
import { clock } from './clock';
import { degradedSites } from './chat-health';
import { connectionInfo, lastConnectionResult } from './connection';
import type { OutboxItem } from './db';
import { loadSettings } from './settings-store';
import { countByState, listForDisplay, listRecent } from './outbox/store';
import { readOutboxState } from './outbox/state';

const DISPLAY_LIMIT = 50;

/** `now`: an item's own next try (its `notBefore`) is shown only while it is still ahead. */
export function itemView(item: OutboxItem, now: number): OutboxItemView {
  return {
    id: item.id,
    op: item.op ?? 'create',
    ...(item.memoryId ? { memoryId: clipText(item.memoryId, 200) } : {}),
    preview: item.body.content.slice(0, 200),
    bytes: utf8Bytes(item.body.content),
    createdAt: item.createdAt,
    state: item.state,
    attempts: item.attempts,
    nextAttemptAt: item.state === 'pending' && item.notBefore > now ? item.notBefore : null,
    namespace: clipText(item.body.namespace ?? 'default', 200),
    kind: item.kind,
    ...(typeof item.body.metadata.url === 'string'
      ? { sourceUrl: clipText(item.body.metadata.url, 2_000) }
      : /^https?:/.test(item.body.source_ref ?? '')
        ? { sourceUrl: clipText(item.body.source_ref!, 2_000) }
        : {}),
    ...(item.parked ? { parked: { ...item.parked, message: clipText(item.parked.message) } } : {}),
    ...(item.lastError ? { lastError: clipText(item.lastError) } : {}),
  };
}

export async function buildStatus(): Promise<StatusView> {
  const now = clock.now();
  const [info, lastResult, counts, items, state, recent, degraded, settings] = await Promise.all([
    connectionInfo(),
    lastConnectionResult(),
    countByState(),
    listForDisplay(DISPLAY_LIMIT),
    readOutboxState(),
    listRecent(),
    degradedSites(),
    loadSettings(),
  ]);
  const holdUntil = state.holdUntil && state.holdUntil > now ? state.holdUntil : null;
  const retryAt = state.backoff && state.backoff.retryAt > now ? state.backoff.retryAt : null;
  const unsent = counts.pending + counts.inflight;
  const nextAttemptAt =
    unsent === 0 || state.pause?.kind === 'auth'
      ? null
      : Math.max(now, holdUntil ?? 0, retryAt ?? 0, state.pause?.kind === 'quota' ? (state.pause.retryAt ?? 0) : 0);
  return {
    connection: { ...info, lastResult },
    pending: counts.pending,
    inFlight: counts.inflight,
    items: items.map((item) => itemView(item, now)),
    paused: state.pause,
    holdUntil,
    retryAt,
    lastError: state.lastError === null ? null : clipText(state.lastError),
    nextAttemptAt,
    quota: state.quota,
    recent: recent.map((r) => ({
      id: r.id,
      memoryId: r.memoryId,
      preview: r.preview,
      namespace: r.namespace,
      tags: r.tags,
      savedAt: r.savedAt,
      ...(r.sourceUrl ? { sourceUrl: r.sourceUrl } : {}),
    })),
    degradedSites: degraded,
    capturePausedUntil:
      settings.capture.pausedUntil && settings.capture.pausedUntil > now ? settings.capture.pausedUntil : null,
  };
}
