/**
 * Outbox-wide state (pause, 429 hold, backoff, quota, pacing log), one zod-parsed record in IndexedDB so a fresh
 * service worker knows exactly where the last one stopped.
 */
import { z } from 'zod';
import { kvGet, kvSet } from '../db';

const stateSchema = z.object({
  /** 401/402: nothing is sent until the user acts (auth) or the quota probe time (quota). */
  pause: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('auth'), message: z.string(), since: z.number() }),
      z.object({ kind: z.literal('quota'), message: z.string(), since: z.number(), retryAt: z.number().nullable() }),
    ])
    .nullable()
    .catch(null),
  /** 429: no send before this instant. */
  holdUntil: z.number().nullable().catch(null),
  /** 5xx / network / timeout streak. */
  backoff: z.object({ attempt: z.number(), retryAt: z.number(), message: z.string() }).nullable().catch(null),
  /** Last 402's numbers and vetted upgrade link; cleared by the next success. */
  quota: z
    .object({ used: z.number(), limit: z.number(), plan: z.string(), upgradeUrl: z.string().nullable() })
    .nullable()
    .catch(null),
  /** Completion times of the latest writes (pacing). */
  sendLog: z.array(z.number()).catch([]),
  /** The latest failure, in plain words. */
  lastError: z.string().nullable().catch(null),
});
export type OutboxGlobalState = z.infer<typeof stateSchema>;

const KEY = 'outbox-state';

export async function readOutboxState(): Promise<OutboxGlobalState> {
  return stateSchema.parse((await kvGet(KEY)) ?? {});
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
