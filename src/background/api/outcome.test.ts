/**
 * One meaning per outcome (outcome.ts), and the two places that act on replies agree on it: the outbox
 * (outbox/classify.ts) and "Test connection" (connection.ts). Table-driven: each row is one outcome, what it
 * means, what the outbox does with it, and what the connection test says.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LOCAL_API_URL } from '../../shared/api-schema';
import { t } from '../../shared/i18n';
import { testConnection } from '../connection';
import { resetDbForTests } from '../db';
import { classify, type Decision } from '../outbox/classify';
import { cancelWake } from '../outbox/scheduler';
import { storeConnection } from '../settings-store';
import { settle } from '../test-kit';
import { apiRequest, type ApiOutcome } from './client';
import { meaningOf, type Meaning } from './outcome';

const NOW = Date.UTC(2026, 0, 1);
const HOST = new URL(LOCAL_API_URL).host;

type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | 'network';
type Row = {
  reply: Reply;
  meaning: Meaning['kind'];
  outbox: Decision['action'];
  /** Built when the test runs (the messages are loaded then). */
  connection: { result: string; detail: () => string };
};

const quota = {
  error: 'memory_quota_exceeded',
  message: 'You used 500.',
  quota: { used: 500, limit: 500, plan: 'free' },
};
const ROWS: Row[] = [
  {
    reply: { status: 200, body: [] },
    meaning: 'ok',
    outbox: 'done',
    connection: { result: 'connected', detail: () => t('bg_conn_connected_local', HOST) },
  },
  {
    reply: { status: 401, body: { error: 'unauthorized' } },
    meaning: 'token-rejected',
    outbox: 'pause-auth',
    connection: { result: 'token-rejected', detail: () => t('bg_conn_needs_token', HOST) },
  },
  {
    reply: { status: 403, body: { error: 'forbidden' } },
    meaning: 'forbidden',
    outbox: 'park-rejected',
    connection: { result: 'error', detail: () => t('bg_conn_forbidden', HOST) },
  },
  {
    reply: { status: 402, body: quota },
    meaning: 'quota',
    outbox: 'pause-quota',
    connection: { result: 'error', detail: () => t('apiconn_quota', HOST) },
  },
  {
    reply: { status: 402, body: { ...quota, upgrade_url: '/account-settings/plan' } },
    meaning: 'quota',
    outbox: 'pause-quota',
    connection: {
      result: 'error',
      detail: () => t('apiconn_quota_link', HOST, `${new URL(LOCAL_API_URL).origin}/account-settings/plan`),
    },
  },
  {
    reply: { status: 413, body: { error: 'payload_too_large', max_bytes: 262144 } },
    meaning: 'too-large',
    outbox: 'park-too-large',
    connection: { result: 'error', detail: () => t('bg_conn_http', HOST, 413) },
  },
  {
    reply: { status: 429, body: { error: 'rate_limited' }, headers: { 'Retry-After': '30' } },
    meaning: 'rate-limited',
    outbox: 'hold',
    connection: { result: 'error', detail: () => t('apiconn_rate', HOST) },
  },
  {
    reply: { status: 500, body: { error: 'internal' } },
    meaning: 'server-error',
    outbox: 'retry',
    connection: { result: 'error', detail: () => t('apiconn_server', HOST, 500) },
  },
  {
    reply: { status: 503 },
    meaning: 'server-error',
    outbox: 'retry',
    connection: { result: 'error', detail: () => t('apiconn_server', HOST, 503) },
  },
  {
    reply: { status: 404, body: { error: 'not found' } },
    meaning: 'rejected',
    outbox: 'park-rejected',
    connection: { result: 'error', detail: () => t('bg_conn_http', HOST, 404) },
  },
  {
    reply: 'network',
    meaning: 'unreachable',
    outbox: 'retry',
    connection: { result: 'unreachable', detail: () => t('bg_conn_unreachable_local', HOST) },
  },
];

let reply: Reply = 'network';

beforeEach(async () => {
  resetDbForTests();
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => {
      if (reply === 'network') throw new TypeError('fetch failed');
      return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
        status: reply.status,
        ...(reply.headers ? { headers: reply.headers } : {}),
      });
    }),
  );
  await storeConnection({ mode: 'local', apiUrl: LOCAL_API_URL });
});

afterEach(async () => {
  await settle();
  await cancelWake();
  vi.unstubAllGlobals();
});

const label = (reply: Reply) => (reply === 'network' ? 'network' : `HTTP ${reply.status}`);

describe('one meaning per outcome, and the outbox and the connection test agree on it', () => {
  it.each(ROWS.map((row) => [label(row.reply), row] as const))('%s', async (_, row) => {
    reply = row.reply;
    const outcome: ApiOutcome = await apiRequest({ apiUrl: LOCAL_API_URL, token: null }, { method: 'GET', path: '/x' });
    expect(meaningOf(outcome).kind).toBe(row.meaning);
    expect(classify(outcome, NOW).action).toBe(row.outbox);
    expect(await testConnection({})).toEqual({ result: row.connection.result, detail: row.connection.detail() });
  });

  it('a timeout means the same in both places: retry, unreachable', async () => {
    const outcome: ApiOutcome = { kind: 'timeout' };
    expect(meaningOf(outcome).kind).toBe('timeout');
    expect(classify(outcome, NOW).action).toBe('retry');
  });

  it('403 is never "token rejected" (the token is known, it lacks permission), 401 always is', () => {
    const forbidden: ApiOutcome = { kind: 'http', status: 403, body: null, retryAfter: null };
    const unauthorized: ApiOutcome = { kind: 'http', status: 401, body: null, retryAfter: null };
    expect(classify(forbidden, NOW).action).not.toBe('pause-auth');
    expect(classify(unauthorized, NOW).action).toBe('pause-auth');
  });

  it('429 carries Retry-After; 402 the quota and the upgrade link', () => {
    expect(meaningOf({ kind: 'http', status: 429, body: null, retryAfter: '12' })).toEqual({
      kind: 'rate-limited',
      retryAfter: '12',
    });
    expect(
      meaningOf({ kind: 'http', status: 402, body: { ...quota, upgrade_url: '/up' }, retryAfter: null }),
    ).toMatchObject({ kind: 'quota', quota: { used: 500, limit: 500, plan: 'free' }, upgradeUrl: '/up' });
  });
});
