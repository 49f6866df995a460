/**
 * Outbox-wide state (pause, 429 hold, backoff, quota, pacing log), one zod-parsed record in IndexedDB so a fresh
 * service worker knows exactly where the last one stopped.
 */
import * as z from 'zod/mini';
import { lazySchema } from '../../shared/lazy-schema';
import { kvGet, kvSet } from '../db';

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

const KEY = 'outbox-state';

export async function readOutboxState(): Promise<OutboxGlobalState> {
  return stateSchema().parse((await kvGet(KEY)) ?? {});
}

export async function writeOutboxState(state: OutboxGlobalState): Promise<void> {
  await kvSet(KEY, state);
}

export async function updateOutboxState(
  change: (state: OutboxGlobalState) => OutboxGlobalState,
): Promise<OutboxGlobalState> {
  const next = change(await readOutboxState());
  await writeOutboxState(next);
  return next;
}
