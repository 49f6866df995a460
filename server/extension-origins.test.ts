/**
 * Only this extension may call the local server: an extension Origin is served when it is pinned
 * (MNUERON_EXTENSION_IDS) or configured (`allowedExtensionOrigins`, `--allow-extension`), or when `anyExtension` is
 * set explicitly. Requests without an Origin (curl, Node) are served as before; web pages never are.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, type ServerOptions } from './app';
import { DEFAULT_EXTENSION_ORIGINS, MNUERON_EXTENSION_IDS } from './options';

const OURS = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const FIREFOX = 'moz-extension://0b8c41aa-1234-4f00-9abc-0123456789ab';
const OTHER = 'chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba';

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

function post(app: App, origin?: string) {
  return app.inject({
    method: 'POST',
    url: '/api/memories',
    headers: { 'content-type': 'application/json', ...(origin !== undefined && { origin }) },
    payload: JSON.stringify({ content: 'x' }),
  });
}

function preflight(app: App, origin: string) {
  return app.inject({
    method: 'OPTIONS',
    url: '/api/memories',
    headers: { origin, 'access-control-request-method': 'POST' },
  });
}

describe('extension origin allowlist', () => {
  it('derives the default origins from the pinned ids', () => {
    expect(DEFAULT_EXTENSION_ORIGINS).toEqual(MNUERON_EXTENSION_IDS.map((id) => `chrome-extension://${id}`));
  });

  it('by default serves no extension origin beyond the pinned ones, and still serves requests without Origin', async () => {
    const { app, control } = setup();
    for (const origin of [OURS, FIREFOX, OTHER].filter((o) => !DEFAULT_EXTENSION_ORIGINS.includes(o))) {
      const response = await post(app, origin);
      expect(response.statusCode, origin).toBe(403);
      expect(response.json().error).toBe('forbidden_origin');
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      const options = await preflight(app, origin);
      expect(options.statusCode).toBe(403);
      expect(Object.keys(options.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
    }
    expect((await post(app)).statusCode).toBe(201);
    expect(control.memories()).toHaveLength(1);
  });

  it('serves exactly the configured extension origins, with CORS headers', async () => {
    const { app, control } = setup({ allowedExtensionOrigins: [OURS, FIREFOX.toUpperCase()] });
    for (const origin of [OURS, FIREFOX]) {
      const response = await post(app, origin);
      expect(response.statusCode, origin).toBe(201);
      expect(response.headers['access-control-allow-origin']).toBe(origin);
      expect((await preflight(app, origin)).statusCode).toBe(204);
    }
    expect((await post(app, OTHER)).statusCode).toBe(403);
    expect((await post(app, 'https://evil.example')).statusCode).toBe(403);
    expect(control.memories()).toHaveLength(2);
  });

  it('serves any extension origin only when anyExtension is set explicitly', async () => {
    const { app } = setup({ anyExtension: true });
    for (const origin of [OURS, FIREFOX, OTHER]) expect((await post(app, origin)).statusCode, origin).toBe(201);
    expect((await post(app, 'https://evil.example')).statusCode).toBe(403);
  });

  it('can be changed at run time through control.setOptions', async () => {
    const { app, control } = setup();
    expect((await post(app, OURS)).statusCode).toBe(403);
    control.setOptions({ allowedExtensionOrigins: [OURS] });
    expect((await post(app, OURS)).statusCode).toBe(201);
    control.setOptions({ anyExtension: true });
    expect((await post(app, OTHER)).statusCode).toBe(201);
  });

  it('guards the test hooks too', async () => {
    const { app } = setup({ testHooks: true, allowedExtensionOrigins: [OURS] });
    const refused = await app.inject({ method: 'GET', url: '/__test__/requests', headers: { origin: OTHER } });
    expect(refused.statusCode).toBe(403);
    const served = await app.inject({ method: 'GET', url: '/__test__/requests', headers: { origin: OURS } });
    expect(served.statusCode).toBe(200);
  });

  it('refuses a malformed allowlist entry at start', () => {
    expect(() => buildApp({ allowedExtensionOrigins: ['https://example.com'] })).toThrow(/allowedExtensionOrigins/);
  });
});
