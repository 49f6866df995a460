/**
 * The local server holds a person's memories: test hooks sit behind the same checks as the API, a server reachable
 * from other machines needs a token and keeps its Host guard, bodies and queries are bounded, and the files on disk
 * are readable by their owner only.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, startServer, type ServerOptions, type ServerProfile } from './app';
import { MAX_METADATA_BYTES, MAX_TAG_CHARS, MAX_TAGS } from './validation';

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setup(options: ServerOptions = {}) {
  const built = buildApp(options);
  cleanups.push(built.close);
  return built;
}

type App = ReturnType<typeof setup>['app'];

function send(app: App, method: 'POST' | 'PATCH', url: string, body: unknown, headers: Record<string, string> = {}) {
  return app.inject({
    method,
    url,
    headers: { 'content-type': 'application/json', ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('test hooks', () => {
  const TOKEN = { authorization: 'Bearer tok' };

  it('answer only after the origin and token checks', async () => {
    const { app } = setup({ tokens: ['tok'], testHooks: true });
    for (const url of ['/__test__/requests', '/__test__/memories']) {
      expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(401);
      const web = await app.inject({ method: 'GET', url, headers: { ...TOKEN, origin: 'https://evil.example' } });
      expect(web.statusCode, url).toBe(403);
      expect((await app.inject({ method: 'GET', url, headers: TOKEN })).statusCode, url).toBe(200);
    }
    expect((await send(app, 'POST', '/__test__/reset', {})).statusCode).toBe(401);
    expect((await send(app, 'POST', '/__test__/faults', { status: 500 })).statusCode).toBe(401);
    expect((await send(app, 'POST', '/__test__/options', { tokens: null })).statusCode).toBe(401);
    expect((await send(app, 'POST', '/api/memories', { content: 'x' })).statusCode).toBe(401);
  });

  it('cannot change the tokens (switch auth off) unless the server was started in test mode', async () => {
    const { app } = setup({ tokens: ['tok'], testHooks: true });
    const off = await send(app, 'POST', '/__test__/options', { tokens: null }, TOKEN);
    expect(off.statusCode).toBe(403);
    expect(off.json().error).toBe('forbidden');
    expect((await send(app, 'POST', '/__test__/options', { tokens: ['mine'] }, TOKEN)).statusCode).toBe(403);
    expect((await send(app, 'POST', '/api/memories', { content: 'x' })).statusCode).toBe(401);
    // Other options stay available to tools.
    expect((await send(app, 'POST', '/__test__/options', { idempotency: false }, TOKEN)).statusCode).toBe(200);

    const testMode = setup({ tokens: ['tok'], testMode: true });
    expect((await send(testMode.app, 'POST', '/__test__/options', { tokens: null }, TOKEN)).statusCode).toBe(200);
    expect((await send(testMode.app, 'POST', '/api/memories', { content: 'x' })).statusCode).toBe(201);
  });

  it('injects faults only into requests that passed the token check', async () => {
    const { app, control } = setup({ tokens: ['tok'] });
    control.faults.push({ status: 503, times: 1 });
    expect((await send(app, 'POST', '/api/memories', { content: 'x' })).statusCode).toBe(401);
    expect((await send(app, 'POST', '/api/memories', { content: 'x' }, TOKEN)).statusCode).toBe(503);
  });
});

describe('binding beyond loopback', () => {
  it('refuses to start on a non-loopback address without a token', async () => {
    await expect(startServer({ host: '0.0.0.0', port: 0 })).rejects.toThrow(/token/);
  });

  it('keeps the Host guard, accepting the machine’s own addresses, and reports where it listens', async () => {
    const server = await startServer({ host: '0.0.0.0', port: 0, tokens: ['tok'] });
    cleanups.push(server.close);
    expect(server.listenUrls[0]).toBe(`http://0.0.0.0:${server.port}/api`);
    const ownAddresses = Object.values(networkInterfaces())
      .flat()
      .filter((info) => info !== undefined && info.family === 'IPv4' && !info.internal)
      .map((info) => info!.address);
    for (const address of ownAddresses) expect(server.listenUrls).toContain(`http://${address}:${server.port}/api`);

    const health = (host: string) =>
      fetch(`${server.url}/health`, { headers: { host } }).then((response) => response.status);
    // fetch does not let a script set Host, so check the guard through the app directly as well.
    expect(await health('127.0.0.1')).toBe(200);
    const built = setup({ tokens: ['tok'], allowedHosts: ownAddresses });
    const inject = (host: string) => built.app.inject({ method: 'GET', url: '/api/health', headers: { host } });
    expect((await inject('evil.example:3122')).statusCode).toBe(403);
    for (const address of ownAddresses) expect((await inject(`${address}:3122`)).statusCode).toBe(200);
  });
});

describe.each<ServerProfile>(['cloud', 'real-local'])('bounds (%s profile)', (profile) => {
  const errorOf = (response: { json(): { error: string } }) => response.json().error;

  it('refuses metadata over 16 KB serialized with 400, on POST and PATCH', async () => {
    expect(MAX_METADATA_BYTES).toBe(16 * 1024);
    const { app, control } = setup({ profile });
    const atLimit = { note: 'x'.repeat(MAX_METADATA_BYTES - '{"note":""}'.length) };
    expect(JSON.stringify(atLimit).length).toBe(MAX_METADATA_BYTES);
    const created = await send(app, 'POST', '/api/memories', { content: 'x', metadata: atLimit });
    expect(created.statusCode).toBe(201);

    const over = { note: `${atLimit.note}y` };
    const refused = await send(app, 'POST', '/api/memories', { content: 'x', metadata: over });
    expect(refused.statusCode).toBe(400);
    expect(errorOf(refused)).toMatch(/invalid_request|metadata/);
    const thirtyMegabytes = await send(app, 'POST', '/api/memories', {
      content: 'x',
      metadata: { big: 'x'.repeat(30 * 1024 * 1024) },
    });
    expect(thirtyMegabytes.statusCode).toBe(400);

    const patched = await send(app, 'PATCH', `/api/memories/${created.json().id}`, { metadata: over });
    expect(patched.statusCode).toBe(400);
    expect(control.memories()).toHaveLength(1);
  });

  it('refuses more than 50 tags, or a tag over 100 characters, with 400', async () => {
    expect([MAX_TAGS, MAX_TAG_CHARS]).toEqual([50, 100]);
    const { app, control } = setup({ profile });
    const fifty = Array.from({ length: MAX_TAGS }, (_, i) => `t${i}`);
    const created = await send(app, 'POST', '/api/memories', { content: 'x', tags: fifty });
    expect(created.statusCode).toBe(201);
    expect((await send(app, 'POST', '/api/memories', { content: 'x', tags: [...fifty, 'one-more'] })).statusCode).toBe(
      400,
    );
    expect((await send(app, 'POST', '/api/memories', { content: 'x', tags: ['a'.repeat(100)] })).statusCode).toBe(201);
    expect((await send(app, 'POST', '/api/memories', { content: 'x', tags: ['a'.repeat(101)] })).statusCode).toBe(400);
    const patched = await send(app, 'PATCH', `/api/memories/${created.json().id}`, { tags: ['b'.repeat(101)] });
    expect(patched.statusCode).toBe(400);
    expect(control.memories()).toHaveLength(2);
  });

  it('answers a very deep JSON body with 400, not 500', async () => {
    const { app, control } = setup({ profile });
    const depth = 1_000_000;
    const deepMetadata = `{"content":"x","metadata":{"a":${'['.repeat(depth)}${']'.repeat(depth)}}}`;
    const deepRoot = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    for (const body of [
      deepMetadata,
      deepRoot,
      `{"content":"x","metadata":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`,
    ]) {
      const response = await send(app, 'POST', '/api/memories', body);
      expect(response.statusCode).toBe(400);
    }
    // Brackets inside strings are text, not nesting.
    const bracketsInText = await send(app, 'POST', '/api/memories', { content: '['.repeat(10_000) });
    expect(bracketsInText.statusCode).toBe(201);
    expect(control.memories().length).toBeGreaterThan(0);
  });

  it('answers a huge offset or limit with 400, not 500', async () => {
    const { app } = setup({ profile });
    for (const query of ['?offset=99999999999999999999', '?offset=9223372036854775808', '?offset=9007199254740993']) {
      const response = await app.inject({ method: 'GET', url: `/api/memories${query}` });
      expect(response.statusCode, query).toBe(400);
    }
    const largest = await app.inject({ method: 'GET', url: '/api/memories?offset=9007199254740991' });
    expect(largest.statusCode).toBe(200);
    expect(largest.json()).toEqual([]);
  });
});

describe('files on disk', () => {
  it('creates the data directory 0700 and the database 0600', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'mnueron-perm-test-'));
    cleanups.push(() => rmSync(parent, { recursive: true, force: true }));
    const dataDir = join(parent, 'nested', 'data');
    const server = await startServer({ dataDir, port: 0 });
    cleanups.push(server.close);
    await fetch(`${server.url}/memories`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'private' }),
    });
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    for (const file of ['mnueron.db', 'mnueron.db-wal', 'mnueron.db-shm']) {
      expect(statSync(join(dataDir, file)).mode & 0o777, file).toBe(0o600);
    }
  });
});
