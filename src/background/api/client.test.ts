import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { API_TIMEOUT_MS, apiRequest } from './client';

const API = 'https://api.example.com/api';
let lastInit: RequestInit = {};
let lastUrl = '';
let answer: (init: RequestInit) => Promise<Response>;

beforeEach(() => {
  answer = async () => Response.json({ ok: true });
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string | URL | Request, init: RequestInit = {}) => {
      lastUrl = String(input);
      lastInit = init;
      return answer(init);
    }),
  );
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const never = (init: RequestInit) =>
  new Promise<Response>((_, reject) => {
    init.signal?.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'AbortError')));
  });

describe('apiRequest', () => {
  it('sends JSON with the token as the only credential, no cookies, no cache, no redirects', async () => {
    await apiRequest({ apiUrl: API, token: 'tok' }, { method: 'POST', path: '/memories', body: { content: 'x' } });
    expect(lastUrl).toBe(`${API}/memories`);
    expect(lastInit).toMatchObject({
      method: 'POST',
      body: '{"content":"x"}',
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'error',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: 'Bearer tok' },
    });
    expect(lastInit.signal).toBeInstanceOf(AbortSignal);
  });

  it('no token → no Authorization header; no body → no Content-Type', async () => {
    await apiRequest({ apiUrl: API, token: null }, { method: 'GET', path: '/memories?limit=1' });
    expect(lastInit.headers).toEqual({ Accept: 'application/json' });
    expect(lastInit.body).toBeUndefined();
  });

  it('2xx → ok with the parsed body, or null for empty / non-JSON bodies', async () => {
    answer = async () => Response.json({ id: 'm1' }, { status: 201 });
    expect(await apiRequest({ apiUrl: API, token: null }, { method: 'GET', path: '/' })).toEqual({
      kind: 'ok',
      status: 201,
      body: { id: 'm1' },
    });
    answer = async () => new Response(null, { status: 204 });
    expect(await apiRequest({ apiUrl: API, token: null }, { method: 'DELETE', path: '/m' })).toEqual({
      kind: 'ok',
      status: 204,
      body: null,
    });
    answer = async () => new Response('<html>', { status: 200 });
    expect(await apiRequest({ apiUrl: API, token: null }, { method: 'GET', path: '/' })).toMatchObject({ body: null });
  });

  it('non-2xx → http with the status, the JSON error and Retry-After', async () => {
    answer = async () => Response.json({ error: 'rate_limited' }, { status: 429, headers: { 'Retry-After': '7' } });
    expect(await apiRequest({ apiUrl: API, token: null }, { method: 'GET', path: '/' })).toEqual({
      kind: 'http',
      status: 429,
      body: { error: 'rate_limited' },
      retryAfter: '7',
    });
    answer = async () => new Response('Bad Gateway', { status: 502 });
    expect(await apiRequest({ apiUrl: API, token: null }, { method: 'GET', path: '/' })).toEqual({
      kind: 'http',
      status: 502,
      body: null,
      retryAfter: null,
    });
  });

  it('a thrown fetch → network, never an exception', async () => {
    answer = async () => {
      throw new TypeError('fetch failed');
    };
    expect(await apiRequest({ apiUrl: API, token: 'tok' }, { method: 'GET', path: '/' })).toEqual({
      kind: 'network',
      message: 'fetch failed',
    });
  });

  it('aborts after the given timeout → timeout', async () => {
    answer = never;
    expect(await apiRequest({ apiUrl: API, token: null }, { method: 'GET', path: '/', timeoutMs: 10 })).toEqual({
      kind: 'timeout',
    });
  });

  it('aborts after 20 s by default (under Chrome’s 30 s kill of a waiting worker)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    answer = never;
    let outcome: unknown = null;
    void apiRequest({ apiUrl: API, token: null }, { method: 'GET', path: '/' }).then((o) => (outcome = o));
    await vi.advanceTimersByTimeAsync(API_TIMEOUT_MS - 1);
    expect(outcome).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(outcome).toEqual({ kind: 'timeout' });
    expect(API_TIMEOUT_MS).toBeLessThan(30_000);
  });
});
