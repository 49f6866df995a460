/**
 * Each plugin of server/plugins/ registered alone on a bare Fastify instance, next to a stand-in route: its hooks
 * must reach routes registered beside it (not only its own), and it must need nothing but its options.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore } from './db';
import { WriteRateLimiter } from './guards';
import { DEFAULT_EXTENSION_ORIGINS } from './options';
import { authPlugin, rateLimitPlugin } from './plugins/auth';
import { guardsPlugin } from './plugins/guards';
import { healthRoutes } from './plugins/health';
import { cloudMemoryRoutes, realLocalMemoryRoutes } from './plugins/memories';
import { faultsPlugin, requestLogPlugin, type Fault, type RecordedRequest } from './plugins/testing';

const OURS = DEFAULT_EXTENSION_ORIGINS[0] as string;
const FOREIGN = 'chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

/** A bare app whose only route besides the plugin's is a stand-in for the memory routes. */
function bare(register: (app: FastifyInstance) => void): FastifyInstance {
  const app = Fastify({ logger: false });
  apps.push(app);
  register(app);
  app.post('/api/memories', async (_request, reply) => reply.code(201).send({ stub: true }));
  app.get('/api/health', async () => ({ ok: true }));
  return app;
}

const post = (app: FastifyInstance, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/api/memories', headers, payload: {} });

describe('guardsPlugin alone', () => {
  const settings = { extensionOrigins: new Set(DEFAULT_EXTENSION_ORIGINS), anyExtension: false };
  const withGuards = () =>
    bare((app) => void app.register(guardsPlugin, { settings, hostGuard: true, allowedHosts: new Set(['nas.lan']) }));

  it('refuses a foreign extension and a web page without any memory route behind it', async () => {
    const app = withGuards();
    const foreign = await post(app, { origin: FOREIGN });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json()).toMatchObject({ error: 'forbidden_origin' });
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    const page = await post(app, { origin: 'https://evil.example' });
    expect(page.statusCode).toBe(403);
    expect(page.json()).toMatchObject({ error: 'forbidden_origin' });
  });

  it('serves the pinned extension with CORS headers and answers its preflight', async () => {
    const app = withGuards();
    const ours = await post(app, { origin: OURS });
    expect(ours.statusCode).toBe(201);
    expect(ours.headers['access-control-allow-origin']).toBe(OURS);
    expect(ours.headers['x-content-type-options']).toBe('nosniff');
    const preflight = await app.inject({ method: 'OPTIONS', url: '/api/memories', headers: { origin: OURS } });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-methods']).toContain('PATCH');
  });

  it('refuses a Host that is not loopback or allowed', async () => {
    const app = withGuards();
    expect((await post(app, { host: 'evil.example' })).json()).toMatchObject({ error: 'forbidden_host' });
    expect((await post(app, { host: 'nas.lan:3122' })).statusCode).toBe(201);
  });
});

describe('authPlugin and rateLimitPlugin alone', () => {
  it('asks for a token on /api/* but not on health, and reads the tokens per request', async () => {
    const settings: { tokens: string[] | null } = { tokens: ['secret'] };
    const app = bare((app) => void app.register(authPlugin, { settings }));
    expect((await post(app)).statusCode).toBe(401);
    expect((await post(app, { authorization: 'Bearer wrong' })).statusCode).toBe(401);
    expect((await post(app, { authorization: 'Bearer secret' })).statusCode).toBe(201);
    expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    settings.tokens = null;
    expect((await post(app)).statusCode).toBe(201);
  });

  it('limits memory writes per token with Retry-After', async () => {
    const settings = { rateLimit: { max: 2, windowMs: 60_000 } };
    const app = bare((app) => void app.register(rateLimitPlugin, { settings, limiter: new WriteRateLimiter() }));
    expect((await post(app)).statusCode).toBe(201);
    expect((await post(app)).statusCode).toBe(201);
    const limited = await post(app);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await post(app, { authorization: 'Bearer other' })).statusCode).toBe(201);
  });
});

describe('requestLogPlugin and faultsPlugin alone', () => {
  it('answers with a scripted fault, then lets requests through, and logs each with its status', async () => {
    const requests: RecordedRequest[] = [];
    const faults: Fault[] = [{ status: 503, times: 1, pathPrefix: '/api/memories' }];
    const app = bare((app) => {
      void app.register(requestLogPlugin, { requests });
      void app.register(faultsPlugin, { faults });
    });
    const faulted = await post(app);
    expect(faulted.statusCode).toBe(503);
    expect(faulted.json()).toMatchObject({ error: 'fault_injected' });
    expect(faults).toEqual([]);
    expect((await post(app, { authorization: 'Bearer t' })).statusCode).toBe(201);
    expect(requests.map(({ path, status, authorization }) => ({ path, status, authorization }))).toEqual([
      { path: '/api/memories', status: 503, authorization: 'none' },
      { path: '/api/memories', status: 201, authorization: 'bearer' },
    ]);
  });
});

describe('memory and health routes alone', () => {
  const settings = { idempotency: true, quota: null };
  const routesApp = (plugin: typeof cloudMemoryRoutes, profile: 'cloud' | 'real-local') => {
    const store = new MemoryStore(null);
    const app = Fastify({ logger: false });
    apps.push(app);
    app.addHook('onClose', async () => store.close());
    void app.register(plugin, { store, redact: (text) => ({ text, count: 0, kinds: [] }), settings });
    void app.register(healthRoutes, { store, profile, version: '9.9.9' });
    return app;
  };

  it('cloud: stores, de-duplicates by idempotency key and deletes with 204', async () => {
    const app = routesApp(cloudMemoryRoutes, 'cloud');
    const body = { content: 'hello', metadata: { idempotency_key: 'k1' } };
    const first = await app.inject({ method: 'POST', url: '/api/memories', payload: body });
    expect(first.statusCode).toBe(201);
    expect((await app.inject({ method: 'POST', url: '/api/memories', payload: body })).statusCode).toBe(200);
    const id = (first.json() as { id: string }).id;
    expect((await app.inject({ method: 'DELETE', url: `/api/memories/${id}` })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/health' })).json()).toEqual({
      ok: true,
      version: '9.9.9',
      mode: 'local',
    });
  });

  it('real-local: no de-duplication, DELETE answers { deleted }, health is { ok }', async () => {
    const app = routesApp(realLocalMemoryRoutes, 'real-local');
    const body = { content: 'hello', metadata: { idempotency_key: 'k1' } };
    expect((await app.inject({ method: 'POST', url: '/api/memories', payload: body })).statusCode).toBe(201);
    expect((await app.inject({ method: 'POST', url: '/api/memories', payload: body })).statusCode).toBe(201);
    expect((await app.inject({ method: 'GET', url: '/api/memories' })).json()).toHaveLength(2);
    const missing = await app.inject({ method: 'DELETE', url: '/api/memories/nope' });
    expect([missing.statusCode, missing.json()]).toEqual([404, { deleted: false }]);
    expect((await app.inject({ method: 'GET', url: '/api/health' })).json()).toEqual({ ok: true });
  });
});
