/**
 * Contract tests of the local API: every status the extension's outbox classifies, checked against the shared reply
 * schemas. Most go through app.inject; persistence, port reuse and large uploads use a real socket on port 0.
 */
import * as z from 'zod/mini';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_CONTENT_BYTES, apiErrorSchema, memorySchema, namespaceListSchema } from '../src/shared/api-schema';
import { buildApp, startServer, type ServerOptions } from './app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setup(options: ServerOptions = {}) {
  const built = buildApp(options);
  cleanups.push(built.close);
  return built;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mnueron-server-test-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

type App = ReturnType<typeof setup>['app'];

function post(app: App, body: unknown, headers: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: '/api/memories',
    headers: { 'content-type': 'application/json', ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function errorOf(response: { json(): unknown }) {
  return apiErrorSchema().parse(response.json());
}

describe('GET /api/health', () => {
  it('answers ok, the version and local mode, without a token even when tokens are required', async () => {
    const { app } = setup({ tokens: ['secret-token'] });
    const response = await app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ok: true, version: expect.stringMatching(/^\d+\.\d+\.\d+/), mode: 'local' });
  });
});

describe('POST /api/memories', () => {
  it('creates a memory with the documented shape and defaults', async () => {
    const { app } = setup();
    const before = Date.now();
    const response = await post(app, { content: 'Prefers 2-space indentation' });
    expect(response.statusCode).toBe(201);
    const memory = memorySchema().parse(response.json());
    expect(memory.id).toMatch(UUID);
    expect(memory).toMatchObject({
      content: 'Prefers 2-space indentation',
      namespace: 'default',
      tags: [],
      source: 'agent',
      source_ref: null,
      metadata: {},
    });
    expect(memory.created_at).toBeGreaterThanOrEqual(before);
    expect(memory.updated_at).toBe(memory.created_at);
  });

  it('keeps every field the client sends', async () => {
    const { app, control } = setup();
    const body = {
      content: 'Uses pnpm',
      namespace: 'preferences',
      tags: ['tooling', 'js'],
      source: 'chrome-extension',
      source_ref: 'chatgpt:abc123',
      metadata: { captured_at: 1737070000000, url: 'https://chatgpt.com/c/abc123' },
    };
    const response = await post(app, body);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject(body);
    expect(control.memories()).toEqual([response.json()]);
  });

  it('auto-creates the namespace and counts it in /api/namespaces', async () => {
    const { app } = setup();
    const initial = namespaceListSchema().parse((await app.inject({ method: 'GET', url: '/api/namespaces' })).json());
    expect(initial).toEqual([{ name: 'default', count: 0, last_updated: null }]);

    await post(app, { content: 'a', namespace: 'work' });
    const last = memorySchema().parse((await post(app, { content: 'b', namespace: 'work' })).json());
    await post(app, { content: 'c' });

    const response = await app.inject({ method: 'GET', url: '/api/namespaces' });
    expect(response.statusCode).toBe(200);
    const namespaces = namespaceListSchema().parse(response.json());
    expect(namespaces).toEqual([
      { name: 'default', count: 1, last_updated: expect.any(Number) },
      { name: 'work', count: 2, last_updated: last.updated_at },
    ]);
  });

  it('answers 400 "invalid json" for a body that does not parse or is not an object', async () => {
    const { app, control } = setup();
    for (const body of ['{"content": "unterminated', '', '["content"]', '"just a string"']) {
      const response = await post(app, body);
      expect(response.statusCode, body).toBe(400);
      expect(errorOf(response).error, body).toBe('invalid json');
    }
    expect(control.memories()).toHaveLength(0);
  });

  it('answers 400 "content required" for missing, null, empty or blank content', async () => {
    const { app } = setup();
    for (const body of [{}, { content: null }, { content: '' }, { content: '  \n ' }, { tags: ['x'] }]) {
      const response = await post(app, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(errorOf(response)).toMatchObject({ error: 'content required', message: expect.any(String) });
    }
  });

  it.each([
    ['content', { content: 42 }],
    ['tags', { content: 'x', tags: 'style' }],
    ['tags', { content: 'x', tags: ['ok', 3] }],
    ['metadata', { content: 'x', metadata: ['not', 'an', 'object'] }],
    ['metadata', { content: 'x', metadata: 'nope' }],
    ['namespace', { content: 'x', namespace: 7 }],
    ['source', { content: 'x', source: { name: 'x' } }],
    ['source_ref', { content: 'x', source_ref: 12 }],
  ])('answers 400 naming `%s` when it has the wrong type', async (field, body) => {
    const { app, control } = setup();
    const response = await post(app, body);
    expect(response.statusCode).toBe(400);
    const error = errorOf(response);
    expect(error.error).toBe('invalid_request');
    expect(error.message).toContain(`\`${field}\``);
    expect(control.memories()).toHaveLength(0);
  });

  it('accepts exactly 256 KB of content and answers 413 with the sizes one byte over', async () => {
    const { app } = setup();
    expect((await post(app, { content: 'a'.repeat(MAX_CONTENT_BYTES) })).statusCode).toBe(201);

    const response = await post(app, { content: 'a'.repeat(MAX_CONTENT_BYTES + 1) });
    expect(response.statusCode).toBe(413);
    expect(errorOf(response)).toMatchObject({
      error: 'memory_too_large',
      message: expect.any(String),
      max_bytes: 262144,
      received_bytes: MAX_CONTENT_BYTES + 1,
    });
  });

  it('counts the limit in UTF-8 bytes, not characters', async () => {
    const { app, control } = setup();
    // 131,073 two-byte characters: half the limit in characters, two bytes over it in UTF-8.
    const twoByte = 'é'.repeat(MAX_CONTENT_BYTES / 2 + 1);
    const response = await post(app, { content: twoByte });
    expect(response.statusCode).toBe(413);
    expect(errorOf(response)).toMatchObject({ max_bytes: MAX_CONTENT_BYTES, received_bytes: MAX_CONTENT_BYTES + 2 });

    const fourByte = '🧠'.repeat(MAX_CONTENT_BYTES / 4) + 'x';
    expect(errorOf(await post(app, { content: fourByte })).received_bytes).toBe(MAX_CONTENT_BYTES + 1);
    expect(control.memories()).toHaveLength(0);
  });

  it('answers the documented 413, not the framework error, for bodies of a few MB and above the body limit', async () => {
    const { app } = setup();
    const threeMegabytes = await post(app, { content: 'x'.repeat(3_000_000) });
    expect(threeMegabytes.statusCode).toBe(413);
    expect(errorOf(threeMegabytes)).toMatchObject({ error: 'memory_too_large', received_bytes: 3_000_000 });

    const aboveBodyLimit = await post(app, { content: 'x'.repeat(33 * 1024 * 1024) });
    expect(aboveBodyLimit.statusCode).toBe(413);
    expect(errorOf(aboveBodyLimit)).toMatchObject({
      error: 'memory_too_large',
      max_bytes: MAX_CONTENT_BYTES,
      received_bytes: expect.any(Number),
    });
    expect(errorOf(aboveBodyLimit).received_bytes).toBeGreaterThan(33 * 1024 * 1024);
  });

  // Contract test of the REAL shared redaction (src/shared/redact.ts). It fails while that module is still the
  // pass-through placeholder; it is meant to, and passes once the pattern set lands. Do not stub it out.
  it('redacts an AWS access key id and a bearer header with the shared redaction, and stamps the row', async () => {
    const { app, control } = setup();
    const content = 'deploy with AKIAIOSFODNN7EXAMPLE\nAuthorization: Bearer abcdef0123456789abcdef0123456789';
    const response = await post(app, { content });
    expect(response.statusCode).toBe(201);
    const memory = memorySchema().parse(response.json());
    expect(memory.content).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(memory.content).not.toContain('abcdef0123456789abcdef0123456789');
    expect(memory.metadata.redacted_count).toBeGreaterThanOrEqual(2);
    expect(memory.metadata.redacted_kinds).toEqual(expect.arrayContaining([expect.any(String)]));
    expect(control.memories()[0]?.content).toBe(memory.content);
  });

  it('stamps redacted_count and redacted_kinds only when something was redacted, adding to the client stamp', async () => {
    const redact = (text: string) => {
      const count = text.split('SECRET').length - 1;
      return { text: text.replaceAll('SECRET', '[REDACTED]'), count, kinds: count > 0 ? ['test_secret'] : [] };
    };
    const { app } = setup({ redact });

    const clean = memorySchema().parse((await post(app, { content: 'nothing here' })).json());
    expect(clean.metadata).toEqual({});

    const redacted = memorySchema().parse((await post(app, { content: 'a SECRET and SECRET' })).json());
    expect(redacted.content).toBe('a [REDACTED] and [REDACTED]');
    expect(redacted.metadata).toEqual({ redacted_count: 2, redacted_kinds: ['test_secret'] });

    const clientStamped = memorySchema().parse(
      (
        await post(app, {
          content: 'one SECRET left',
          metadata: { redacted_count: 3, redacted_kinds: ['aws_access_key'] },
        })
      ).json(),
    );
    expect(clientStamped.metadata).toEqual({ redacted_count: 4, redacted_kinds: ['aws_access_key', 'test_secret'] });
  });

  it('strips BYOK keys from stored metadata and keeps the rest', async () => {
    const { app, control } = setup();
    const response = await post(app, {
      content: 'summarise this',
      metadata: { summarize: true, byok_anthropic_key: 'sk-ant-xyz', byok_openai_key: 'sk-openai-xyz' },
    });
    expect(response.statusCode).toBe(201);
    expect(memorySchema().parse(response.json()).metadata).toEqual({ summarize: true });
    expect(JSON.stringify(control.memories())).not.toMatch(/sk-ant-xyz|sk-openai-xyz|byok_/);
  });
});

describe('idempotency', () => {
  it('answers 200 with the first memory when metadata.idempotency_key repeats, and stores one row', async () => {
    const { app, control } = setup();
    const first = await post(app, { content: 'hello', metadata: { idempotency_key: 'item-1' } });
    expect(first.statusCode).toBe(201);
    const repeat = await post(app, { content: 'hello again', metadata: { idempotency_key: 'item-1' } });
    expect(repeat.statusCode).toBe(200);
    expect(repeat.json()).toEqual(first.json());
    const other = await post(app, { content: 'hello', metadata: { idempotency_key: 'item-2' } });
    expect(other.statusCode).toBe(201);
    expect(control.memories().map((memory) => memory.id)).toEqual([first.json().id, other.json().id]);
  });

  it('answers a repeat with 200 even when the quota is now full (nothing new is stored)', async () => {
    const { app } = setup({ quota: { memories: 1 } });
    const first = await post(app, { content: 'x', metadata: { idempotency_key: 'k' } });
    const repeat = await post(app, { content: 'x', metadata: { idempotency_key: 'k' } });
    expect(repeat.statusCode).toBe(200);
    expect(repeat.json().id).toBe(first.json().id);
  });

  it('creates duplicates when turned off', async () => {
    const { app, control } = setup({ idempotency: false });
    await post(app, { content: 'x', metadata: { idempotency_key: 'k' } });
    expect((await post(app, { content: 'x', metadata: { idempotency_key: 'k' } })).statusCode).toBe(201);
    expect(control.memories()).toHaveLength(2);
  });
});

describe('GET /api/memories', () => {
  async function seed(app: App, contents: [string, string?][]) {
    for (const [content, namespace] of contents) expect((await post(app, { content, namespace })).statusCode).toBe(201);
  }

  function list(app: App, query = '') {
    return app.inject({ method: 'GET', url: `/api/memories${query}` });
  }

  it('answers a plain array, newest first', async () => {
    const { app } = setup();
    await seed(app, [['first'], ['second'], ['third']]);
    const response = await list(app);
    expect(response.statusCode).toBe(200);
    const memories = z.array(memorySchema()).parse(response.json());
    expect(memories.map((memory) => memory.content)).toEqual(['third', 'second', 'first']);
  });

  it('filters by case-insensitive substring and by namespace', async () => {
    const { app } = setup();
    await seed(app, [['Le Café du coin', 'travel'], ['cafeteria menu'], ['Tea house', 'travel'], ['CAFÉ au lait']]);
    const contents = async (query: string) =>
      z
        .array(memorySchema())
        .parse((await list(app, query)).json())
        .map((memory) => memory.content);
    expect(await contents('?q=caf%C3%A9')).toEqual(['CAFÉ au lait', 'Le Café du coin']);
    expect(await contents('?q=CAFE')).toEqual(['cafeteria menu']);
    expect(await contents('?namespace=travel')).toEqual(['Tea house', 'Le Café du coin']);
    expect(await contents('?namespace=travel&q=tea')).toEqual(['Tea house']);
    expect(await contents('?namespace=nowhere')).toEqual([]);
  });

  it('pages with limit and offset, defaults to 50 and caps at 500', async () => {
    const { app } = setup();
    await seed(
      app,
      Array.from({ length: 505 }, (_, index) => [`memory ${index}`] as [string]),
    );
    const page = z.array(memorySchema()).parse((await list(app, '?limit=2&offset=1')).json());
    expect(page.map((memory) => memory.content)).toEqual(['memory 503', 'memory 502']);
    expect((await list(app)).json()).toHaveLength(50);
    expect((await list(app, '?limit=10000')).json()).toHaveLength(500);
    expect((await list(app, '?offset=500')).json()).toHaveLength(5);
  });

  it('answers 400 for a limit or offset that is not a usable integer', async () => {
    const { app } = setup();
    for (const query of ['?limit=abc', '?limit=0', '?limit=-1', '?offset=-3', '?offset=1.5']) {
      const response = await list(app, query);
      expect(response.statusCode, query).toBe(400);
      expect(errorOf(response).error).toBe('invalid_request');
    }
  });
});

describe('GET, PATCH and DELETE /api/memories/:id', () => {
  it('gets one memory, and answers 404 not_found for an unknown id', async () => {
    const { app } = setup();
    const created = memorySchema().parse((await post(app, { content: 'find me' })).json());
    const found = await app.inject({ method: 'GET', url: `/api/memories/${created.id}` });
    expect(found.statusCode).toBe(200);
    expect(found.json()).toEqual(created);

    const missing = await app.inject({ method: 'GET', url: '/api/memories/00000000-0000-4000-8000-000000000000' });
    expect(missing.statusCode).toBe(404);
    expect(errorOf(missing).error).toBe('not_found');
  });

  it('patches content, tags, namespace and metadata, and moves updated_at forward', async () => {
    const { app } = setup();
    const created = memorySchema().parse(
      (await post(app, { content: 'old', tags: ['a'], source_ref: 'conv-1', metadata: { keep: false } })).json(),
    );
    const response = await app.inject({
      method: 'PATCH',
      url: `/api/memories/${created.id}`,
      payload: {
        content: 'new',
        tags: ['b', 'c'],
        namespace: 'moved',
        metadata: { keep: true, byok_openai_key: 'sk-x' },
      },
    });
    expect(response.statusCode).toBe(200);
    const patched = memorySchema().parse(response.json());
    expect(patched).toMatchObject({
      id: created.id,
      content: 'new',
      tags: ['b', 'c'],
      namespace: 'moved',
      source_ref: 'conv-1',
      metadata: { keep: true },
      created_at: created.created_at,
    });
    expect(patched.updated_at).toBeGreaterThan(created.updated_at);
    const namespaces = namespaceListSchema().parse(
      (await app.inject({ method: 'GET', url: '/api/namespaces' })).json(),
    );
    expect(namespaces.find((namespace) => namespace.name === 'moved')).toMatchObject({ count: 1 });

    const tagsOnly = await app.inject({ method: 'PATCH', url: `/api/memories/${created.id}`, payload: { tags: [] } });
    expect(tagsOnly.json()).toMatchObject({ content: 'new', tags: [], namespace: 'moved', metadata: { keep: true } });
  });

  it('validates a PATCH like a POST, and answers 404 for an unknown id', async () => {
    const { app } = setup();
    const { id } = memorySchema().parse((await post(app, { content: 'x' })).json());
    const patch = (payload: unknown, target = id) =>
      app.inject({
        method: 'PATCH',
        url: `/api/memories/${target}`,
        headers: { 'content-type': 'application/json' },
        payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
      });

    expect(errorOf(await patch({ content: '' }))).toMatchObject({ error: 'content required' });
    expect(errorOf(await patch({ tags: [1] }))).toMatchObject({ error: 'invalid_request' });
    expect(errorOf(await patch({ metadata: [] }))).toMatchObject({ error: 'invalid_request' });
    expect(errorOf(await patch({}))).toMatchObject({ error: 'invalid_request' });
    expect(errorOf(await patch('{nope'))).toMatchObject({ error: 'invalid json' });
    const tooLarge = await patch({ content: 'x'.repeat(MAX_CONTENT_BYTES + 1) });
    expect(tooLarge.statusCode).toBe(413);
    expect(errorOf(tooLarge)).toMatchObject({ error: 'memory_too_large', received_bytes: MAX_CONTENT_BYTES + 1 });

    const unknown = await patch({ content: 'y' }, 'no-such-id');
    expect(unknown.statusCode).toBe(404);
    expect(errorOf(unknown).error).toBe('not_found');
    expect((await app.inject({ method: 'GET', url: `/api/memories/${id}` })).json()).toMatchObject({ content: 'x' });
  });

  it('deletes with 204 and no body, then answers 404 for it', async () => {
    const { app, control } = setup();
    const { id } = memorySchema().parse((await post(app, { content: 'bye' })).json());
    const deleted = await app.inject({ method: 'DELETE', url: `/api/memories/${id}` });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    expect(control.memories()).toEqual([]);

    const again = await app.inject({ method: 'DELETE', url: `/api/memories/${id}` });
    expect(again.statusCode).toBe(404);
    expect(errorOf(again).error).toBe('not_found');
    expect((await app.inject({ method: 'GET', url: `/api/memories/${id}` })).statusCode).toBe(404);
  });
});

describe('cloud behaviour', () => {
  it('answers 401 unauthorized without a listed bearer token on every /api route but health', async () => {
    const { app, control } = setup({ tokens: ['tok-a', 'tok-b'] });
    const attempts = [
      await post(app, { content: 'x' }),
      await post(app, { content: 'x' }, { authorization: 'Bearer tok-c' }),
      await post(app, { content: 'x' }, { authorization: 'Basic dG9rLWE6' }),
      await app.inject({ method: 'GET', url: '/api/memories' }),
      await app.inject({ method: 'GET', url: '/api/namespaces' }),
    ];
    for (const response of attempts) {
      expect(response.statusCode).toBe(401);
      expect(errorOf(response)).toMatchObject({ error: 'unauthorized', message: expect.any(String) });
    }
    expect(control.memories()).toHaveLength(0);

    expect((await post(app, { content: 'x' }, { authorization: 'Bearer tok-b' })).statusCode).toBe(201);
    control.setOptions({ tokens: ['tok-new'] });
    expect((await post(app, { content: 'x' }, { authorization: 'Bearer tok-b' })).statusCode).toBe(401);
    expect((await post(app, { content: 'x' }, { authorization: 'bearer tok-new' })).statusCode).toBe(201);
  });

  it('answers 402 memory_quota_exceeded with the quota and upgrade_url once the memory cap is reached', async () => {
    const { app, control } = setup({ quota: { memories: 2 } });
    expect((await post(app, { content: 'one' })).statusCode).toBe(201);
    expect((await post(app, { content: 'two' })).statusCode).toBe(201);
    const response = await post(app, { content: 'three' });
    expect(response.statusCode).toBe(402);
    expect(errorOf(response)).toEqual({
      error: 'memory_quota_exceeded',
      message: expect.any(String),
      quota: { used: 2, limit: 2, plan: 'free' },
      upgrade_url: '/account-settings/plan',
    });
    expect(control.memories()).toHaveLength(2);
  });

  it('answers 402 storage_quota_exceeded when the content bytes would exceed the storage cap', async () => {
    const { app, control } = setup({ quota: { bytes: 10, plan: 'personal' } });
    expect((await post(app, { content: 'héllo' })).statusCode).toBe(201); // 6 bytes
    const response = await post(app, { content: 'abcde' });
    expect(response.statusCode).toBe(402);
    expect(errorOf(response)).toEqual({
      error: 'storage_quota_exceeded',
      message: expect.any(String),
      quota: { used: 6, limit: 10, plan: 'personal' },
      upgrade_url: '/account-settings/plan',
    });
    expect((await post(app, { content: 'abcd' })).statusCode).toBe(201);
    expect(control.memories()).toHaveLength(2);
  });

  it('answers 429 with Retry-After on writes over the limit, per token, and recovers after the window', async () => {
    const { app } = setup({ tokens: ['tok-a', 'tok-b'], rateLimit: { max: 2, windowMs: 300 } });
    const asA = { authorization: 'Bearer tok-a' };
    const { id } = memorySchema().parse((await post(app, { content: '1' }, asA)).json());
    expect(
      (await app.inject({ method: 'PATCH', url: `/api/memories/${id}`, headers: asA, payload: { tags: [] } }))
        .statusCode,
    ).toBe(200);

    const limited = await app.inject({ method: 'DELETE', url: `/api/memories/${id}`, headers: asA });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect(errorOf(limited)).toMatchObject({ error: 'rate_limited', message: expect.any(String) });
    expect((await post(app, { content: '3' }, asA)).statusCode).toBe(429);

    // Reads are never limited, and another token has its own window.
    expect((await app.inject({ method: 'GET', url: '/api/memories', headers: asA })).statusCode).toBe(200);
    expect((await post(app, { content: 'b' }, { authorization: 'Bearer tok-b' })).statusCode).toBe(201);

    await new Promise((resolve) => setTimeout(resolve, 320));
    expect((await post(app, { content: '4' }, asA)).statusCode).toBe(201);
  });

  it('limits anonymous writes in local mode when a rate limit is set at run time', async () => {
    const { app, control } = setup();
    control.setOptions({ rateLimit: { max: 1, windowMs: 2500 } });
    expect((await post(app, { content: '1' })).statusCode).toBe(201);
    const limited = await post(app, { content: '2' });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('3');
    control.setOptions({ rateLimit: null });
    expect((await post(app, { content: '3' })).statusCode).toBe(201);
  });
});

describe('origin and host guards', () => {
  it('refuses a web page origin with 403 and no CORS headers, preflight included', async () => {
    const { app, control } = setup();
    for (const origin of ['https://evil.example', 'http://localhost:5173', 'null']) {
      const response = await post(app, { content: 'stolen' }, { origin });
      expect(response.statusCode, origin).toBe(403);
      expect(errorOf(response)).toMatchObject({ error: 'forbidden_origin', message: expect.any(String) });
      expect(response.headers['access-control-allow-origin']).toBeUndefined();

      const preflight = await app.inject({
        method: 'OPTIONS',
        url: '/api/memories',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
      expect(preflight.statusCode).toBe(403);
      expect(Object.keys(preflight.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
    }
    const read = await app.inject({ method: 'GET', url: '/api/memories', headers: { origin: 'https://evil.example' } });
    expect(read.statusCode).toBe(403);
    expect(control.memories()).toHaveLength(0);
  });

  it('serves extension origins with CORS headers and answers their preflight', async () => {
    // Which extensions are served is tested in extension-origins.test.ts; here any is.
    const { app } = setup({ anyExtension: true });
    for (const origin of ['chrome-extension://abcdefghijklmnop', 'moz-extension://1234-5678']) {
      const response = await post(app, { content: 'ok' }, { origin });
      expect(response.statusCode).toBe(201);
      expect(response.headers['access-control-allow-origin']).toBe(origin);

      const preflight = await app.inject({
        method: 'OPTIONS',
        url: '/api/memories',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
      expect(preflight.statusCode).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe(origin);
      expect(preflight.headers['access-control-allow-headers']).toMatch(/authorization/i);
    }
  });

  it('refuses a non-loopback Host header (DNS rebinding) and accepts loopback names with any port', async () => {
    const { app } = setup();
    for (const host of ['evil.example', 'evil.example:3122', '192.168.1.10:3122', 'localhost.evil.example']) {
      const response = await app.inject({ method: 'GET', url: '/api/health', headers: { host } });
      expect(response.statusCode, host).toBe(403);
      expect(errorOf(response).error).toBe('forbidden_host');
    }
    for (const host of ['127.0.0.1:3122', 'localhost:3122', 'localhost', '[::1]:3122', '127.0.0.1']) {
      expect((await app.inject({ method: 'GET', url: '/api/health', headers: { host } })).statusCode, host).toBe(200);
    }
  });

  it('lets any Host through when the host guard is off (non-loopback bind)', async () => {
    const { app } = setup({ hostGuard: false });
    const response = await app.inject({ method: 'GET', url: '/api/health', headers: { host: 'my-nas.lan:3122' } });
    expect(response.statusCode).toBe(200);
  });
});

describe('errors', () => {
  it('answers unknown routes and methods with 404 JSON', async () => {
    const { app } = setup();
    for (const [method, url] of [
      ['GET', '/nope'],
      ['GET', '/api/nope'],
      ['PUT', '/api/memories/some-id'],
    ] as const) {
      const response = await app.inject({ method, url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(errorOf(response).error).toBe('not_found');
    }
  });

  it('answers an unexpected failure with 500 JSON and keeps the details out of the reply', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    cleanups.push(() => consoleError.mockRestore());
    const { app } = setup({
      redact: () => {
        throw new Error('internal detail /home/someone/secret-path');
      },
    });
    const response = await post(app, { content: 'x' });
    expect(response.statusCode).toBe(500);
    expect(errorOf(response).error).toBe('internal_error');
    expect(response.body).not.toMatch(/secret-path|at .*\.ts/);
    expect(consoleError).toHaveBeenCalled();
  });
});

describe('control', () => {
  it('consumes faults in order, matching method and path prefix, then serves normally', async () => {
    const { app, control } = setup();
    control.faults.push(
      { status: 503, times: 2, method: 'POST', pathPrefix: '/api/memories' },
      { status: 429, times: 1, headers: { 'retry-after': '7' }, body: { error: 'rate_limited', message: 'slow down' } },
    );
    expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(429);
    expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);

    const first = await post(app, { content: 'x' });
    expect(first.statusCode).toBe(503);
    expect(errorOf(first).error).toBe('fault_injected');
    expect((await post(app, { content: 'x' })).statusCode).toBe(503);
    expect((await post(app, { content: 'x' })).statusCode).toBe(201);
    expect(control.faults).toEqual([]);
    expect(control.memories()).toHaveLength(1);
    expect(control.requests.map((request) => request.status)).toEqual([429, 200, 503, 503, 201]);
  });

  it('applies fault headers and bodies, and delays a normal reply when status is 0', async () => {
    const { app, control } = setup();
    control.faults.push({ status: 429, times: 1, headers: { 'retry-after': '2' }, body: { error: 'rate_limited' } });
    const limited = await post(app, { content: 'x' });
    expect(limited.headers['retry-after']).toBe('2');
    expect(limited.json()).toEqual({ error: 'rate_limited' });

    control.faults.push({ status: 0, times: 1, delayMs: 150 });
    const started = Date.now();
    const slow = await post(app, { content: 'slow' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(slow.statusCode).toBe(201);
  });

  it('loses the reply after storing when a fault says loseReply: the client sees a cut connection', async () => {
    const server = await startServer({ port: 0 });
    cleanups.push(server.close);
    server.control.faults.push({ status: 0, times: 1, loseReply: true, method: 'POST' });
    const send = () =>
      fetch(`${server.url}/memories`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ content: 'stored, reply lost' }),
      });
    await expect(send()).rejects.toThrow();
    expect(server.control.memories().map((m) => m.content)).toEqual(['stored, reply lost']);
    // the next request is served normally
    expect((await send()).status).toBe(201);
  });

  it('records every request in order without the token', async () => {
    const { app, control } = setup({
      tokens: ['super-secret-token'],
      allowedExtensionOrigins: ['chrome-extension://abc'],
    });
    await post(app, { content: 'x' }, { authorization: 'Bearer super-secret-token', origin: 'chrome-extension://abc' });
    await app.inject({ method: 'GET', url: '/api/memories?q=x&limit=5' });
    expect(control.requests).toEqual([
      {
        at: expect.any(Number),
        method: 'POST',
        path: '/api/memories',
        status: 201,
        origin: 'chrome-extension://abc',
        authorization: 'bearer',
      },
      { at: expect.any(Number), method: 'GET', path: '/api/memories', status: 401, authorization: 'none' },
    ]);
    expect(control.requests[0]!.at).toBeLessThanOrEqual(control.requests[1]!.at);
    expect(JSON.stringify(control.requests)).not.toContain('super-secret-token');
  });

  it('reset clears memories, namespaces, requests, faults and rate-limit state', async () => {
    const { app, control } = setup({ rateLimit: { max: 1, windowMs: 60_000 } });
    await post(app, { content: 'x', namespace: 'work' });
    control.faults.push({ status: 500, times: 5, pathPrefix: '/nowhere' });
    expect((await post(app, { content: 'y' })).statusCode).toBe(429);

    control.reset();
    expect(control.memories()).toEqual([]);
    expect(control.requests).toEqual([]);
    expect(control.faults).toEqual([]);
    expect((await app.inject({ method: 'GET', url: '/api/namespaces' })).json()).toEqual([
      { name: 'default', count: 0, last_updated: null },
    ]);
    expect((await post(app, { content: 'z' })).statusCode).toBe(201);
  });

  it('serves /__test__ routes only with testHooks', async () => {
    const off = setup();
    const hidden = await off.app.inject({ method: 'GET', url: '/__test__/requests' });
    expect(hidden.statusCode).toBe(404);
    expect(errorOf(hidden).error).toBe('not_found');

    // Test mode: the hooks may also change the tokens (see hardening.test.ts for a server with hooks only).
    const { app } = setup({ testMode: true });
    const fault = await app.inject({
      method: 'POST',
      url: '/__test__/faults',
      payload: [{ status: 502, times: 1, method: 'POST' }],
    });
    expect(fault.statusCode).toBe(200);
    expect((await post(app, { content: 'x' })).statusCode).toBe(502);

    expect(
      (await app.inject({ method: 'POST', url: '/__test__/options', payload: { tokens: ['t'] } })).statusCode,
    ).toBe(200);
    expect((await post(app, { content: 'x' })).statusCode).toBe(401);
    expect((await post(app, { content: 'x' }, { authorization: 'Bearer t' })).statusCode).toBe(201);

    // With tokens set, the hooks need one too.
    expect((await app.inject({ method: 'GET', url: '/__test__/requests' })).statusCode).toBe(401);
    const asT = { authorization: 'Bearer t' };
    const requests = await app.inject({ method: 'GET', url: '/__test__/requests', headers: asT });
    expect(requests.json().map((request: { status: number }) => request.status)).toEqual([502, 401, 201]);
    expect((await app.inject({ method: 'GET', url: '/__test__/memories', headers: asT })).json()).toHaveLength(1);

    expect(
      (await app.inject({ method: 'POST', url: '/__test__/faults', headers: asT, payload: { status: 'x' } }))
        .statusCode,
    ).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/__test__/reset', headers: asT })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/__test__/memories', headers: asT })).json()).toEqual([]);
  });
});

describe('startServer', () => {
  it('persists memories across a close and a restart on the same data dir and port, in WAL mode', async () => {
    const dataDir = tempDir();
    const first = await startServer({ dataDir, port: 0 });
    cleanups.push(first.close);
    expect(first.url).toBe(`http://127.0.0.1:${first.port}/api`);
    const created = await fetch(`${first.url}/memories`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'survives a restart', namespace: 'durable' }),
    });
    expect(created.status).toBe(201);
    const memory = memorySchema().parse(await created.json());
    // A keep-alive connection left open must not stop the close.
    await first.close();
    await expect(fetch(`${first.url}/health`)).rejects.toThrow();

    const second = await startServer({ dataDir, port: first.port });
    cleanups.push(second.close);
    expect(second.port).toBe(first.port);
    const listed = z.array(memorySchema()).parse(await (await fetch(`${second.url}/memories`)).json());
    expect(listed).toEqual([memory]);
    const namespaces = namespaceListSchema().parse(await (await fetch(`${second.url}/namespaces`)).json());
    expect(namespaces.map((namespace) => namespace.name)).toEqual(['default', 'durable']);
    await second.close();

    const db = new Database(join(dataDir, 'mnueron.db'), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('answers the documented 413 over a real socket for a multi-MB body', async () => {
    const server = await startServer({ port: 0 });
    cleanups.push(server.close);
    const response = await fetch(`${server.url}/memories`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'x'.repeat(5_000_000) }),
    });
    expect(response.status).toBe(413);
    expect(apiErrorSchema().parse(await response.json())).toMatchObject({
      error: 'memory_too_large',
      max_bytes: MAX_CONTENT_BYTES,
      received_bytes: 5_000_000,
    });
  });
});
