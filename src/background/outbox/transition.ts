/**
 * What a classified outcome does to the outbox, as a pure function: `transition(decision, item, state, now)` says
 * what to write — the item's new record (or its removal), the Recent entry it adds or joins, and the new outbox
 * state (pacing log, backoff, hold, pause, quota). It reads nothing and writes nothing; `commitTransition`
 * (store.ts) runs it on the state read inside one IndexedDB transaction over the outbox, Recent and state, so an
 * outcome is applied all at once or not at all, and never over a stale copy of the state.
 */
import type { ApiOutcome } from '../api/client';
import type { OutboxItem, RecentSave } from '../db';
import { safeServerLink } from '../links';
import { backoffDelay } from './backoff';
import type { Decision } from './classify';
import { recordWrite, type Pacing } from './pacer';
import type { OutboxGlobalState } from './state';

/** While the server is unreachable, a read probes it this often; a write goes out once a probe is answered. */
export const PROBE_INTERVAL_MS = 5_000;
/** After a 402, probe once an hour whether the plan now allows saving. */
export const QUOTA_PROBE_MS = 60 * 60_000;

export type TransitionContext = {
  /** The API base the item was sent to (a Recent entry records it: undo goes to the same server). */
  apiUrl: string;
  /**
   * The write this outcome answers, when it is one (a lookup before a re-send is a read, and takes no pacing slot).
   * `arrived`: the server may have counted it (see `requestArrived`).
   */
  write: { pacing: Pacing; arrived: boolean } | null;
  /** A number in [0, 1) for the backoff's jitter (Math.random() in the sender; fixed in tests). */
  jitter: number;
};

/** A save's Recent entry; `part` when it is one part of a save sent as parts (they share one entry). */
export type RecentChange = { entry: RecentSave; part: { index: number } | null };

export type Transition = {
  /** The item's new record; null when it leaves the outbox. */
  item: OutboxItem | null;
  /** The Recent entry to add or join; null when Recent stays as it is. */
  recent: RecentChange | null;
  state: OutboxGlobalState;
};

/**
 * Whether a request may have been counted by the server's rate limit. A refused connection or any other failure
 * with no reply (server down) did not arrive, and counting it would slow the drain after an outage for a window.
 */
export function requestArrived(outcome: ApiOutcome): boolean {
  return outcome.kind !== 'network';
}

/** The state after a write completed at `at`: it takes a pacing slot only if it arrived. */
export function countWrite(state: OutboxGlobalState, at: number, pacing: Pacing, arrived: boolean): OutboxGlobalState {
  return arrived ? { ...state, sendLog: recordWrite(state.sendLog, at, pacing) } : state;
}

/** The "(part i of n)" label a part's content starts with (not part of what Recent previews). */
const PART_LABEL = /^\(part \d+ of \d+\)\s*/;

/** The item's place in a save sent as parts, when it is one. */
export function partOf(item: OutboxItem): { index: number; total: number; group: string } | null {
  const part = item.body.metadata.part as { index?: unknown; total?: unknown; group?: unknown } | undefined;
  if (!part || typeof part !== 'object') return null;
  const { index, total, group } = part;
  return typeof index === 'number' && typeof total === 'number' && typeof group === 'string' && group !== ''
    ? { index, total, group }
    : null;
}

/**
 * The Recent record after `change`, given what the entry's id holds now. A part of a save sent as parts joins the
 * capture's one entry: its memory id is added, and the first part's preview is the entry's.
 */
export function mergeRecent(existing: RecentSave | undefined, { entry, part }: RecentChange): RecentSave {
  if (part && existing) {
    const ids = [...(existing.memoryIds ?? [existing.memoryId]), entry.memoryId].filter((memoryId) => memoryId);
    return {
      ...existing,
      memoryId: existing.memoryId || entry.memoryId,
      memoryIds: [...new Set(ids)],
      preview: part.index === 1 ? entry.preview : existing.preview,
      savedAt: entry.savedAt,
    };
  }
  return part ? { ...entry, memoryIds: entry.memoryId ? [entry.memoryId] : [] } : entry;
}

export function transition(
  decision: Decision,
  item: OutboxItem,
  before: OutboxGlobalState,
  now: number,
  context: TransitionContext,
): Transition {
  const { apiUrl } = context;
  const state = context.write ? countWrite(before, now, context.write.pacing, context.write.arrived) : before;
  const requeue = (lastError: string): OutboxItem => ({ ...item, state: 'pending', leaseUntil: undefined, lastError });
  const delay = (attempt: number) => backoffDelay(attempt, () => context.jitter);
  switch (decision.action) {
    case 'done': {
      if (item.op && item.op !== 'create') {
        // An edit or delete of a saved memory is not a new save: it leaves the outbox, and Recent stays as it was.
        return { item: null, recent: null, state: { ...state, backoff: null, lastError: null } };
      }
      const memory = decision.memory;
      const part = partOf(item);
      const key = String(item.body.metadata.idempotency_key ?? item.id);
      return {
        item: null,
        recent: {
          entry: {
            // A save sent as parts is one Recent entry, under the capture's key, and one undo removes every part.
            id: part ? part.group : item.id,
            memoryId: memory?.id ?? '',
            apiUrl,
            preview: item.body.content.replace(PART_LABEL, '').slice(0, 200),
            // What the user chose, not the server's echo (which is unbounded and may be coerced).
            namespace: item.body.namespace ?? 'default',
            tags: item.body.tags ?? [],
            savedAt: now,
            ...(typeof item.body.metadata.url === 'string' ? { sourceUrl: item.body.metadata.url } : {}),
            idempotencyKey: part ? part.group : key,
            ...(part ? { parts: part.total } : {}),
          },
          part: part ? { index: part.index } : null,
        },
        // A success ends any backoff streak, and a quota pause ("cleared when saves succeed again").
        state: {
          ...state,
          backoff: null,
          lastError: null,
          // (a retry may have lifted the pause already; the quota meter still goes once a save succeeds)
          quota: null,
          ...(state.pause?.kind === 'quota' ? { pause: null } : {}),
        },
      };
    }
    case 'hold': {
      const attempt = state.backoff?.attempt ?? 0;
      const until = decision.until ?? now + delay(attempt);
      return {
        item: requeue(decision.message),
        recent: null,
        state: {
          ...state,
          holdUntil: until,
          backoff:
            decision.until === null
              ? { attempt: attempt + 1, retryAt: until, message: decision.message }
              : state.backoff,
          lastError: `${decision.message}, resuming at ${new Date(until).toISOString()}`,
        },
      };
    }
    case 'retry': {
      const attempt = state.backoff?.attempt ?? 0;
      // No reply at all: probe with reads on a short interval rather than let the write backoff grow to minutes
      // (an outage of an hour must not delay the drain by minutes) — unless a probe was just answered and the
      // write still got no reply: then it is this write, and it backs off like a 5xx.
      const probeNext = decision.status === undefined && !state.backoff?.probeAnswered;
      const retryAt = now + (probeNext ? PROBE_INTERVAL_MS : delay(attempt));
      return {
        item: requeue(decision.message),
        recent: null,
        state: {
          ...state,
          backoff: {
            attempt: attempt + 1,
            retryAt,
            message: decision.message,
            ...(probeNext ? { unreachable: true } : {}),
            ...(state.backoff?.probeAnswered && !probeNext ? { probeAnswered: true } : {}),
          },
          lastError: decision.message,
        },
      };
    }
    case 'pause-auth':
      return {
        item: requeue(decision.message),
        recent: null,
        state: {
          ...state,
          pause: { kind: 'auth', message: decision.message, since: now },
          lastError: decision.message,
        },
      };
    case 'pause-quota': {
      const upgradeUrl = safeServerLink(decision.upgradeUrl, apiUrl);
      const quota = decision.quota
        ? { used: decision.quota.used, limit: decision.quota.limit, plan: decision.quota.plan, upgradeUrl }
        : state.quota;
      return {
        item: requeue(decision.message),
        recent: null,
        state: {
          ...state,
          pause: { kind: 'quota', message: decision.message, since: now, retryAt: now + QUOTA_PROBE_MS },
          quota: quota ?? { used: 0, limit: 0, plan: 'unknown', upgradeUrl },
          lastError: decision.message,
        },
      };
    }
    case 'park-too-large':
      return {
        item: {
          ...item,
          state: 'parked',
          leaseUntil: undefined,
          parked: {
            reason: 'too-large',
            status: 413,
            message: decision.message,
            ...(decision.maxBytes !== undefined ? { maxBytes: decision.maxBytes } : {}),
            ...(decision.receivedBytes !== undefined ? { receivedBytes: decision.receivedBytes } : {}),
          },
        },
        recent: null,
        state: { ...state, backoff: null },
      };
    case 'park-rejected':
      return {
        item: {
          ...item,
          state: 'parked',
          leaseUntil: undefined,
          parked: { reason: 'rejected', status: decision.status, message: decision.message },
        },
        recent: null,
        state: { ...state, backoff: null },
      };
  }
}
