/** Every endpoint's path and reply shape, built and parsed in one place (api/memories.ts). */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  checkAccess,
  createMemory,
  deleteMemory,
  listMemories,
  listMemoriesWithKey,
  listNamespaces,
  patchMemory,
  probe,
  searchMemories,
} from './memories';
import type { ApiTarget } from './client';

const API = 'http://127.0.0.1:3122/api';
const TARGET: ApiTarget = { apiUrl: API, token: null };
type Call = { method: string; url: string; body: unknown };
let calls: Call[] = [];
let answer: (call: Call) => Response | Promise<Response>;

const memory = (id: string) => ({
  id,
  content: 'c',
  namespace: 'default',
  tags: [],
  metadata: {},
  created_at: 1,
  updated_at: 1,
});

beforeEach(() => {
  calls = [];
  answer = () => Response.json([]);
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string | URL | Request, init: RequestInit = {}) => {
      const call = {
        method: init.method ?? 'GET',
        url: String(input),
        body: init.body === undefined ? undefined : (JSON.parse(String(init.body)) as unknown),
      };
      calls.push(call);
      return answer(call);
    }),
  );
});

afterEach(() => vi.unstubAllGlobals());

describe('listNamespaces', () => {
  it('reads the cloud shape (entries with a name, plain or keyed)', async () => {
    answer = () => Response.json([{ name: 'work', count: 2 }, { name: 'default' }]);
    expect(await listNamespaces(TARGET)).toEqual({ kind: 'ok', names: ['work', 'default'] });
    answer = () => Response.json({ namespaces: [{ name: 'keyed' }] });
    expect(await listNamespaces(TARGET)).toEqual({ kind: 'ok', names: ['keyed'] });
    expect(calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      `GET ${API}/namespaces`,
      `GET ${API}/namespaces`,
    ]);
  });

  it("reads the real local server's plain array of names, newest first", async () => {
    answer = () => Response.json(['recent', 'older']);
    expect(await listNamespaces(TARGET)).toEqual({ kind: 'ok', names: ['recent', 'older'] });
  });

  it('anything else is a failure, with the outcome', async () => {
    answer = () => Response.json({ nope: true });
    expect(await listNamespaces(TARGET)).toMatchObject({ kind: 'failed', outcome: { kind: 'ok' } });
    answer = () => Response.json({ error: 'unauthorized' }, { status: 401 });
    expect(await listNamespaces(TARGET)).toMatchObject({ kind: 'failed', outcome: { kind: 'http', status: 401 } });
  });
});

describe('writes', () => {
  it('createMemory POSTs the body to /memories and parses the created memory', async () => {
    answer = () => Response.json(memory('mem-1'), { status: 201 });
    const body = { content: 'c', metadata: { idempotency_key: 'k' } };
    const result = await createMemory(TARGET, body);
    expect(result.memory).toMatchObject({ id: 'mem-1' });
    expect(result.outcome).toMatchObject({ kind: 'ok', status: 201 });
    expect(calls).toEqual([{ method: 'POST', url: `${API}/memories`, body }]);
  });

  it('createMemory: a 2xx that is not a memory (or an id no server would mint) has no memory', async () => {
    answer = () => Response.json({ ok: true }, { status: 201 });
    expect((await createMemory(TARGET, { content: 'c', metadata: {} })).memory).toBeNull();
    answer = () => Response.json(memory('x'.repeat(201)), { status: 201 });
    expect((await createMemory(TARGET, { content: 'c', metadata: {} })).memory).toBeNull();
  });

  it('patchMemory PATCHes only the fields given, under the escaped id', async () => {
    answer = () => Response.json(memory('a/b'));
    await patchMemory(TARGET, 'a/b', { content: 'new', tags: ['t'] });
    expect(calls).toEqual([{ method: 'PATCH', url: `${API}/memories/a%2Fb`, body: { content: 'new', tags: ['t'] } }]);
  });

  it('deleteMemory: 200, 204 and 404 are all deleted; a 500 is not', async () => {
    answer = () => Response.json({ deleted: true });
    expect((await deleteMemory(TARGET, 'm')).deleted).toBe(true);
    answer = () => new Response(null, { status: 204 });
    expect((await deleteMemory(TARGET, 'm')).deleted).toBe(true);
    answer = () => Response.json({ deleted: false }, { status: 404 });
    expect((await deleteMemory(TARGET, 'm')).deleted).toBe(true);
    answer = () => Response.json({ error: 'boom' }, { status: 500 });
    expect((await deleteMemory(TARGET, 'm')).deleted).toBe(false);
    expect(calls.every((call) => call.method === 'DELETE' && call.url === `${API}/memories/m`)).toBe(true);
  });
});

describe('reads', () => {
  it('listMemories and searchMemories build their queries here', async () => {
    answer = () => Response.json([memory('a')]);
    expect(await listMemories(TARGET, { namespace: 'work', limit: 5, offset: 10 })).toMatchObject({ kind: 'ok' });
    await searchMemories(TARGET, { q: 'x y', tags: ['a', 'b'], limit: 3 });
    expect(calls.map((call) => call.url)).toEqual([
      `${API}/memories?namespace=work&limit=5&offset=10`,
      `${API}/memories?limit=3&q=x+y&tags=a%2Cb`,
    ]);
  });

  it('listMemoriesWithKey: the same read, and only the rows with the key, parsed, newest first', async () => {
    const keyed = (id: string, key: string) => ({ ...memory(id), metadata: { idempotency_key: key } });
    // A row without the key is not looked at (not even when it is not a memory); a row with it must be one.
    const rows = [keyed('n', 'k'), { id: 7, metadata: { idempotency_key: 'other' } }, 'junk', keyed('o', 'k')];
    for (const body of [rows, { memories: rows }]) {
      answer = () => Response.json(body);
      const result = await listMemoriesWithKey(TARGET, { namespace: 'work', limit: 50 }, 'k');
      expect(result).toEqual({ kind: 'ok', memories: [keyed('n', 'k'), keyed('o', 'k')] });
    }
    expect(calls.map((call) => call.url)).toEqual([
      `${API}/memories?namespace=work&limit=50`,
      `${API}/memories?namespace=work&limit=50`,
    ]);
    answer = () => Response.json([{ ...keyed('bad', 'k'), created_at: 'yesterday' }, keyed('o', 'k')]);
    expect(await listMemoriesWithKey(TARGET, { namespace: 'work', limit: 50 }, 'k')).toMatchObject({
      kind: 'failed',
      outcome: { kind: 'ok' },
    });
    for (const body of ['<html>', { rows: [] }, null]) {
      answer = () => Response.json(body);
      expect(await listMemoriesWithKey(TARGET, { namespace: 'work', limit: 50 }, 'k')).toMatchObject({
        kind: 'failed',
      });
    }
    answer = () => Response.json({ error: 'boom' }, { status: 500 });
    expect(await listMemoriesWithKey(TARGET, { namespace: 'work', limit: 50 }, 'k')).toMatchObject({
      kind: 'failed',
      outcome: { kind: 'http', status: 500 },
    });
  });

  it('checkAccess reads one memory: ok only for a memory list', async () => {
    answer = () => Response.json({ memories: [] });
    expect(await checkAccess(TARGET)).toMatchObject({ isList: true, outcome: { kind: 'ok' } });
    answer = () => new Response('<html>', { status: 200 });
    expect(await checkAccess(TARGET)).toMatchObject({ isList: false, outcome: { kind: 'ok' } });
    expect(calls.map((call) => call.url)).toEqual([`${API}/memories?limit=1`, `${API}/memories?limit=1`]);
  });

  it('probe: any HTTP reply means reachable; no reply does not', async () => {
    answer = () => Response.json({ ok: true });
    expect(await probe(TARGET)).toBe(true);
    answer = () => Response.json({ error: 'x' }, { status: 503 });
    expect(await probe(TARGET)).toBe(true);
    answer = () => Promise.reject(new TypeError('fetch failed'));
    expect(await probe(TARGET)).toBe(false);
    expect(calls.map((call) => call.url)).toEqual([`${API}/health`, `${API}/health`, `${API}/health`]);
  });
});
