/** transition(): every decision kind classify.ts makes, applied to every kind of item the sender hands it. */
import { describe, expect, it } from 'vitest';
import type { ApiOutcome } from '../api/client';
import type { OutboxItem } from '../db';
import { BACKOFF_BASE_MS, BACKOFF_MIN_MS } from './backoff';
import type { Decision } from './classify';
import { PACING_MARGIN_MS, nextSendAt } from './pacer';
import { parseOutboxState, type OutboxGlobalState } from './state';
import {
  PROBE_INTERVAL_MS,
  QUOTA_PROBE_MS,
  countWrite,
  mergeRecent,
  requestArrived,
  transition,
  type TransitionContext,
} from './transition';

const NOW = Date.UTC(2026, 0, 1, 12);
const API = 'https://api.example.com/v1';
const PACING = { maxWrites: 3, windowMs: 1_000 };

const memory = (id = 'mem-1') => ({
  id,
  content: 'x',
  namespace: 'default',
  tags: [],
  metadata: {},
  created_at: 1,
  updated_at: 1,
});

/** One of each decision kind (and the variants the transition treats differently). */
const DECISIONS: Record<string, Decision> = {
  'done, with a memory': { action: 'done', memory: memory() },
  'done, reply not a memory': { action: 'done', memory: null, note: 'saved, but the reply was not a memory' },
  'hold until an instant': { action: 'hold', until: NOW + 5_000, message: 'Rate-limited' },
  'hold, no Retry-After': { action: 'hold', until: null, message: 'Rate-limited' },
  'retry after a 5xx': { action: 'retry', status: 503, message: 'Server error 503' },
  'retry, no reply': { action: 'retry', message: 'Unreachable' },
  'pause-auth': { action: 'pause-auth', message: 'Token rejected' },
  'pause-quota, with quota': {
    action: 'pause-quota',
    message: 'Plan limit',
    quota: { used: 5, limit: 5, plan: 'free' },
    upgradeUrl: '/upgrade',
  },
  'pause-quota, no quota': { action: 'pause-quota', message: 'Plan limit', quota: null, upgradeUrl: null },
  'park-too-large, with sizes': { action: 'park-too-large', message: 'Too large', maxBytes: 100, receivedBytes: 200 },
  'park-too-large, no sizes': { action: 'park-too-large', message: 'Too large' },
  'park-rejected': { action: 'park-rejected', status: 422, message: 'Refused (422)' },
};

function item(over: Partial<OutboxItem> = {}): OutboxItem {
  return {
    id: 'item-1',
    createdAt: NOW - 60_000,
    state: 'inflight',
    attempts: 1,
    notBefore: 0,
    leaseUntil: NOW + 30_000,
    inDoubt: false,
    kind: 'selection',
    body: {
      content: 'hello world',
      namespace: 'work',
      tags: ['t'],
      metadata: { idempotency_key: 'key-1', url: 'https://example.com/page' },
    },
    ...over,
  };
}

/** Every kind of item a decision is applied to: sent (in flight), looked up in doubt (pending), each op, a part. */
const ITEMS: Record<string, OutboxItem> = {
  'create in flight': item(),
  'create in flight, outcome unknown': item({ inDoubt: true }),
  'create pending in doubt (looked up before a re-send)': item({
    state: 'pending',
    leaseUntil: undefined,
    inDoubt: true,
  }),
  'create with an earlier error': item({ lastError: 'Unreachable', attempts: 4 }),
  edit: item({ op: 'edit', memoryId: 'mem-9', kind: 'memory-edit' }),
  delete: item({ op: 'delete', memoryId: 'mem-9', kind: 'memory-delete' }),
  'part 2 of 3': item({
    body: {
      content: '(part 2 of 3) middle',
      metadata: { idempotency_key: 'cap:part-2-of-3', part: { index: 2, total: 3, group: 'cap' } },
    },
  }),
};

const STATES: Record<string, OutboxGlobalState> = {
  fresh: parseOutboxState(undefined),
  'backing off, unreachable': {
    ...parseOutboxState(undefined),
    backoff: { attempt: 2, retryAt: NOW - 1, message: 'Unreachable', unreachable: true },
    sendLog: [NOW - 500],
    lastError: 'Unreachable',
  },
  'backing off, a probe answered': {
    ...parseOutboxState(undefined),
    backoff: { attempt: 3, retryAt: NOW - 1, message: 'Unreachable', probeAnswered: true },
  },
  'quota pause being probed': {
    ...parseOutboxState(undefined),
    pause: { kind: 'quota', message: 'Plan limit', since: NOW - QUOTA_PROBE_MS, retryAt: NOW - 1 },
    quota: { used: 9, limit: 9, plan: 'pro', upgradeUrl: null },
    holdUntil: NOW - 10,
    sendLog: [NOW - 900, NOW - 800, NOW - 700],
  },
  'auth pause lifted by the user while in flight': {
    ...parseOutboxState(undefined),
    pause: { kind: 'auth', message: 'Token rejected', since: NOW - 5 },
  },
};

const CONTEXTS: Record<string, TransitionContext> = {
  'a write that arrived': { apiUrl: API, write: { pacing: PACING, arrived: true }, jitter: 0.5 },
  'a write that never arrived': { apiUrl: API, write: { pacing: PACING, arrived: false }, jitter: 0.5 },
  'a lookup (not a write)': { apiUrl: API, write: null, jitter: 0.5 },
};

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

const REQUEUED = new Set<Decision['action']>(['hold', 'retry', 'pause-auth', 'pause-quota']);
const PARKED = new Set<Decision['action']>(['park-too-large', 'park-rejected']);

describe('transition: every decision × every item × every state × every context', () => {
  for (const [decisionName, decision] of Object.entries(DECISIONS)) {
    for (const [itemName, sent] of Object.entries(ITEMS)) {
      it(`${decisionName} on ${itemName}`, () => {
        for (const [stateName, state] of Object.entries(STATES)) {
          for (const [contextName, context] of Object.entries(CONTEXTS)) {
            const where = `${stateName}, ${contextName}`;
            const inputs = deepFreeze(structuredClone({ decision, sent, state, context }));
            const result = transition(inputs.decision, inputs.sent, inputs.state, NOW, inputs.context);
            // pure: the same inputs give the same result (frozen inputs: nothing was mutated)
            expect(transition(inputs.decision, inputs.sent, inputs.state, NOW, inputs.context), where).toEqual(result);

            // the pacing log: a write takes a slot only when it may have reached the server
            const expectedLog = context.write?.arrived
              ? [...state.sendLog, NOW].slice(-PACING.maxWrites)
              : state.sendLog;
            expect(result.state.sendLog, where).toEqual(expectedLog);
            // what no outcome touches
            if (decision.action !== 'hold') expect(result.state.holdUntil, where).toBe(state.holdUntil);

            if (decision.action === 'done') {
              expect(result.item, where).toBeNull();
              expect(result.state.backoff, where).toBeNull();
              expect(result.state.lastError, where).toBeNull();
              if (sent.op === 'edit' || sent.op === 'delete') {
                // not a new save: Recent and the quota meter stay as they were
                expect(result.recent, where).toBeNull();
                expect(result.state.quota, where).toEqual(state.quota);
                expect(result.state.pause, where).toEqual(state.pause);
              } else {
                expect(result.recent, where).not.toBeNull();
                expect(result.state.quota, where).toBeNull();
                // a success lifts a quota pause, never an auth pause
                expect(result.state.pause, where).toEqual(state.pause?.kind === 'quota' ? null : state.pause);
              }
              continue;
            }

            expect(result.recent, where).toBeNull();
            const next = result.item!;
            // the item is kept, whole: same id, body, attempts and in-doubt flag; no lease (not in flight)
            expect(next, where).toMatchObject({
              id: sent.id,
              body: sent.body,
              attempts: sent.attempts,
              inDoubt: sent.inDoubt,
              createdAt: sent.createdAt,
            });
            expect(next.leaseUntil, where).toBeUndefined();
            if (REQUEUED.has(decision.action)) {
              expect(next, where).toMatchObject({ state: 'pending', lastError: decision.message });
              expect(next.parked, where).toBeUndefined();
              expect(result.state.lastError, where).toContain(decision.message);
            }
            if (PARKED.has(decision.action)) {
              expect(next.state, where).toBe('parked');
              expect(next.lastError, where).toBe(sent.lastError);
              expect(result.state.backoff, where).toBeNull();
              expect(result.state.pause, where).toEqual(state.pause);
              expect(result.state.lastError, where).toBe(state.lastError);
            }
          }
        }
      });
    }
  }
});

const fresh = STATES.fresh!;
const sent = ITEMS['create in flight']!;
const arrived = CONTEXTS['a write that arrived']!;

describe('transition: what each decision writes', () => {
  it('done: the save enters Recent with what the user chose, under the API it went to', () => {
    const result = transition({ action: 'done', memory: memory('mem-7') }, sent, fresh, NOW, arrived);
    expect(result.recent).toEqual({
      entry: {
        id: 'item-1',
        memoryId: 'mem-7',
        apiUrl: API,
        preview: 'hello world',
        namespace: 'work',
        tags: ['t'],
        savedAt: NOW,
        sourceUrl: 'https://example.com/page',
        idempotencyKey: 'key-1',
      },
      part: null,
    });
  });

  it('done without a memory: Recent gets an entry with no memory id (undo unavailable); defaults for namespace and tags', () => {
    const bare = item({ body: { content: 'x'.repeat(300), metadata: {} } });
    const result = transition({ action: 'done', memory: null, note: 'n' }, bare, fresh, NOW, arrived);
    expect(result.recent?.entry).toEqual({
      id: 'item-1',
      memoryId: '',
      apiUrl: API,
      preview: 'x'.repeat(200),
      namespace: 'default',
      tags: [],
      savedAt: NOW,
      idempotencyKey: 'item-1',
    });
  });

  it('done on a part: one Recent entry under the capture key, preview without the part label', () => {
    const result = transition({ action: 'done', memory: memory('mem-p2') }, ITEMS['part 2 of 3']!, fresh, NOW, arrived);
    expect(result.recent).toEqual({
      entry: expect.objectContaining({
        id: 'cap',
        idempotencyKey: 'cap',
        parts: 3,
        preview: 'middle',
        memoryId: 'mem-p2',
      }),
      part: { index: 2 },
    });
  });

  it('hold with an instant: every send waits until then; the backoff streak is kept as it was', () => {
    const state = STATES['backing off, unreachable']!;
    const result = transition(DECISIONS['hold until an instant']!, sent, state, NOW, arrived);
    expect(result.state.holdUntil).toBe(NOW + 5_000);
    expect(result.state.backoff).toEqual(state.backoff);
    expect(result.state.lastError).toBe(`Rate-limited, resuming at ${new Date(NOW + 5_000).toISOString()}`);
  });

  it('hold without Retry-After: backs off with jitter and holds until the same instant', () => {
    const state = STATES['backing off, unreachable']!;
    const result = transition(DECISIONS['hold, no Retry-After']!, sent, state, NOW, { ...arrived, jitter: 0.5 });
    const until = NOW + Math.floor(0.5 * BACKOFF_BASE_MS * 2 ** 2);
    expect(result.state.holdUntil).toBe(until);
    expect(result.state.backoff).toEqual({ attempt: 3, retryAt: until, message: 'Rate-limited' });
    // the jitter is the context's: no hidden randomness
    const low = transition(DECISIONS['hold, no Retry-After']!, sent, fresh, NOW, { ...arrived, jitter: 0 });
    expect(low.state.holdUntil).toBe(NOW + BACKOFF_MIN_MS);
  });

  it('retry after a 5xx: exponential backoff, and a probe-answered streak stays so', () => {
    const result = transition(DECISIONS['retry after a 5xx']!, sent, fresh, NOW, { ...arrived, jitter: 0.999 });
    expect(result.state.backoff).toEqual({
      attempt: 1,
      retryAt: NOW + Math.floor(0.999 * BACKOFF_BASE_MS),
      message: 'Server error 503',
    });
    const answered = STATES['backing off, a probe answered']!;
    expect(transition(DECISIONS['retry after a 5xx']!, sent, answered, NOW, arrived).state.backoff).toMatchObject({
      attempt: 4,
      probeAnswered: true,
    });
  });

  it('retry with no reply: probe on the short interval — unless a probe was just answered, then back off', () => {
    const result = transition(DECISIONS['retry, no reply']!, sent, fresh, NOW, arrived);
    expect(result.state.backoff).toEqual({
      attempt: 1,
      retryAt: NOW + PROBE_INTERVAL_MS,
      message: 'Unreachable',
      unreachable: true,
    });
    const answered = STATES['backing off, a probe answered']!;
    const after = transition(DECISIONS['retry, no reply']!, sent, answered, NOW, { ...arrived, jitter: 0.25 });
    expect(after.state.backoff).toEqual({
      attempt: 4,
      retryAt: NOW + Math.floor(0.25 * BACKOFF_BASE_MS * 2 ** 3),
      message: 'Unreachable',
      probeAnswered: true,
    });
  });

  it('pause-auth: paused since now; the backoff is left for the resume to lift', () => {
    const state = STATES['backing off, unreachable']!;
    const result = transition(DECISIONS['pause-auth']!, sent, state, NOW, arrived);
    expect(result.state.pause).toEqual({ kind: 'auth', message: 'Token rejected', since: NOW });
    expect(result.state.backoff).toEqual(state.backoff);
  });

  it('pause-quota: paused with an hourly probe; the quota and a safe upgrade link are kept', () => {
    const result = transition(DECISIONS['pause-quota, with quota']!, sent, fresh, NOW, arrived);
    expect(result.state.pause).toEqual({
      kind: 'quota',
      message: 'Plan limit',
      since: NOW,
      retryAt: NOW + QUOTA_PROBE_MS,
    });
    expect(result.state.quota).toEqual({
      used: 5,
      limit: 5,
      plan: 'free',
      upgradeUrl: 'https://api.example.com/upgrade',
    });
    // a foreign or unsafe link is dropped
    const unsafe = { ...DECISIONS['pause-quota, with quota']!, upgradeUrl: 'javascript:alert(1)' } as Decision;
    expect(transition(unsafe, sent, fresh, NOW, arrived).state.quota?.upgradeUrl).toBeNull();
    // no numbers in the reply: the last known ones stay, or unknown ones are shown
    const known = STATES['quota pause being probed']!;
    expect(transition(DECISIONS['pause-quota, no quota']!, sent, known, NOW, arrived).state.quota).toEqual(known.quota);
    expect(transition(DECISIONS['pause-quota, no quota']!, sent, fresh, NOW, arrived).state.quota).toEqual({
      used: 0,
      limit: 0,
      plan: 'unknown',
      upgradeUrl: null,
    });
  });

  it('park-too-large and park-rejected: the item keeps the reason, status and sizes for the user', () => {
    expect(transition(DECISIONS['park-too-large, with sizes']!, sent, fresh, NOW, arrived).item?.parked).toEqual({
      reason: 'too-large',
      status: 413,
      message: 'Too large',
      maxBytes: 100,
      receivedBytes: 200,
    });
    expect(transition(DECISIONS['park-too-large, no sizes']!, sent, fresh, NOW, arrived).item?.parked).toEqual({
      reason: 'too-large',
      status: 413,
      message: 'Too large',
    });
    expect(transition(DECISIONS['park-rejected']!, sent, fresh, NOW, arrived).item?.parked).toEqual({
      reason: 'rejected',
      status: 422,
      message: 'Refused (422)',
    });
  });

  it('a full pacing log: the slot taken now is what the next send waits for', () => {
    const full = { ...fresh, sendLog: [NOW - 300, NOW - 200, NOW - 100] };
    const result = transition(DECISIONS['done, with a memory']!, sent, full, NOW, arrived);
    expect(result.state.sendLog).toEqual([NOW - 200, NOW - 100, NOW]);
    expect(nextSendAt(result.state.sendLog, NOW, PACING)).toBe(NOW - 200 + PACING.windowMs + PACING_MARGIN_MS);
  });
});

describe('pacing shared with undo', () => {
  const outcomes: [ApiOutcome, boolean][] = [
    [{ kind: 'ok', status: 204, body: null }, true],
    [{ kind: 'http', status: 500, body: null, retryAfter: null }, true],
    [{ kind: 'http', status: 429, body: null, retryAfter: '5' }, true],
    [{ kind: 'timeout' }, true],
    [{ kind: 'network', message: 'refused', refused: true }, false],
    [{ kind: 'network', message: 'Failed to fetch' }, false],
  ];
  it('requestArrived: only a request with no reply at all did not reach the server', () => {
    for (const [outcome, expected] of outcomes) expect(requestArrived(outcome), outcome.kind).toBe(expected);
  });

  it('countWrite records only an arrived write', () => {
    expect(countWrite(fresh, NOW, PACING, true).sendLog).toEqual([NOW]);
    expect(countWrite(fresh, NOW, PACING, false)).toBe(fresh);
  });
});

describe('mergeRecent', () => {
  const entry = {
    id: 'cap',
    memoryId: 'mem-b',
    apiUrl: API,
    preview: 'second',
    namespace: 'default',
    tags: [],
    savedAt: NOW,
    parts: 2,
  };
  it('a whole save replaces what its id held; a first part starts the memory id list', () => {
    expect(mergeRecent(undefined, { entry, part: null })).toBe(entry);
    expect(mergeRecent(undefined, { entry, part: { index: 2 } })).toEqual({ ...entry, memoryIds: ['mem-b'] });
    expect(mergeRecent(undefined, { entry: { ...entry, memoryId: '' }, part: { index: 1 } }).memoryIds).toEqual([]);
  });

  it('a later part joins: ids added once, the first part’s preview kept, the first id stays the entry’s', () => {
    const existing = { ...entry, memoryId: 'mem-a', preview: 'first', savedAt: NOW - 5, memoryIds: ['mem-a'] };
    expect(mergeRecent(existing, { entry, part: { index: 2 } })).toEqual({
      ...existing,
      memoryIds: ['mem-a', 'mem-b'],
      savedAt: NOW,
    });
    expect(mergeRecent(existing, { entry: { ...entry, memoryId: 'mem-a' }, part: { index: 2 } }).memoryIds).toEqual([
      'mem-a',
    ]);
    // part 1 arriving after part 2: its preview is the entry's
    const later = { ...existing, memoryId: 'mem-b', preview: 'second', memoryIds: ['mem-b'] };
    expect(
      mergeRecent(later, { entry: { ...entry, memoryId: 'mem-a', preview: 'first' }, part: { index: 1 } }),
    ).toMatchObject({
      memoryId: 'mem-b',
      preview: 'first',
      memoryIds: ['mem-b', 'mem-a'],
    });
  });
});
