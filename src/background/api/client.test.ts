import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { API_TIMEOUT_MS, MAX_REPLY_BYTES, apiRequest } from './client';

const API = 'https://api.example.com/api';
const TOK = { value: 'tok', origin: 'https://api.example.com' };
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
    await apiRequest({ apiUrl: API, token: TOK }, { method: 'POST', path: '/memories', body: { content: 'x' } });
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
    expect(await apiRequest({ apiUrl: API, token: TOK }, { method: 'GET', path: '/' })).toEqual({
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

  it('the token goes only to the exact origin it was stored for, and only over HTTPS or loopback', async () => {
    const sent = async (apiUrl: string, token: { value: string; origin: string }) => {
      await apiRequest({ apiUrl, token }, { method: 'GET', path: '/' });
      return new Headers(lastInit.headers).get('authorization');
    };
    expect(await sent(API, TOK)).toBe('Bearer tok');
    expect(await sent('https://evil.example.net/api', TOK)).toBeNull();
    expect(await sent('https://api.example.com:8443/api', TOK)).toBeNull();
    expect(await sent('http://api.example.com/api', TOK)).toBeNull();
    expect(await sent('http://api.example.com/api', { value: 'tok', origin: 'http://api.example.com' })).toBeNull();
    expect(await sent('http://127.0.0.1:3122/api', { value: 'tok', origin: 'http://127.0.0.1:3122' })).toBe(
      'Bearer tok',
    );
    expect(await sent('http://127.0.0.1:9999/api', { value: 'tok', origin: 'http://127.0.0.1:3122' })).toBeNull();
  });

  it('never reads more than 1 MB of a reply, declared or streamed', async () => {
    const huge = JSON.stringify({ error: 'bad', message: 'x'.repeat(MAX_REPLY_BYTES + 10) });
    answer = async () => new Response(huge, { status: 400, headers: { 'content-type': 'application/json' } });
    expect(await apiRequest({ apiUrl: API, token: null }, { method: 'GET', path: '/' })).toMatchObject({
      kind: 'http',
      status: 400,
      body: null,
    });
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x78));
      },
    });
    answer = async () => new Response(endless, { status: 201 });
    expect(await apiRequest({ apiUrl: API, token: null }, { method: 'GET', path: '/' })).toEqual({
      kind: 'ok',
      status: 201,
      body: null,
    });
    expect(pulled).toBeLessThanOrEqual(MAX_REPLY_BYTES + 3 * 64 * 1024);
    // A declared length over the cap is not read at all; a reply of exactly the cap is.
    answer = async () =>
      new Response('{"id":"small"}', { status: 200, headers: { 'content-length': String(MAX_REPLY_BYTES + 1) } });
    expect(await apiRequest({ apiUrl: API, token: null }, { method: 'GET', path: '/' })).toEqual({
      kind: 'ok',
      status: 200,
      body: null,
    });
    const exact = JSON.stringify({ id: 'm', pad: '' });
    const atCap = JSON.stringify({ id: 'm', pad: 'z'.repeat(MAX_REPLY_BYTES - exact.length) });
    expect(atCap.length).toBe(MAX_REPLY_BYTES);
    answer = async () => new Response(atCap, { status: 200 });
    expect(await apiRequest({ apiUrl: API, token: null }, { method: 'GET', path: '/' })).toMatchObject({
      kind: 'ok',
      body: { id: 'm' },
    });
    answer = async () => Response.json({ id: 'm1', message: 'y'.repeat(1000) });
    expect(await apiRequest({ apiUrl: API, token: null }, { method: 'GET', path: '/' })).toMatchObject({
      kind: 'ok',
      body: { id: 'm1' },
    });
  });
});
