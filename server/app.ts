/**
 * The Mnueron-compatible local API: the embedded default for `npm start` and the real server behind every e2e test.
 * It speaks the hosted API's contract (or, with the real-local profile, what the real local server does), can be
 * told to behave like the cloud (tokens, quotas, rate limits) and to misbehave on purpose (faults), so the
 * extension's outbox can be tested against every reply class.
 *
 * buildApp composes the plugins in server/plugins/, in the order their hooks run on a request: request log, guards
 * and CORS, auth, faults, rate limit; then the routes (health and namespaces, the profile's memory routes, the test
 * hooks). This file keeps what is the whole app's: body parsing, the error and not-found replies, and listening.
 */
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import { readFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { MAX_CONTENT_BYTES } from '../src/shared/api-limits';
import type { Memory } from '../src/shared/api-schema';
import { redactSecrets } from '../src/shared/redact';
import { MemoryStore } from './db';
import { DEFAULT_EXTENSION_ORIGINS } from './options';
import { WriteRateLimiter, normalizeExtensionOrigin, isLoopbackBindAddress } from './guards';
import { REAL_LOCAL_ERRORS } from './real-local';
import { MAX_JSON_DEPTH, exceedsJsonDepth, type Redactor } from './validation';
import { authPlugin, rateLimitPlugin } from './plugins/auth';
import { guardsPlugin } from './plugins/guards';
import { healthRoutes } from './plugins/health';
import { cloudMemoryRoutes, realLocalMemoryRoutes } from './plugins/memories';
import { pathOf, type RuntimeSettings } from './plugins/shared';
import { faultsPlugin, requestLogPlugin, testHooksPlugin, type Fault, type RecordedRequest } from './plugins/testing';

export type { Fault, RecordedRequest } from './plugins/testing';

/**
 * `cloud`: the hosted API's contract (strict validation, 413, quotas, idempotency). `real-local`: what the real
 * Mnueron local server does (see real-local.ts).
 */
export type ServerProfile = 'cloud' | 'real-local';

export type ServerOptions = {
  /** Which server to behave like; default `cloud`. Quota and idempotency do not apply to `real-local`. */
  profile?: ServerProfile;
  /** Folder of `mnueron.db`; null/undefined → an in-memory database that is gone on close. */
  dataDir?: string | null;
  /** Accepted bearer tokens; null → no auth (local mode). */
  tokens?: string[] | null;
  /** Free-plan style caps on POST; plan defaults to "free". */
  quota?: { memories?: number | undefined; bytes?: number | undefined; plan?: string | undefined } | null;
  /** Writes (POST/PATCH/DELETE on memories) allowed per token per sliding window; null → unlimited. */
  rateLimit?: { max: number; windowMs: number } | null;
  /** A repeated `metadata.idempotency_key` returns the first memory (200) instead of a duplicate. Default true. */
  idempotency?: boolean;
  /**
   * Serve the /__test__ control routes over HTTP (benchmarks drive an out-of-process server this way). They sit
   * behind the same origin and token checks as the API, and cannot change the tokens.
   */
  testHooks?: boolean;
  /** A throwaway server for tests: implies testHooks, and lets /__test__/options change (or drop) the tokens. */
  testMode?: boolean;
  /** Refuse Host headers that are not loopback names or `allowedHosts` (DNS rebinding). Default true. */
  hostGuard?: boolean;
  /**
   * Extension origins served besides the pinned ones (DEFAULT_EXTENSION_ORIGINS): `chrome-extension://<id>`,
   * `moz-extension://<uuid>`. Other extensions' requests get 403 `forbidden_origin`.
   */
  allowedExtensionOrigins?: string[];
  /** Serve every extension origin (test harnesses loading an unpinned build). Default false. */
  anyExtension?: boolean;
  /** Host names accepted besides loopback ones; startServer adds the machine's own when bound beyond loopback. */
  allowedHosts?: string[];
  /** Replaces the shared secret redaction (tests of the stamping logic). */
  redact?: Redactor;
};

export type ServerControl = {
  /** Every request, in arrival order (the /__test__ routes excepted). */
  requests: RecordedRequest[];
  /** Consumed in order before normal handling; push to add. */
  faults: Fault[];
  /** Changes tokens, quota, rateLimit, idempotency or the extension origins at run time. */
  /** Each given option replaces the current one; an option given as undefined goes back to its default. */
  setOptions(patch: { [K in keyof ServerOptions]?: ServerOptions[K] | undefined }): void;
  /** Everything stored, oldest first. */
  memories(): Memory[];
  /** Clears memories, namespaces, requests, faults and rate-limit state; options stay. */
  reset(): void;
};

/** Far above any real capture, so bodies of a few MB reach the 256 KB content check and get its documented 413. */
export const BODY_LIMIT_BYTES = 32 * 1024 * 1024;
const INVALID_JSON_CODE = 'MNUERON_INVALID_JSON';

const SERVER_VERSION = (() => {
  try {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version?: unknown;
    };
    return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
})();

/** The pinned origins plus `configured`, canonical; throws on a value that is not an extension origin. */
function extensionOriginSet(configured: string[] | undefined): Set<string> {
  const origins = [...DEFAULT_EXTENSION_ORIGINS, ...(configured ?? [])].map((value) => {
    const origin = normalizeExtensionOrigin(value);
    if (origin === null) {
      throw new TypeError(
        `allowedExtensionOrigins: "${value}" is not a chrome-extension:// or moz-extension:// origin.`,
      );
    }
    return origin;
  });
  return new Set(origins);
}

export function buildApp(options: ServerOptions = {}): {
  app: FastifyInstance;
  control: ServerControl;
  close(): Promise<void>;
} {
  const profile = options.profile ?? 'cloud';
  const realLocal = profile === 'real-local';
  const store = new MemoryStore(options.dataDir);
  const redact = options.redact ?? redactSecrets;
  const testMode = options.testMode ?? false;
  const settings: RuntimeSettings = {
    tokens: options.tokens ?? null,
    quota: options.quota ?? null,
    rateLimit: options.rateLimit ?? null,
    idempotency: options.idempotency ?? true,
    anyExtension: options.anyExtension ?? false,
    extensionOrigins: extensionOriginSet(options.allowedExtensionOrigins),
  };
  const limiter = new WriteRateLimiter();
  const requests: RecordedRequest[] = [];
  const faults: Fault[] = [];

  const control: ServerControl = {
    requests,
    faults,
    setOptions(patch) {
      if ('tokens' in patch) settings.tokens = patch.tokens ?? null;
      if ('quota' in patch) settings.quota = patch.quota ?? null;
      if ('rateLimit' in patch) settings.rateLimit = patch.rateLimit ?? null;
      if ('idempotency' in patch) settings.idempotency = patch.idempotency ?? true;
      if ('anyExtension' in patch) settings.anyExtension = patch.anyExtension ?? false;
      if ('allowedExtensionOrigins' in patch) {
        settings.extensionOrigins = extensionOriginSet(patch.allowedExtensionOrigins);
      }
    },
    memories: () => store.all(),
    reset() {
      store.clear();
      requests.length = 0;
      faults.length = 0;
      limiter.clear();
    },
  };

  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT_BYTES,
    // Closing must drop keep-alive sockets too: tests stop the server to simulate an outage and restart on the port.
    forceCloseConnections: true,
    routerOptions: { ignoreTrailingSlash: true },
    // Errors the router raises before any hook (a malformed URL, say) still get the JSON error shape.
    frameworkErrors: (error, _request, reply) => {
      void (reply as FastifyReply).code(400).send({ error: 'bad_request', message: error.message });
    },
  });

  // Any content type is read as JSON: curl without -H still works, and web pages are refused by Origin anyway.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    try {
      if (exceedsJsonDepth(body as string, MAX_JSON_DEPTH)) throw new Error('too deep');
      done(null, JSON.parse(body as string));
    } catch {
      done(
        Object.assign(new Error('The request body is not valid JSON.'), { statusCode: 400, code: INVALID_JSON_CODE }),
      );
    }
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const declared = Number(request.headers['content-length']);
      return reply.code(413).send({
        error: 'memory_too_large',
        message: `The request body is larger than ${BODY_LIMIT_BYTES} bytes; memory content is limited to 256 KB.`,
        max_bytes: MAX_CONTENT_BYTES,
        received_bytes: Number.isFinite(declared) ? declared : BODY_LIMIT_BYTES,
      });
    }
    if (error.code === INVALID_JSON_CODE) {
      if (realLocal) return reply.code(400).send({ error: REAL_LOCAL_ERRORS.invalidJson });
      return reply.code(400).send({ error: 'invalid json', message: error.message });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send({ error: 'bad_request', message: error.message });
    }
    // The details go to the server's console, never into a reply.
    console.error(`${request.method} ${pathOf(request.url)} failed:`, error);
    if (realLocal) return reply.code(500).send({ error: 'internal error' });
    return reply.code(500).send({ error: 'internal_error', message: 'The server failed to handle this request.' });
  });

  app.setNotFoundHandler((request, reply) => {
    if (realLocal) return reply.code(404).send({ error: REAL_LOCAL_ERRORS.notFound });
    return reply.code(404).send({ error: 'not_found', message: `No route ${request.method} ${pathOf(request.url)}.` });
  });

  app.addHook('onClose', async () => store.close());

  // Hooks, in the order they run. Test hooks and faults come after the origin and token checks: a test tool holds
  // a token like any client.
  void app.register(requestLogPlugin, { requests });
  void app.register(guardsPlugin, {
    settings,
    hostGuard: options.hostGuard ?? true,
    allowedHosts: new Set((options.allowedHosts ?? []).map((name) => name.toLowerCase())),
  });
  void app.register(authPlugin, { settings });
  void app.register(faultsPlugin, { faults });
  void app.register(rateLimitPlugin, { settings, limiter });
  // Routes.
  void app.register(healthRoutes, { store, profile, version: SERVER_VERSION });
  void app.register(realLocal ? realLocalMemoryRoutes : cloudMemoryRoutes, { store, redact, settings });
  if (options.testHooks || testMode) void app.register(testHooksPlugin, { control, testMode });

  let closing: Promise<void> | null = null;
  return {
    app,
    control,
    close: () => (closing ??= app.close()),
  };
}

/**
 * Listens (port 0 → a free port). `url` is the base URL a local client connects to (ending in /api); `listenUrls`
 * says where the server really listens: the bound address first, then, for a wildcard bind, the machine's own
 * addresses other machines can use. Binding beyond loopback requires a token, and keeps the Host guard with the
 * machine's own names added to it.
 */
export async function startServer(options: ServerOptions & { host?: string; port?: number } = {}): Promise<{
  url: string;
  listenUrls: string[];
  port: number;
  control: ServerControl;
  close(): Promise<void>;
}> {
  const host = options.host ?? '127.0.0.1';
  const loopback = isLoopbackBindAddress(host);
  if (!loopback && !(options.tokens && options.tokens.length > 0)) {
    throw new Error(
      `Listening on ${host} makes the server reachable from other machines; it needs a token (--require-token).`,
    );
  }
  const allowedHosts = [...(options.allowedHosts ?? []), ...(loopback ? [] : ownHostNames(host))];
  const built = buildApp({ ...options, allowedHosts });
  try {
    await built.app.listen({ host, port: options.port ?? 3122 });
  } catch (error) {
    await built.close();
    throw error;
  }
  const address = built.app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 3122);
  const url = `http://${urlHostFor(host)}:${port}/api`;
  const listenUrls = [
    `http://${bracketed(host)}:${port}/api`,
    ...(isWildcard(host) ? [url, ...externalAddresses().map((name) => `http://${bracketed(name)}:${port}/api`)] : []),
  ];
  return { url, listenUrls: [...new Set(listenUrls)], port, control: built.control, close: built.close };
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

function bracketed(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** The non-internal addresses of this machine's interfaces, IPv4 first. */
function externalAddresses(): string[] {
  const infos = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
  // Link-local IPv6 addresses are useless in a URL without their zone.
  const external = infos.filter((info) => !info.internal && !/^fe80:/i.test(info.address));
  return [
    ...external.filter((info) => info.family === 'IPv4').map((info) => info.address),
    ...external.filter((info) => info.family === 'IPv6').map((info) => info.address),
  ];
}

/** Host names a client on the network may use for a server bound to `host`. */
function ownHostNames(host: string): string[] {
  const name = host.startsWith('[') ? host.slice(1, -1) : host;
  if (!isWildcard(host)) return [name];
  const machine = hostname().toLowerCase();
  return [...externalAddresses(), machine, `${machine}.local`];
}

/** A host a client can connect to: wildcard binds are reached over loopback, IPv6 literals need brackets. */
function urlHostFor(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '[::1]';
  return bracketed(host);
}
