/**
 * The send loop. Holds the sender lock, sends the oldest due item, applies the classified outcome, and repeats
 * until the outbox is empty or a gate (pause, 429 hold, backoff, pacing) says wait — then schedules a wake-up.
 * Every transition is written to IndexedDB before the next step, so a worker killed at any instant resumes with
 * nothing lost; an item whose last attempt has an unknown outcome (killed mid-request, no reply, 5xx) is first
 * looked up on the server by its idempotency key, and only sent again when it is not there.
 */
import { outcomeInDoubt, type ApiOutcome, type ApiTarget } from '../api/client';
import { createMemory, deleteMemory, listMemories, patchMemory, probe, withKey } from '../api/memories';
import type { Memory } from '../../shared/api-schema';
import { clock } from '../clock';
import { logDiagnostic, type OutboxItem } from '../db';
import { getBoundToken } from '../secrets';
import { loadSettings } from '../settings-store';
import { safeServerLink } from '../links';
import { backoffDelay } from './backoff';
import { classify, type Decision } from './classify';
import { tryWithSenderLock } from './lock';
import { nextSendAt, recordWrite, type Pacing } from './pacer';
import { cancelWake, scheduleWake } from './scheduler';
import { readOutboxState, writeOutboxState, type OutboxGlobalState } from './state';
import { EXPIRE_AFTER_MS, completeItem, earliestFutureDue, nextSendable, putItem } from './store';
import { API_TIMEOUT_MS } from '../api/client';
import { t } from '../../shared/i18n';

/** An in-flight item's lease: longer than the request timeout, so only a dead sender's lease expires. */
export const LEASE_MS = API_TIMEOUT_MS + 10_000;
/** How many of a namespace's newest memories an in-doubt item is looked for in (one read per re-send). */
export const RECONCILE_LIMIT = 50;
/** While the server is unreachable, a read probes it this often; a write goes out once a probe is answered. */
export const PROBE_INTERVAL_MS = 5_000;
/** After a 402, probe once an hour whether the plan now allows saving. */
export const QUOTA_PROBE_MS = 60 * 60_000;

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
    const state = await readOutboxState();
    const settings = await loadSettings();
    const item = await nextSendable(now);
    if (!item) {
      const due = await earliestFutureDue(now);
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
      const answered = await probe({
        apiUrl: settings.connection.apiUrl,
        token: await getBoundToken(settings.connection.apiUrl),
      });
      const after = clock.now();
      const fresh = await readOutboxState();
      const backoff = fresh.backoff ?? state.backoff;
      await writeOutboxState({
        ...fresh,
        backoff: answered
          ? { ...backoff, retryAt: after, unreachable: false, probeAnswered: true }
          : { ...backoff, attempt: backoff.attempt + 1, retryAt: after + PROBE_INTERVAL_MS },
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
    await sendOne(item, settings.connection.apiUrl, settings.pacing, settings.connection.mode !== 'cloud');
  }
}

async function sendOne(
  item: OutboxItem,
  apiUrl: string,
  pacing: { maxWrites: number; windowMs: number },
  /** Whether the server may store one save twice (local and self-hosted servers need not de-duplicate by key). */
  mayDuplicate: boolean,
): Promise<void> {
  const target: ApiTarget = { apiUrl, token: await getBoundToken(apiUrl) };
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
  const outcome = await sendItem(target, item);
  const finished = clock.now();
  let decision = decide(item, outcome, finished);
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
  // Re-read: a resume or an undo may have written the state while the request was in flight.
  const fresh = await readOutboxState();
  // Only a request the server may have counted takes a pacing slot: a refused connection (server down) did not
  // arrive, and counting it would slow the drain after an outage for a whole window.
  const arrived = outcome.kind !== 'network';
  const next: OutboxGlobalState = {
    ...fresh,
    sendLog: arrived ? recordWrite(fresh.sendLog, finished, pacing) : fresh.sendLog,
  };
  await apply(decision, { ...inflight, inDoubt: outcomeInDoubt(outcome) }, next, apiUrl, finished);
  await logDiagnostic({
    at: finished,
    kind: 'send',
    outcome: OUTCOME_LABEL[decision.action],
    ...(status !== undefined ? { status } : {}),
    detail: describe(decision, item),
  });
  notifyChange();
}

/** The request an item stands for, through the API client: a create POSTs its body; an edit PATCHes, a delete DELETEs its memory. */
async function sendItem(target: ApiTarget, item: OutboxItem): Promise<ApiOutcome> {
  switch (item.op ?? 'create') {
    case 'create':
      return (await createMemory(target, item.body)).outcome;
    case 'edit': {
      const { content, namespace, tags } = item.body;
      return (await patchMemory(target, item.memoryId ?? '', { content, namespace, tags })).outcome;
    }
    case 'delete':
      return (await deleteMemory(target, item.memoryId ?? '')).outcome;
  }
}

/** classify, plus what an edit or delete means: a delete of what is already gone (404) is done. */
function decide(item: OutboxItem, outcome: ApiOutcome, now: number): Decision {
  if (item.op === 'delete' && outcome.kind === 'http' && outcome.status === 404) {
    return { action: 'done', memory: null, note: 'already deleted' };
  }
  const decision = classify(outcome, now);
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
  const result = await listMemories(target, {
    namespace: item.body.namespace ?? 'default',
    limit: RECONCILE_LIMIT,
  });
  const now = clock.now();
  if (result.kind === 'ok') {
    const found = withKey(result.memories, key)[0];
    if (!found) return false;
    const memory = await removeCopies(item, target, found, result.memories, now, pacing);
    // Read after the copies' DELETEs: they entered the pacing log.
    await apply({ action: 'done', memory }, item, await readOutboxState(), target.apiUrl, now);
    await logDiagnostic({
      at: now,
      kind: 'send',
      outcome: OUTCOME_LABEL.done,
      detail: `${item.kind} ${item.id.slice(0, 8)}: already on the server, not sent again`,
    });
    notifyChange();
    return true;
  }
  const decision = classify(result.outcome, now);
  if (decision.action === 'retry' || decision.action === 'hold' || decision.action === 'pause-auth') {
    await apply(decision, item, await readOutboxState(), target.apiUrl, now);
    await logDiagnostic({
      at: now,
      kind: 'send',
      outcome: OUTCOME_LABEL[decision.action],
      detail: `${item.kind} ${item.id.slice(0, 8)}: could not check whether it was saved; ${decision.message}`,
    });
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
    await deleteMemory(target, copy.id);
    // A DELETE is a write: it counts against the same per-token rate limit as saves (as an undo's do).
    const state = await readOutboxState();
    await writeOutboxState({ ...state, sendLog: recordWrite(state.sendLog, clock.now(), pacing) });
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
  const result = await listMemories(target, { namespace: item.body.namespace ?? 'default', limit: RECONCILE_LIMIT });
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

/** The "(part i of n)" label a part's content starts with (not part of what Recent previews). */
const PART_LABEL = /^\(part \d+ of \d+\)\s*/;

/** The item's place in a save sent as parts, when it is one. */
function partOf(item: OutboxItem): { index: number; total: number; group: string } | null {
  const part = item.body.metadata.part as { index?: unknown; total?: unknown; group?: unknown } | undefined;
  if (!part || typeof part !== 'object') return null;
  const { index, total, group } = part;
  return typeof index === 'number' && typeof total === 'number' && typeof group === 'string' && group !== ''
    ? { index, total, group }
    : null;
}

async function apply(
  decision: Decision,
  item: OutboxItem,
  state: OutboxGlobalState,
  apiUrl: string,
  now: number,
): Promise<void> {
  const requeue = (lastError: string): OutboxItem => ({ ...item, state: 'pending', leaseUntil: undefined, lastError });
  switch (decision.action) {
    case 'done': {
      if (item.op && item.op !== 'create') {
        // An edit or delete of a saved memory is not a new save: it leaves the outbox, and Recent stays as it was.
        await completeItem(item.id, null);
        await writeOutboxState({ ...state, backoff: null, lastError: null });
        return;
      }
      const memory = decision.memory;
      const part = partOf(item);
      const key = String(item.body.metadata.idempotency_key ?? item.id);
      await completeItem(
        item.id,
        {
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
        part ?? undefined,
      );
      // A success ends any backoff streak, and a quota pause ("cleared when saves succeed again").
      await writeOutboxState({
        ...state,
        backoff: null,
        lastError: null,
        // (a retry may have lifted the pause already; the quota meter still goes once a save succeeds)
        quota: null,
        ...(state.pause?.kind === 'quota' ? { pause: null } : {}),
      });
      return;
    }
    case 'hold': {
      const attempt = state.backoff?.attempt ?? 0;
      const until = decision.until ?? now + backoffDelay(attempt);
      await putItem(requeue(decision.message));
      await writeOutboxState({
        ...state,
        holdUntil: until,
        backoff:
          decision.until === null ? { attempt: attempt + 1, retryAt: until, message: decision.message } : state.backoff,
        lastError: `${decision.message}, resuming at ${new Date(until).toISOString()}`,
      });
      return;
    }
    case 'retry': {
      const attempt = state.backoff?.attempt ?? 0;
      // No reply at all: probe with reads on a short interval rather than let the write backoff grow to minutes
      // (an outage of an hour must not delay the drain by minutes) — unless a probe was just answered and the
      // write still got no reply: then it is this write, and it backs off like a 5xx.
      const probeNext = decision.status === undefined && !state.backoff?.probeAnswered;
      const retryAt = now + (probeNext ? PROBE_INTERVAL_MS : backoffDelay(attempt));
      await putItem(requeue(decision.message));
      await writeOutboxState({
        ...state,
        backoff: {
          attempt: attempt + 1,
          retryAt,
          message: decision.message,
          ...(probeNext ? { unreachable: true } : {}),
          ...(state.backoff?.probeAnswered && !probeNext ? { probeAnswered: true } : {}),
        },
        lastError: decision.message,
      });
      return;
    }
    case 'pause-auth':
      await putItem(requeue(decision.message));
      await writeOutboxState({
        ...state,
        pause: { kind: 'auth', message: decision.message, since: now },
        lastError: decision.message,
      });
      return;
    case 'pause-quota': {
      await putItem(requeue(decision.message));
      const quota = decision.quota
        ? {
            used: decision.quota.used,
            limit: decision.quota.limit,
            plan: decision.quota.plan,
            upgradeUrl: safeServerLink(decision.upgradeUrl, apiUrl),
          }
        : state.quota;
      await writeOutboxState({
        ...state,
        pause: { kind: 'quota', message: decision.message, since: now, retryAt: now + QUOTA_PROBE_MS },
        quota: quota ?? { used: 0, limit: 0, plan: 'unknown', upgradeUrl: safeServerLink(decision.upgradeUrl, apiUrl) },
        lastError: decision.message,
      });
      return;
    }
    case 'park-too-large':
      await putItem({
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
      });
      await writeOutboxState({ ...state, backoff: null });
      return;
    case 'park-rejected':
      await putItem({
        ...item,
        state: 'parked',
        leaseUntil: undefined,
        parked: { reason: 'rejected', status: decision.status, message: decision.message },
      });
      await writeOutboxState({ ...state, backoff: null });
      return;
  }
}

/** A new save or the popup opening while the server is unreachable: probe now, not at the next interval. */
export async function probeSoon(): Promise<boolean> {
  const state = await readOutboxState();
  if (!state.backoff?.unreachable) return false;
  await writeOutboxState({ ...state, backoff: { ...state.backoff, retryAt: clock.now() } });
  return true;
}

/** Lifts 401/402 pauses and the backoff streak (not a 429 hold: the server asked for that wait). */
export async function resumeFromPause(): Promise<void> {
  const state = await readOutboxState();
  await writeOutboxState({ ...state, pause: null, backoff: null });
}
