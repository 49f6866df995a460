import { describe, expect, it } from 'vitest';
import type { ApiOutcome } from '../api/client';
import { classify } from './classify';

const NOW = Date.UTC(2026, 0, 1);

const memory = {
  id: 'mem-1',
  content: 'hello',
  namespace: 'default',
  tags: ['a'],
  metadata: {},
  created_at: 1,
  updated_at: 1,
};

const http = (status: number, body: unknown = null, retryAfter: string | null = null): ApiOutcome => ({
  kind: 'http',
  status,
  body,
  retryAfter,
});

describe('classify (docs/architecture.md §4)', () => {
  it('2xx with a memory → done, with the memory for undo', () => {
    expect(classify({ kind: 'ok', status: 201, body: memory }, NOW)).toEqual({
      action: 'done',
      memory: expect.objectContaining({ id: 'mem-1', namespace: 'default' }),
    });
    expect(classify({ kind: 'ok', status: 200, body: { ...memory, extra: true } }, NOW)).toMatchObject({
      action: 'done',
      memory: { id: 'mem-1' },
    });
  });

  it('2xx whose body is not a memory → still done (never re-sent), without a memory', () => {
    for (const body of [null, 'not json', {}, { id: '' }, { ...memory, id: 42 }, [memory]]) {
      const decision = classify({ kind: 'ok', status: 201, body }, NOW);
      expect(decision.action, JSON.stringify(body)).toBe('done');
      expect(decision).toMatchObject({ memory: null, note: expect.stringContaining('undo unavailable') });
    }
    expect(classify({ kind: 'ok', status: 204, body: null }, NOW)).toMatchObject({ action: 'done', memory: null });
  });

  it('429 with Retry-After (seconds or date) → hold until then', () => {
    expect(classify(http(429, { error: 'rate_limited' }, '5'), NOW)).toEqual({
      action: 'hold',
      until: NOW + 5_000,
      message: 'Rate-limited by the server',
    });
    expect(classify(http(429, null, 'Thu, 01 Jan 2026 00:00:20 GMT'), NOW)).toMatchObject({
      action: 'hold',
      until: NOW + 20_000,
    });
  });

  it('429 without a usable Retry-After → hold with no instant (the sender backs off)', () => {
    for (const header of [null, '', 'soon', '-5']) {
      expect(classify(http(429, null, header), NOW)).toMatchObject({ action: 'hold', until: null });
    }
  });

  it('5xx and 408 → retry with the status', () => {
    for (const status of [500, 502, 503, 504, 408, 599]) {
      expect(classify(http(status, { error: 'x' }), NOW)).toEqual({
        action: 'retry',
        status,
        message: `Server error ${status}, retrying`,
      });
    }
  });

  it('network errors and timeouts → retry', () => {
    expect(classify({ kind: 'network', message: 'fetch failed' }, NOW)).toEqual({
      action: 'retry',
      message: 'Server unreachable, retrying',
    });
    expect(classify({ kind: 'timeout' }, NOW)).toMatchObject({
      action: 'retry',
      message: expect.stringMatching(/20 s/),
    });
  });

  it('401 → pause for the token', () => {
    expect(classify(http(401, { error: 'unauthorized', message: 'bad token' }), NOW)).toEqual({
      action: 'pause-auth',
      message: 'Token rejected — reconnect in Settings',
    });
    expect(classify(http(401), NOW).action).toBe('pause-auth');
  });

  it('402 with quota and upgrade_url → pause-quota carrying both (the link is vetted later)', () => {
    expect(
      classify(
        http(402, {
          error: 'quota_exceeded',
          message: 'Free plan allows 1000 memories',
          quota: { used: 1000, limit: 1000, plan: 'free' },
          upgrade_url: '/account-settings/plan',
        }),
        NOW,
      ),
    ).toEqual({
      action: 'pause-quota',
      message: 'Plan limit reached: Free plan allows 1000 memories',
      quota: expect.objectContaining({ used: 1000, limit: 1000, plan: 'free' }),
      upgradeUrl: '/account-settings/plan',
    });
  });

  it('402 without a body → pause-quota with nothing known', () => {
    for (const body of [null, 'Payment Required', {}]) {
      expect(classify(http(402, body), NOW)).toEqual({
        action: 'pause-quota',
        message: 'Plan limit reached — upgrade to keep saving',
        quota: null,
        upgradeUrl: null,
      });
    }
  });

  it('413 with and without max_bytes → park too large, with the sizes when given', () => {
    expect(classify(http(413, { error: 'payload_too_large', max_bytes: 262144, received_bytes: 300000 }), NOW)).toEqual(
      { action: 'park-too-large', message: 'Too large for one memory', maxBytes: 262144, receivedBytes: 300000 },
    );
    expect(classify(http(413, { error: 'payload_too_large' }), NOW)).toEqual({
      action: 'park-too-large',
      message: 'Too large for one memory',
    });
    expect(classify(http(413, null), NOW)).toEqual({ action: 'park-too-large', message: 'Too large for one memory' });
  });

  it('400/403/404/409 → park rejected with the server message (message over error code)', () => {
    for (const status of [400, 403, 404, 409, 422]) {
      expect(classify(http(status, { error: 'invalid_body', message: 'content must be a string' }), NOW)).toEqual({
        action: 'park-rejected',
        status,
        message: `The server refused it (${status}): content must be a string`,
      });
    }
    expect(classify(http(409, { error: 'conflict' }), NOW)).toMatchObject({
      message: 'The server refused it (409): conflict',
    });
    expect(classify(http(403, null), NOW)).toEqual({
      action: 'park-rejected',
      status: 403,
      message: 'The server refused it (HTTP 403)',
    });
  });
});

describe('hostile replies are bounded before anything is stored', () => {
  const long = 'x'.repeat(3_000_000);

  it('cuts server messages to 500 characters', () => {
    for (const decision of [
      classify(http(400, { error: 'bad', message: long }), 0),
      classify(http(402, { error: long }), 0),
      classify(http(403, { error: long }), 0),
    ]) {
      expect('message' in decision && decision.message.length).toBeLessThanOrEqual(560);
    }
  });

  it('drops an oversized plan name or upgrade link rather than keeping megabytes', () => {
    const decision = classify(
      http(402, {
        error: 'quota_exceeded',
        quota: { used: 1, limit: 1, plan: long },
        upgrade_url: `https://x.example/${long}`,
      }),
      0,
    );
    expect(decision.action).toBe('pause-quota');
    if (decision.action !== 'pause-quota') return;
    expect(decision.quota?.plan.length).toBeLessThanOrEqual(500);
    expect(decision.upgradeUrl).toBeNull();
  });

  it('does not keep a memory id no server would mint', () => {
    const decision = classify({ kind: 'ok', status: 201, body: { ...memory, id: long } }, 0);
    expect(decision).toMatchObject({ action: 'done', memory: null });
  });
});
