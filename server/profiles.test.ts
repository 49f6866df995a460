/**
 * What both profiles (the cloud contract and the real local server's behaviour) must do alike: list and search
 * memories, page through them, patch them, and refuse bodies and queries that would cost memory or crash a handler.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, type ServerOptions, type ServerProfile } from './app';

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const PROFILES: ServerProfile[] = ['cloud', 'real-local'];

describe.each(PROFILES)('profile %s', (profile) => {
  function setup(options: ServerOptions = {}) {
    const built = buildApp({ profile, ...options });
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

  async function contents(app: App, query: string): Promise<string[]> {
    const response = await app.inject({ method: 'GET', url: `/api/memories${query}` });
    expect(response.statusCode, query).toBe(200);
    return (response.json() as { content: string }[]).map((memory) => memory.content);
  }

  async function seed(app: App) {
    const rows: [string, string, string[]][] = [
      ['Le Café du coin', 'travel', ['food', 'paris']],
      ['cafeteria menu', 'default', ['food']],
      ['Tea house', 'travel', ['drinks']],
      ['CAFÉ au lait', 'default', ['drinks', 'food']],
    ];
    for (const [content, namespace, tags] of rows) {
      expect((await post(app, { content, namespace, tags })).statusCode).toBe(201);
    }
  }

  it('searches with q (case-insensitive), filters by namespace, and combines them', async () => {
    const { app } = setup();
    await seed(app);
    expect(await contents(app, '?q=caf%C3%A9')).toEqual(['CAFÉ au lait', 'Le Café du coin']);
    expect(await contents(app, '?namespace=travel')).toEqual(['Tea house', 'Le Café du coin']);
    expect(await contents(app, '?namespace=travel&q=tea')).toEqual(['Tea house']);
    expect(await contents(app, '?namespace=nowhere')).toEqual([]);
  });

  it('searches q over tags as well as content (case-insensitive)', async () => {
    const { app } = setup();
    await seed(app);
    expect(await contents(app, '?q=PARIS')).toEqual(['Le Café du coin']);
    expect(await contents(app, '?q=drink')).toEqual(['CAFÉ au lait', 'Tea house']);
    expect(await contents(app, '?q=drink&namespace=travel')).toEqual(['Tea house']);
  });

  it('filters by tag: every tag given must be on the memory', async () => {
    const { app } = setup();
    await seed(app);
    expect(await contents(app, '?tag=food')).toEqual(['CAFÉ au lait', 'cafeteria menu', 'Le Café du coin']);
    expect(await contents(app, '?tag=food&tag=drinks')).toEqual(['CAFÉ au lait']);
    expect(await contents(app, '?tags=food,paris')).toEqual(['Le Café du coin']);
    expect(await contents(app, '?tag=food&namespace=travel&q=caf')).toEqual(['Le Café du coin']);
    expect(await contents(app, '?tag=Food')).toEqual([]);
  });

  it('pages with limit and offset, newest first', async () => {
    const { app } = setup();
    for (let i = 0; i < 5; i++) await post(app, { content: `memory ${i}` });
    expect(await contents(app, '?limit=2')).toEqual(['memory 4', 'memory 3']);
    expect(await contents(app, '?limit=2&offset=2')).toEqual(['memory 2', 'memory 1']);
    expect(await contents(app, '?limit=2&offset=4')).toEqual(['memory 0']);
    expect(await contents(app, '?offset=5')).toEqual([]);
  });

  it('patches content, tags and namespace of one memory and keeps the others', async () => {
    const { app } = setup();
    const { id } = (await post(app, { content: 'old', tags: ['a'], namespace: 'n1' })).json();
    await post(app, { content: 'other' });
    const response = await app.inject({
      method: 'PATCH',
      url: `/api/memories/${id}`,
      payload: { content: 'new', tags: ['b'], namespace: 'n2' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id, content: 'new', tags: ['b'], namespace: 'n2' });
    expect(await contents(app, '?namespace=n2')).toEqual(['new']);
    expect(await contents(app, '?q=other')).toEqual(['other']);
  });
});
