/**
 * The send loop. Holds the sender lock, sends the oldest due item, applies the classified outcome, and repeats
 * until the outbox is empty or a gate (pause, 429 hold, backoff, pacing) says wait — then schedules a wake-up.
 * Every transition is written to IndexedDB before the next step, so a worker killed at any instant resumes with
 * nothing lost; an item whose last attempt has an unknown outcome (killed mid-request, no reply, 5xx) is first
 * looked up on the server by its idempotency key, and only sent again when it is not there.
 */
import { outcomeInDoubt, type ApiOutcome, type ApiTarget } from '../api/client';
import { createMemory, deleteMemory, listMemoriesWithKey, patchMemory, probe, withKey } from '../api/memories';
import type { Memory } from '../../shared/api-schema';
import { clock } from '../clock';
import { logDiagnostic, type OutboxItem } from '../db';
import type { DiagnosticEntry } from '../../shared/messages';
import { TOKEN_KEY, boundTokenFrom } from '../secrets';
import { SETTINGS_RECORD, settingsFromRecord } from '../settings-store';
import { classify, type Decision } from './classify';
import { tryWithSenderLock } from './lock';
import { nextSendAt, type Pacing } from './pacer';
import { cancelWake, scheduleWake } from './scheduler';
import { updateOutboxState, type OutboxGlobalState } from './state';
import { EXPIRE_AFTER_MS, commitTransition, putItem, readSendStep } from './store';
import { PROBE_INTERVAL_MS, countWrite, requestArrived, transition, type TransitionContext } from './transition';
import { API_TIMEOUT_MS } from '../api/client';
import { t } from '../../shared/i18n';

/** An in-flight item's lease: longer than the request timeout, so only a dead sender's lease expires. */
export const LEASE_MS = API_TIMEOUT_MS + 10_000;
/** How many of a namespace's newest memories an in-doubt item is looked for in (one read per re-send). */
export const RECONCILE_LIMIT = 50;
export { PROBE_INTERVAL_MS, QUOTA_PROBE_MS } from './transition';

type Listener = () => void;
const changeListeners = new Set<Listener>();
/** Badge and UI refresh after each transition. */
export function onOutboxChange(listener: Listener): () => void {
  changeListeners.add(listener);
  return () => changeListeners.delete(listener);
}
function notifyChange(): void {
  for (const listener of changeListeners) listener();
}

let rerun = false;

/** Drains what may be sent now. Safe to call from anywhere, any number of times. */
export async function drainOutbox(): Promise<void> {
  rerun = true;
  while (rerun) {
    const ran = await tryWithSenderLock(async () => {
      while (rerun) {
        rerun = false;
        await sendLoop();
      }
    });
    // Another drain holds the lock: it sees `rerun` before it releases — or, if the request came in just as it
    // was releasing, its own outer loop (this loop, in that call) takes the lock again.
    if (!ran) return;
  }
}

function gateTime(state: OutboxGlobalState, now: number, pacing: { maxWrites: number; windowMs: number }): number {
  return Math.max(now, state.holdUntil ?? 0, state.backoff?.retryAt ?? 0, nextSendAt(state.sendLog, now, pacing));
}

async function sendLoop(): Promise<void> {
  for (;;) {
    const now = clock.now();
    // The state, the settings, the token and the next item: one transaction (a round trip per step, not four).
    const read = await readSendStep(now, { settings: SETTINGS_RECORD, token: TOKEN_KEY });
    const { state, item } = read;
    const settings = await settingsFromRecord(read.settingsRecord);
    const token = await boundTokenFrom(read.tokenRecord, settings.connection.apiUrl);
    if (!item) {
      const due = read.earliestDue;
      if (due === null) await cancelWake();
      else await scheduleWake(due, now, () => void drainOutbox());
      return;
    }
    if (state.pause) {
      // Auth pauses wait for the user; quota pauses probe hourly.
      if (state.pause.kind === 'quota' && state.pause.retryAt !== null && state.pause.retryAt <= now) {
        // fall through: this send is the probe
      } else {
        if (state.pause.kind === 'quota' && state.pause.retryAt !== null) {
          await scheduleWake(state.pause.retryAt, now, () => void drainOutbox());
        } else await cancelWake();
        return;
      }
    }
    if (state.backoff?.unreachable && state.backoff.retryAt <= now) {
      // Unreachable: a read (no write quota) says whether it is back; the write waits for an answer.
      const answered = await probe({ apiUrl: settings.connection.apiUrl, token });
      const after = clock.now();
      const probed = state.backoff;
      await updateOutboxState((fresh) => {
        const backoff = fresh.backoff ?? probed;
        return {
          ...fresh,
          backoff: answered
            ? { ...backoff, retryAt: after, unreachable: false, probeAnswered: true }
            : { ...backoff, attempt: backoff.attempt + 1, retryAt: after + PROBE_INTERVAL_MS },
        };
      });
      if (answered) {
        await logDiagnostic({
          at: after,
          kind: 'send',
          outcome: 'reachable',
          detail: 'the server answers again; sending',
        });
        continue;
      }
      await scheduleWake(after + PROBE_INTERVAL_MS, after, () => void drainOutbox());
      return;
    }
    const gate = gateTime(state, now, settings.pacing);
    if (gate > now) {
      await scheduleWake(gate, now, () => void drainOutbox());
      return;
    }
    if (now - item.createdAt > EXPIRE_AFTER_MS) {
      await putItem({
        ...item,
        state: 'parked',
        leaseUntil: undefined,
        parked: { reason: 'expired', message: t('bg_expired') },
      });
      await logDiagnostic({ at: now, kind: 'send', outcome: 'expired', detail: `item ${item.id} parked after 7 days` });
      notifyChange();
      continue;
    }
    const target: ApiTarget = { apiUrl: settings.connection.apiUrl, token };
    await sendOne(item, target, settings.pacing, settings.connection.mode !== 'cloud');
  }
}

async function sendOne(
  item: OutboxItem,
  target: ApiTarget,
  pacing: { maxWrites: number; windowMs: number },
  /** Whether the server may store one save twice (local and self-hosted servers need not de-duplicate by key). */
  mayDuplicate: boolean,
): Promise<void> {
  const { apiUrl } = target;
  // An expired lease means the worker that wrote it died mid-request: in doubt like a lost reply.
  // Only a create can land twice; an edit or a delete sent again does the same thing again.
  if ((item.op ?? 'create') === 'create' && (item.inDoubt || item.state === 'inflight')) {
    if (await reconcile({ ...item, inDoubt: true }, target, pacing)) return;
  }
  const started = clock.now();
  // The lease is written before the request: a worker killed mid-request leaves an expired lease behind. From
  // here until a reply says otherwise, the server may hold the save.
  const inflight: OutboxItem = {
    ...item,
    state: 'inflight',
    leaseUntil: started + LEASE_MS,
    attempts: item.attempts + 1,
    inDoubt: true,
  };
  await putItem(inflight);
  notifyChange();
  const { outcome, memory } = await sendItem(target, item);
  const finished = clock.now();
  let decision = decide(item, outcome, finished, memory);
  // A 201 from a server that may not de-duplicate can be the answer to the browser's own re-send of this request
  // (removeCopies): one read settles it. Only a create makes rows.
  if (
    mayDuplicate &&
    (item.op ?? 'create') === 'create' &&
    decision.action === 'done' &&
    decision.memory &&
    outcome.kind === 'ok' &&
    outcome.status === 201
  )
    decision = { ...decision, memory: await dropCopies(item, target, decision.memory, finished, pacing) };
  const status = outcome.kind === 'ok' || outcome.kind === 'http' ? outcome.status : undefined;
  // Applied to the state as stored now (a resume or an undo may have written it while the request was in flight),
  // with the write's pacing slot when it may have reached the server (requestArrived).
  const settled: OutboxItem = { ...inflight, inDoubt: outcomeInDoubt(outcome) };
  await commit(
    decision,
    settled,
    finished,
    { apiUrl, write: { pacing, arrived: requestArrived(outcome) } },
    {
      at: finished,
      kind: 'send',
      outcome: OUTCOME_LABEL[decision.action],
      ...(status !== undefined ? { status } : {}),
      detail: describe(decision, item),
    },
  );
  notifyChange();
}

/**
 * The request an item stands for, through the API client: a create POSTs its body; an edit PATCHes, a delete
 * DELETEs its memory. `memory`: the reply as a memory when the client parsed it (a create's or an edit's 2xx).
 */
async function sendItem(target: ApiTarget, item: OutboxItem): Promise<{ outcome: ApiOutcome; memory?: Memory | null }> {
  switch (item.op ?? 'create') {
    case 'create':
      return createMemory(target, item.body);
    case 'edit': {
      const { content, namespace, tags } = item.body;
      return patchMemory(target, item.memoryId ?? '', { content, namespace, tags });
    }
    case 'delete':
      return { outcome: (await deleteMemory(target, item.memoryId ?? '')).outcome };
  }
}

/** classify, plus what an edit or delete means: a delete of what is already gone (404) is done. */
function decide(item: OutboxItem, outcome: ApiOutcome, now: number, memory?: Memory | null): Decision {
  if (item.op === 'delete' && outcome.kind === 'http' && outcome.status === 404) {
    return { action: 'done', memory: null, note: 'already deleted' };
  }
  const decision = classify(outcome, now, memory);
  if (item.op && item.op !== 'create' && decision.action === 'done' && !decision.memory) {
    // DELETE answers 204 (no memory), PATCH may answer anything: the change is made either way.
    return { action: 'done', memory: null };
  }
  return decision;
}

/**
 * Looks an in-doubt item up by its idempotency key among the newest memories of its namespace (a read: not
 * paced, no write quota). True when it is settled here — found and completed, or the read failed in a way that
 * must not lead to a POST (server unreachable, token rejected, rate-limited); false when the POST may go out.
 */
async function reconcile(item: OutboxItem, target: ApiTarget, pacing: Pacing): Promise<boolean> {
  const key = String(item.body.metadata.idempotency_key ?? item.id);
  // Only the rows with the key are parsed: nothing else can be this save or a copy of it.
  const result = await listMemoriesWithKey(
    target,
    { namespace: item.body.namespace ?? 'default', limit: RECONCILE_LIMIT },
    key,
  );
  const now = clock.now();
  if (result.kind === 'ok') {
    const found = withKey(result.memories, key)[0];
    if (!found) return false;
    const memory = await removeCopies(item, target, found, result.memories, now, pacing);
    // Committed after the copies' DELETEs, which took their pacing slots.
    await commit(
      { action: 'done', memory },
      item,
      now,
      { apiUrl: target.apiUrl, write: null },
      {
        at: now,
        kind: 'send',
        outcome: OUTCOME_LABEL.done,
        detail: `${item.kind} ${item.id.slice(0, 8)}: already on the server, not sent again`,
      },
    );
    notifyChange();
    return true;
  }
  const decision = classify(result.outcome, now);
  if (decision.action === 'retry' || decision.action === 'hold' || decision.action === 'pause-auth') {
    await commit(
      decision,
      item,
      now,
      { apiUrl: target.apiUrl, write: null },
      {
        at: now,
        kind: 'send',
        outcome: OUTCOME_LABEL[decision.action],
        detail: `${item.kind} ${item.id.slice(0, 8)}: could not check whether it was saved; ${decision.message}`,
      },
    );
    notifyChange();
    return true;
  }
  // The server cannot list (or answered nonsense): a possible duplicate is better than a lost save.
  await logDiagnostic({
    at: now,
    kind: 'send',
    outcome: 'unverified',
    detail: `${item.kind} ${item.id.slice(0, 8)}: could not check whether it was saved; sending again`,
  });
  return false;
}

/**
 * Chromium re-sends a request on its own when a reused keep-alive connection is reset before any reply byte, so a
 * server that does not de-duplicate can hold one save twice although the outbox sent it once (and the reply we got
 * may be the copy's). Rows under the item's key with the same content as `memory` are such copies: the oldest
 * stays and is returned, the others are deleted. Rows that differ (a server's own chunks of one long save) stay.
 */
async function removeCopies(
  item: OutboxItem,
  target: ApiTarget,
  memory: Memory,
  newestFirst: readonly Memory[],
  now: number,
  pacing: Pacing,
): Promise<Memory> {
  const key = String(item.body.metadata.idempotency_key ?? item.id);
  const same = withKey(newestFirst, key).filter((row) => row.content === memory.content);
  const kept = same[0] ?? memory;
  const copies = same.filter((row) => row.id !== kept.id);
  for (const copy of copies) {
    const { outcome } = await deleteMemory(target, copy.id);
    // A DELETE is a write: it counts against the same per-token rate limit as saves (as an undo's do), in one
    // atomic read-modify-write of the state.
    await updateOutboxState((state) => countWrite(state, clock.now(), pacing, requestArrived(outcome)));
  }
  if (copies.length)
    await logDiagnostic({
      at: now,
      kind: 'send',
      outcome: 'duplicate removed',
      detail: `${item.kind} ${item.id.slice(0, 8)}: the server held it ${copies.length + 1} times; kept the first`,
    });
  return kept;
}

/** After a 201: reads the newest memories of the item's namespace and removes copies of this save (removeCopies). */
async function dropCopies(
  item: OutboxItem,
  target: ApiTarget,
  memory: Memory,
  now: number,
  pacing: Pacing,
): Promise<Memory> {
  const key = String(item.body.metadata.idempotency_key ?? item.id);
  const result = await listMemoriesWithKey(
    target,
    { namespace: item.body.namespace ?? 'default', limit: RECONCILE_LIMIT },
    key,
  );
  // A failed read changes nothing: the save is on the server either way.
  return result.kind === 'ok' ? removeCopies(item, target, memory, result.memories, now, pacing) : memory;
}

/** Diagnostics are read by people: each outcome in words, not as the classifier's action name. */
const OUTCOME_LABEL: Record<Decision['action'], string> = {
  done: 'saved',
  hold: 'rate-limited',
  retry: 'will retry',
  'pause-auth': 'paused: token',
  'pause-quota': 'paused: plan limit',
  'park-too-large': 'needs you: too large',
  'park-rejected': 'needs you: refused',
};

function describe(decision: Decision, item: OutboxItem): string {
  const what = `${item.kind} ${item.id.slice(0, 8)}`;
  switch (decision.action) {
    case 'done':
      if (item.op === 'edit') return `${what}: changed`;
      if (item.op === 'delete') return `${what}: deleted`;
      return decision.note ? `${what}: ${decision.note}` : `${what}: saved`;
    case 'hold':
    case 'retry':
    case 'pause-auth':
    case 'pause-quota':
    case 'park-too-large':
    case 'park-rejected':
      return `${what}: ${decision.message}`;
  }
}

/**
 * Applies `decision` to `item` and the stored state, with its Diagnostics entry, in one transaction (transition,
 * commitTransition).
 */
async function commit(
  decision: Decision,
  item: OutboxItem,
  now: number,
  context: Omit<TransitionContext, 'jitter'>,
  diagnostic: DiagnosticEntry,
): Promise<void> {
  const jitter = Math.random();
  await commitTransition(
    item.id,
    (state) => transition(decision, item, state, now, { ...context, jitter }),
    diagnostic,
  );
}

/** A new save or the popup opening while the server is unreachable: probe now, not at the next interval. */
export async function probeSoon(): Promise<boolean> {
  return (await probeSoonAndRead()).soon;
}

/** probeSoon, and the state as it wrote it (for the caller's next look at it, without another transaction). */
export async function probeSoonAndRead(): Promise<{ soon: boolean; state: OutboxGlobalState }> {
  let soon = false;
  const state = await updateOutboxState((stored) => {
    soon = !!stored.backoff?.unreachable;
    return stored.backoff?.unreachable ? { ...stored, backoff: { ...stored.backoff, retryAt: clock.now() } } : stored;
  });
  return { soon, state };
}

/** Lifts 401/402 pauses and the backoff streak (not a 429 hold: the server asked for that wait). */
export async function resumeFromPause(): Promise<void> {
  await updateOutboxState((state) => ({ ...state, pause: null, backoff: null }));
}
