/**
 * Outbox-wide state (pause, 429 hold, backoff, quota, pacing log), one zod-parsed record in IndexedDB so a fresh
 * service worker knows exactly where the last one stopped.
 */
import * as z from 'zod/mini';
import { lazySchema } from '../../shared/lazy-schema';
import { db, kvGet, kvSet } from '../db';

const stateSchema = lazySchema(() =>
  z.object({
    /** 401/402: nothing is sent until the user acts (auth) or the quota probe time (quota). */
    pause: z.catch(
      z.nullable(
        z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('auth'), message: z.string(), since: z.number() }),
          z.object({
            kind: z.literal('quota'),
            message: z.string(),
            since: z.number(),
            retryAt: z.nullable(z.number()),
          }),
        ]),
      ),
      null,
    ),
    /** 429: no send before this instant. */
    holdUntil: z.catch(z.nullable(z.number()), null),
    /**
     * 5xx / network / timeout streak. `unreachable`: no reply at all — at `retryAt` a cheap read probes the server
     * (on a short fixed interval) before any write. `probeAnswered`: a probe was answered since, so a write that
     * still gets no reply backs off exponentially instead of probing again.
     */
    backoff: z.catch(
      z.nullable(
        z.object({
          attempt: z.number(),
          retryAt: z.number(),
          message: z.string(),
          unreachable: z.optional(z.boolean()),
          probeAnswered: z.optional(z.boolean()),
        }),
      ),
      null,
    ),
    /** Last 402's numbers and vetted upgrade link; cleared by the next success. */
    quota: z.catch(
      z.nullable(
        z.object({ used: z.number(), limit: z.number(), plan: z.string(), upgradeUrl: z.nullable(z.string()) }),
      ),
      null,
    ),
    /** Completion times of the latest writes (pacing). */
    sendLog: z.catch(z.array(z.number()), []),
    /** The latest failure, in plain words. */
    lastError: z.catch(z.nullable(z.string()), null),
  }),
);
export type OutboxGlobalState = z.infer<ReturnType<typeof stateSchema>>;

/** The record's key in the `kv` store. */
export const OUTBOX_STATE_KEY = 'outbox-state';

/** A stored record as the state it stands for (missing or corrupted fields take their defaults). */
export function parseOutboxState(stored: unknown): OutboxGlobalState {
  return stateSchema().parse(stored ?? {});
}

export async function readOutboxState(): Promise<OutboxGlobalState> {
  return parseOutboxState(await kvGet(OUTBOX_STATE_KEY));
}

/**
 * Replaces the whole record. Only for tests that set a starting state: every change made by the extension goes
 * through `updateOutboxState` (or `commitTransition` in store.ts), which read and write in one transaction.
 */
export async function writeOutboxState(state: OutboxGlobalState): Promise<void> {
  await kvSet(OUTBOX_STATE_KEY, state);
}

/**
 * The one read-modify-write of the state: `change` runs on the stored record inside one IndexedDB readwrite
 * transaction, so concurrent writers (the sender, a resume, an undo) are serialised and none overwrites another's
 * change with a stale copy. `change` must be synchronous (an await on anything but this transaction would end it).
 */
export async function updateOutboxState(
  change: (state: OutboxGlobalState) => OutboxGlobalState,
): Promise<OutboxGlobalState> {
  const tx = (await db()).transaction('kv', 'readwrite');
  const next = change(parseOutboxState(await tx.store.get(OUTBOX_STATE_KEY)));
  await tx.store.put(next, OUTBOX_STATE_KEY);
  await tx.done;
  return next;
}
