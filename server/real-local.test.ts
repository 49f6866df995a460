/**
 * The `real-local` profile: what the real Mnueron local server does, reproduced so the extension can be tested
 * against it (chunking of long content, no de-duplication, its status codes, error strings, coercions and shapes).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_CONTENT_BYTES } from '../src/shared/api-schema';
import { buildApp, type ServerOptions } from './app';
import { CHUNK_OVERLAP_CHARS, CHUNK_SIZE_CHARS, CHUNK_THRESHOLD_CHARS, chunkContent } from './real-local';

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setup(options: ServerOptions = {}) {
  const built = buildApp({ profile: 'real-local', ...options });
  cleanups.push(built.close);
  return built;
}

type App = ReturnType<typeof setup>['app'];

function post(app: App, body: unknown) {
  return app.inject({
    method: 'POST',
    url: '/api/memories',
    headers: { 'content-type': 'application/json' },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function patch(app: App, id: string, body: unknown) {
  return app.inject({
    method: 'PATCH',
    url: `/api/memories/${id}`,
    headers: { 'content-type': 'application/json' },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Text where every position is identifiable, so overlaps can be checked exactly. */
function numberedText(length: number): string {
  let text = '';
  for (let i = 0; text.length < length; i++) text += `w${i} `;
  return text.slice(0, length);
}

describe('chunkContent', () => {
  it('keeps content up to the threshold whole', () => {
    expect(CHUNK_THRESHOLD_CHARS).toBe(6000);
    expect(chunkContent('short')).toEqual(['short']);
    const atThreshold = 'a'.repeat(CHUNK_THRESHOLD_CHARS);
    expect(chunkContent(atThreshold)).toEqual([atThreshold]);
  });

  it('splits longer content into overlapping rows of about 4,000 characters that cover it all', () => {
    const text = numberedText(17_735);
    const chunks = chunkContent(text);
    expect(chunks).toHaveLength(5);
    const step = CHUNK_SIZE_CHARS - CHUNK_OVERLAP_CHARS;
    chunks.forEach((chunk, index) => {
      expect(chunk.length).toBeLessThanOrEqual(CHUNK_SIZE_CHARS);
      expect(chunk).toBe(text.slice(index * step, index * step + CHUNK_SIZE_CHARS));
    });
    // Each row starts with the last CHUNK_OVERLAP_CHARS characters of the one before.
    for (let i = 1; i < chunks.length; i++) {
      expect(chunks[i]!.slice(0, CHUNK_OVERLAP_CHARS)).toBe(chunks[i - 1]!.slice(-CHUNK_OVERLAP_CHARS));
    }
    expect(chunks.at(-1)!.endsWith(text.slice(-10))).toBe(true);
    expect(chunkContent(numberedText(7_365))).toHaveLength(2);
    expect(chunkContent('a'.repeat(CHUNK_THRESHOLD_CHARS + 1))).toHaveLength(2);
  });

  it('never cuts an emoji in half', () => {
    const text = '🧠'.repeat(7_000);
    for (const chunk of chunkContent(text)) expect(chunk).toMatch(/^(🧠)+$/u);
  });
});

describe('real-local POST /api/memories', () => {
  it('stores long content as chunk rows sharing the idempotency key, and answers 201 with the first row only', async () => {
    const { app, control } = setup();
    const content = numberedText(17_735);
    const response = await post(app, {
      content,
      tags: ['notes'],
      source_ref: 'page:1',
      metadata: { idempotency_key: 'save-1', url: 'https://example.com/' },
    });
    expect(response.statusCode).toBe(201);
    const rows = control.memories();
    expect(rows).toHaveLength(5);
    expect(response.json()).toEqual(rows[0]);
    rows.forEach((row, index) => {
      expect(row.content).toBe(chunkContent(content)[index]);
      expect(row.tags).toEqual(['notes', 'chunk']);
      expect(row.source_ref).toBe('page:1');
      expect(row.metadata).toEqual({
        idempotency_key: 'save-1',
        url: 'https://example.com/',
        chunk_index: index + 1,
        chunk_count: 5,
      });
    });
  });

  it('keeps content up to 6,000 characters in one row without a chunk tag', async () => {
    const { app, control } = setup();
    const response = await post(app, { content: 'a'.repeat(6_000), tags: ['x'] });
    expect(response.statusCode).toBe(201);
    expect(control.memories()).toHaveLength(1);
    expect(response.json()).toMatchObject({ tags: ['x'], metadata: {} });
  });

  it('ignores metadata.idempotency_key: every POST creates a row', async () => {
    const { app, control } = setup({ idempotency: true });
    const first = await post(app, { content: 'hello', metadata: { idempotency_key: 'k' } });
    const second = await post(app, { content: 'hello', metadata: { idempotency_key: 'k' } });
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    expect(first.json().id).not.toBe(second.json().id);
    expect(control.memories()).toHaveLength(2);
  });

  it('has no 413 and no quota: 256 KB + 10 bytes is stored, past any configured quota', async () => {
    const { app, control } = setup({ quota: { memories: 0, bytes: 0 } });
    const response = await post(app, { content: 'a'.repeat(MAX_CONTENT_BYTES + 10) });
    expect(response.statusCode).toBe(201);
    expect(
      control
        .memories()
        .map((row) => row.content)
        .join('').length,
    ).toBeGreaterThan(MAX_CONTENT_BYTES + 10);
  });

  it('answers its own error strings', async () => {
    const { app, control } = setup();
    for (const body of ['{"content": "unterminated', '']) {
      const response = await post(app, body);
      expect(response.statusCode, body).toBe(400);
      expect(response.json(), body).toEqual({ error: 'invalid JSON body' });
    }
    for (const body of [{}, { content: '' }, { content: '   ' }, { content: null }, { content: 42 }, ['content']]) {
      const response = await post(app, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json()).toEqual({ error: 'content is required' });
    }
    expect(control.memories()).toHaveLength(0);
  });

  it('answers 500 to a null body', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    cleanups.push(() => consoleError.mockRestore());
    const { app, control } = setup();
    const response = await post(app, 'null');
    expect(response.statusCode).toBe(500);
    expect(typeof response.json().error).toBe('string');
    expect(control.memories()).toHaveLength(0);
  });

  it('coerces tags to strings, defaults source to "extension" and omits an absent source_ref', async () => {
    const { app } = setup();
    const response = await post(app, { content: 'x', tags: [1, null, 'a', true] });
    expect(response.statusCode).toBe(201);
    const memory = response.json();
    expect(memory).toMatchObject({ content: 'x', namespace: 'default', tags: ['1', 'null', 'a', 'true'] });
    expect(memory.source).toBe('extension');
    expect('source_ref' in memory).toBe(false);

    const listed = (await app.inject({ method: 'GET', url: '/api/memories' })).json();
    expect('source_ref' in listed[0]).toBe(false);
    const one = (await app.inject({ method: 'GET', url: `/api/memories/${memory.id}` })).json();
    expect('source_ref' in one).toBe(false);

    const withRef = (await post(app, { content: 'y', source: 'cli', source_ref: 'r-1' })).json();
    expect(withRef).toMatchObject({ source: 'cli', source_ref: 'r-1' });
  });
});

describe('real-local other routes', () => {
  it('answers GET /api/health with exactly {"ok":true}', async () => {
    const { app } = setup();
    const response = await app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ok: true });
  });

  it('answers DELETE with 200 {"deleted":true}, and 404 {"deleted":false} for an unknown id', async () => {
    const { app, control } = setup();
    const { id } = (await post(app, { content: 'bye' })).json();
    const deleted = await app.inject({ method: 'DELETE', url: `/api/memories/${id}` });
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json()).toEqual({ deleted: true });
    expect(control.memories()).toEqual([]);
    const again = await app.inject({ method: 'DELETE', url: `/api/memories/${id}` });
    expect(again.statusCode).toBe(404);
    expect(again.json()).toEqual({ deleted: false });
  });

  it('answers "not found" for an unknown id on GET and PATCH', async () => {
    const { app } = setup();
    const get = await app.inject({ method: 'GET', url: '/api/memories/nope' });
    expect(get.statusCode).toBe(404);
    expect(get.json()).toEqual({ error: 'not found' });
    const patched = await patch(app, 'nope', { content: 'x' });
    expect(patched.statusCode).toBe(404);
    expect(patched.json()).toEqual({ error: 'not found' });
  });

  it('lists namespaces as a plain array of the non-empty ones, newest first', async () => {
    const { app } = setup();
    expect((await app.inject({ method: 'GET', url: '/api/namespaces' })).json()).toEqual([]);
    await post(app, { content: 'a', namespace: 'work' });
    await post(app, { content: 'b', namespace: 'home' });
    const { id } = (await post(app, { content: 'c', namespace: 'gone' })).json();
    await app.inject({ method: 'DELETE', url: `/api/memories/${id}` });
    const response = await app.inject({ method: 'GET', url: '/api/namespaces' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(['home', 'work']);
  });

  it('merges metadata on PATCH, a null value deleting its key, and coerces tags', async () => {
    const { app } = setup();
    const { id } = (await post(app, { content: 'x', metadata: { keep: 1, drop: 2, change: 'a' } })).json();
    const response = await patch(app, id, { metadata: { drop: null, change: 'b', added: true }, tags: [7] });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      content: 'x',
      tags: ['7'],
      metadata: { keep: 1, change: 'b', added: true },
    });
    expect('drop' in response.json().metadata).toBe(false);
  });

  it('answers PATCH errors with its own strings', async () => {
    const { app } = setup();
    const { id } = (await post(app, { content: 'x' })).json();
    expect((await patch(app, id, '{nope')).json()).toEqual({ error: 'invalid JSON body' });
    const blank = await patch(app, id, { content: '' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json()).toEqual({ error: 'content is required' });
  });
});
