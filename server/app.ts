/**
 * The Mnueron-compatible local API: the embedded default for `npm start` and the real server behind every e2e test.
 * It speaks the hosted API's contract (or, with the real-local profile, what the real local server does), can be
 * told to behave like the cloud (tokens, quotas, rate limits) and to misbehave on purpose (faults), so the
 * extension's outbox can be tested against every reply class.
 */
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { z } from 'zod';
import { MAX_CONTENT_BYTES } from '../src/shared/api-limits';
import type { Memory } from '../src/shared/api-schema';
import { redactSecrets } from '../src/shared/redact';
import { MemoryStore, type ListQuery, type NewMemoryRow, type StorageUsage } from './db';
import { DEFAULT_EXTENSION_ORIGINS } from './options';
import {
  WriteRateLimiter,
  hostNameOf,
  isAllowedExtensionOrigin,
  isExtensionOrigin,
  normalizeExtensionOrigin,
  isLoopbackBindAddress,
  isLoopbackHostName,
  retryAfterSeconds,
} from './guards';
import {
  REAL_LOCAL_ERRORS,
  checkRealLocalChanges,
  checkRealLocalMemory,
  toRealLocalMemory,
  type RealLocalRejection,
} from './real-local';
import {
  MAX_JSON_DEPTH,
  checkMemoryChanges,
  checkNewMemory,
  exceedsJsonDepth,
  type Checked,
  type Redactor,
  type Rejection,
} from './validation';

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
  quota?: { memories?: number; bytes?: number; plan?: string } | null;
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

export type RecordedRequest = {
  at: number;
  method: string;
  path: string;
  /** 0 until the reply is sent. */
  status: number;
  origin?: string;
  /** Whether a bearer token was presented; never the token itself. */
  authorization?: 'none' | 'bearer';
};

/**
 * A scripted reply. The first fault matching method and path prefix answers instead of the server, `times` times.
 * `delayMs` waits first; with `status: 0` the request is then handled normally (a slow but correct server), and
 * with `loseReply` as well the connection is cut after the handler ran: the memory is stored, the client never hears.
 */
export type Fault = {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  times: number;
  method?: string;
  pathPrefix?: string;
  delayMs?: number;
  loseReply?: boolean;
};

export type ServerControl = {
  /** Every request, in arrival order (the /__test__ routes excepted). */
  requests: RecordedRequest[];
  /** Consumed in order before normal handling; push to add. */
  faults: Fault[];
  /** Changes tokens, quota, rateLimit, idempotency or the extension origins at run time. */
  setOptions(patch: Partial<ServerOptions>): void;
  /** Everything stored, oldest first. */
  memories(): Memory[];
  /** Clears memories, namespaces, requests, faults and rate-limit state; options stay. */
  reset(): void;
};

/** Far above any real capture, so bodies of a few MB reach the 256 KB content check and get its documented 413. */
export const BODY_LIMIT_BYTES = 32 * 1024 * 1024;
const DEFAULT_PLAN = 'free';
const MAX_LIST_LIMIT = 500;
const UPGRADE_URL = '/account-settings/plan';
const INVALID_JSON_CODE = 'MNUERON_INVALID_JSON';
const TEST_HOOKS_PREFIX = '/__test__';

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

type RuntimeSettings = Required<
  Pick<ServerOptions, 'tokens' | 'quota' | 'rateLimit' | 'idempotency' | 'anyExtension'>
> & {
  /** Canonical origins: the pinned ones plus the configured ones. */
  extensionOrigins: Set<string>;
};

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

const faultSchema = z.object({
  status: z.number().int().min(0).max(599),
  body: z.unknown().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  times: z.number().int().min(1).default(1),
  method: z.string().optional(),
  pathPrefix: z.string().optional(),
  delayMs: z.number().min(0).optional(),
  loseReply: z.boolean().optional(),
});

const optionsPatchSchema = z.object({
  tokens: z.array(z.string().min(1)).nullable().optional(),
  quota: z
    .object({
      memories: z.number().int().min(0).optional(),
      bytes: z.number().int().min(0).optional(),
      plan: z.string().optional(),
    })
    .nullable()
    .optional(),
  rateLimit: z
    .object({ max: z.number().int().min(0), windowMs: z.number().int().min(1) })
    .nullable()
    .optional(),
  idempotency: z.boolean().optional(),
});

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

function bearerTokenOf(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? (match[1] as string) : null;
}

/** Compares digests so the time taken does not reveal how much of a token matched. */
function tokenIsAccepted(token: string, accepted: string[]): boolean {
  const digest = createHash('sha256').update(token).digest();
  let found = false;
  for (const candidate of accepted) {
    if (timingSafeEqual(digest, createHash('sha256').update(candidate).digest())) found = true;
  }
  return found;
}

function isMemoryWrite(method: string, routeUrl: string | undefined): boolean {
  return (
    (method === 'POST' && routeUrl === '/api/memories') ||
    ((method === 'PATCH' || method === 'DELETE') && routeUrl === '/api/memories/:id')
  );
}

function send(reply: FastifyReply, rejection: Rejection | RealLocalRejection): FastifyReply {
  return reply.code(rejection.status).send(rejection.body);
}

function quotaRejection(
  usage: StorageUsage,
  row: NewMemoryRow,
  quota: NonNullable<ServerOptions['quota']>,
): Rejection | null {
  const plan = quota.plan ?? DEFAULT_PLAN;
  if (quota.memories !== undefined && usage.memories + 1 > quota.memories) {
    return {
      status: 402,
      body: {
        error: 'memory_quota_exceeded',
        message: `You've used your ${quota.memories} ${plan} memories.`,
        quota: { used: usage.memories, limit: quota.memories, plan },
        upgrade_url: UPGRADE_URL,
      },
    };
  }
  const bytes = Buffer.byteLength(row.content, 'utf8');
  if (quota.bytes !== undefined && usage.bytes + bytes > quota.bytes) {
    return {
      status: 402,
      body: {
        error: 'storage_quota_exceeded',
        message: `Saving ${bytes} bytes would exceed the ${quota.bytes}-byte storage of the ${plan} plan (${usage.bytes} used).`,
        quota: { used: usage.bytes, limit: quota.bytes, plan },
        upgrade_url: UPGRADE_URL,
      },
    };
  }
  return null;
}

function parseListQuery(query: Record<string, unknown>): Checked<ListQuery> {
  const text = (name: string): string | null => {
    const value = query[name];
    return typeof value === 'string' && value !== '' ? value : null;
  };
  /** `cap`: what a value too large to be exact stands for; null refuses it. */
  const integer = (name: string, fallback: number, min: number, cap: number | null): number | null => {
    const value = text(name);
    if (value === null) return fallback;
    if (!/^\d+$/.test(value) || Number(value) < min) return null;
    return Number.isSafeInteger(Number(value)) ? Number(value) : cap;
  };
  const tagValues = (name: string): string[] => {
    const value = query[name];
    const values = Array.isArray(value) ? value : [value];
    return values.filter((item): item is string => typeof item === 'string' && item !== '');
  };
  const tags = [...tagValues('tag'), ...tagValues('tags').flatMap((value) => value.split(','))]
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
  const limit = integer('limit', 50, 1, MAX_LIST_LIMIT);
  // An offset SQLite cannot bind exactly is refused; a limit past the cap is the cap.
  const offset = integer('offset', 0, 0, null);
  if (limit === null || offset === null) {
    return {
      ok: false,
      rejection: {
        status: 400,
        body: {
          error: 'invalid_request',
          message: `\`limit\` must be an integer ≥ 1 and \`offset\` an integer from 0 to ${Number.MAX_SAFE_INTEGER}.`,
        },
      },
    };
  }
  return {
    ok: true,
    value: { q: text('q'), namespace: text('namespace'), tags, limit: Math.min(limit, MAX_LIST_LIMIT), offset },
  };
}

export function buildApp(options: ServerOptions = {}): {
  app: FastifyInstance;
  control: ServerControl;
  close(): Promise<void>;
} {
  const realLocal = options.profile === 'real-local';
  const store = new MemoryStore(options.dataDir);
  const redact = options.redact ?? redactSecrets;
  const hostGuard = options.hostGuard ?? true;
  const allowedHosts = new Set((options.allowedHosts ?? []).map((name) => name.toLowerCase()));
  const testMode = options.testMode ?? false;
  const settings: RuntimeSettings = {
    tokens: options.tokens ?? null,
    quota: options.quota ?? null,
    rateLimit: options.rateLimit ?? null,
    idempotency: options.idempotency ?? true,
    anyExtension: options.anyExtension ?? false,
    extensionOrigins: extensionOriginSet(options.allowedExtensionOrigins),
  };
  const rateLimiter = new WriteRateLimiter();
  const requests: RecordedRequest[] = [];
  const faults: Fault[] = [];
  const repliesToLose = new WeakSet<object>();
  const records = new WeakMap<FastifyRequest, RecordedRequest>();
  // Fault delays are cancelled on close so a test that stops the server mid-delay does not hang.
  const pendingDelays = new Set<NodeJS.Timeout>();

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
      rateLimiter.clear();
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

  app.addHook('onRequest', async (request, reply) => {
    const path = pathOf(request.url);
    const origin = request.headers.origin;
    const isTestHook = path === TEST_HOOKS_PREFIX || path.startsWith(`${TEST_HOOKS_PREFIX}/`);
    if (!isTestHook) {
      const record: RecordedRequest = {
        at: Date.now(),
        method: request.method,
        path,
        status: 0,
        authorization: bearerTokenOf(request.headers.authorization) ? 'bearer' : 'none',
      };
      if (origin !== undefined) record.origin = origin;
      requests.push(record);
      records.set(request, record);
    }

    if (hostGuard && request.headers.host !== undefined) {
      const name = hostNameOf(request.headers.host);
      if (name === null || !(isLoopbackHostName(name) || allowedHosts.has(name))) {
        return reply.code(403).send({
          error: 'forbidden_host',
          message: 'This server only answers requests addressed to its own names (127.0.0.1, localhost, [::1], …).',
        });
      }
    }
    if (origin !== undefined) {
      if (!isAllowedExtensionOrigin(origin, settings.extensionOrigins, settings.anyExtension)) {
        return reply.code(403).send({
          error: 'forbidden_origin',
          message: isExtensionOrigin(origin)
            ? `The extension ${origin} is not allowed; start the server with --allow-extension ${origin} to serve it.`
            : 'Requests from web pages are refused; only the Mnueron extension and non-browser clients may call.',
        });
      }
      reply.header('access-control-allow-origin', origin);
      reply.header('vary', 'Origin');
      reply.header('access-control-expose-headers', 'Retry-After');
    }
    if (request.method === 'OPTIONS') {
      return reply
        .code(204)
        .header('access-control-allow-methods', 'GET, POST, PATCH, DELETE, OPTIONS')
        .header('access-control-allow-headers', 'Authorization, Content-Type')
        .header('access-control-max-age', '600')
        .send();
    }
    // Test hooks and faults come after the origin and token checks: a test tool holds a token like any client.
    const token = bearerTokenOf(request.headers.authorization);
    if (settings.tokens && (isTestHook || (path.startsWith('/api/') && path !== '/api/health'))) {
      if (token === null || !tokenIsAccepted(token, settings.tokens)) {
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer')
          .send({
            error: 'unauthorized',
            message: token === null ? 'A bearer token is required.' : 'The bearer token is not valid.',
          });
      }
    }
    if (isTestHook) return;

    const fault = takeFault(request.method, path);
    if (fault) {
      if (fault.delayMs) await delay(fault.delayMs);
      if (fault.loseReply) repliesToLose.add(request);
      if (fault.status > 0) {
        reply.code(fault.status);
        if (fault.headers) reply.headers(fault.headers);
        if (fault.body !== undefined) return reply.send(fault.body);
        if (fault.status >= 400) {
          return reply.send({ error: 'fault_injected', message: `HTTP ${fault.status} injected by a test.` });
        }
        return reply.send();
      }
    }

    if (settings.rateLimit && isMemoryWrite(request.method, request.routeOptions.url)) {
      const waitMs = rateLimiter.take(token ?? 'anonymous', Date.now(), settings.rateLimit);
      if (waitMs !== null) {
        const seconds = retryAfterSeconds(waitMs);
        return reply
          .code(429)
          .header('retry-after', String(seconds))
          .send({
            error: 'rate_limited',
            message: `More than ${settings.rateLimit.max} writes in ${settings.rateLimit.windowMs} ms; retry in ${seconds} s.`,
          });
      }
    }
  });

  app.addHook('onSend', async (request, reply) => {
    const record = records.get(request);
    if (record) record.status = reply.statusCode;
    reply.header('x-content-type-options', 'nosniff');
    // The handler has run (the memory is stored); the client gets a cut connection instead of its reply.
    if (repliesToLose.delete(request)) request.raw.socket.destroy();
  });

  app.addHook('onClose', async () => {
    for (const timer of pendingDelays) clearTimeout(timer);
    pendingDelays.clear();
    store.close();
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

  app.get('/api/health', async () => (realLocal ? { ok: true } : { ok: true, version: SERVER_VERSION, mode: 'local' }));

  const present = (memory: Memory): Memory => (realLocal ? toRealLocalMemory(memory) : memory);
  const notFound = (id: string): Rejection | RealLocalRejection =>
    realLocal
      ? { status: 404, body: { error: REAL_LOCAL_ERRORS.notFound } }
      : { status: 404, body: { error: 'not_found', message: `No memory with id ${id}.` } };

  app.post('/api/memories', async (request, reply) => {
    if (realLocal) {
      // The real server reads fields off the body without a check; `null` makes its handler throw.
      if (request.body === null) throw new Error('POST /api/memories with a null body.');
      const checked = checkRealLocalMemory(request.body, redact);
      if (!checked.ok) return send(reply, checked.rejection);
      // No de-duplication and no quota; 201 carries the first row even when the content became several.
      const [first] = store.insertAll(checked.value, Date.now());
      return reply.code(201).send(present(first as Memory));
    }
    const checked = checkNewMemory(request.body, redact);
    if (!checked.ok) return send(reply, checked.rejection);
    const row = checked.value;
    if (settings.idempotency && row.idempotencyKey) {
      // A retry of a save that already landed: answer with the first memory, create nothing, spend no quota.
      const existing = store.findByIdempotencyKey(row.idempotencyKey);
      if (existing) return reply.code(200).send(existing);
    }
    const overQuota = settings.quota ? quotaRejection(store.usage(), row, settings.quota) : null;
    if (overQuota) return send(reply, overQuota);
    return reply.code(201).send(store.insert(row, Date.now()));
  });

  app.get('/api/memories', async (request, reply) => {
    const query = parseListQuery(request.query as Record<string, unknown>);
    if (!query.ok) {
      return send(reply, realLocal ? { status: 400, body: { error: query.rejection.body.error } } : query.rejection);
    }
    return store.list(query.value).map(present);
  });

  app.get<{ Params: { id: string } }>('/api/memories/:id', async (request, reply) => {
    const memory = store.get(request.params.id);
    return memory ? present(memory) : send(reply, notFound(request.params.id));
  });

  app.patch<{ Params: { id: string } }>('/api/memories/:id', async (request, reply) => {
    const current = store.get(request.params.id);
    if (!current) return send(reply, notFound(request.params.id));
    const checked = realLocal
      ? checkRealLocalChanges(request.body, current, redact)
      : checkMemoryChanges(request.body, current.metadata, redact);
    if (!checked.ok) return send(reply, checked.rejection);
    return present(store.update(request.params.id, checked.value, Date.now()) as Memory);
  });

  app.delete<{ Params: { id: string } }>('/api/memories/:id', async (request, reply) => {
    const deleted = store.delete(request.params.id);
    if (realLocal) return reply.code(deleted ? 200 : 404).send({ deleted });
    if (!deleted) return send(reply, notFound(request.params.id));
    return reply.code(204).send();
  });

  app.get('/api/namespaces', async () => (realLocal ? store.namespaceNamesByRecentUse() : store.namespaces()));

  if (options.testHooks || testMode) registerTestHooks(app, control, testMode);

  function takeFault(method: string, path: string): Fault | null {
    const index = faults.findIndex(
      (fault) =>
        (fault.method === undefined || fault.method.toUpperCase() === method) &&
        (fault.pathPrefix === undefined || path.startsWith(fault.pathPrefix)),
    );
    if (index < 0) return null;
    const fault = faults[index] as Fault;
    fault.times -= 1;
    if (fault.times <= 0) faults.splice(index, 1);
    return fault;
  }

  function delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        pendingDelays.delete(timer);
        resolve();
      }, ms);
      pendingDelays.add(timer);
    });
  }

  let closing: Promise<void> | null = null;
  return {
    app,
    control,
    close: () => (closing ??= app.close()),
  };
}

/** The ServerControl over HTTP, for benchmarks that run the server in another process. */
function registerTestHooks(app: FastifyInstance, control: ServerControl, testMode: boolean): void {
  const invalid = (reply: FastifyReply, error: z.ZodError) =>
    reply.code(400).send({ error: 'invalid_request', message: z.prettifyError(error) });

  app.get(`${TEST_HOOKS_PREFIX}/requests`, async () => control.requests);
  app.get(`${TEST_HOOKS_PREFIX}/memories`, async () => control.memories());
  app.post(`${TEST_HOOKS_PREFIX}/faults`, async (request, reply) => {
    const parsed = z.union([faultSchema, z.array(faultSchema)]).safeParse(request.body);
    if (!parsed.success) return invalid(reply, parsed.error);
    const added = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
    control.faults.push(...added);
    return { ok: true, faults: control.faults.length };
  });
  app.post(`${TEST_HOOKS_PREFIX}/options`, async (request, reply) => {
    const parsed = optionsPatchSchema.safeParse(request.body);
    if (!parsed.success) return invalid(reply, parsed.error);
    if ('tokens' in parsed.data && !testMode) {
      // Hooks left on in a real server must not be a way to switch its authentication off.
      return reply.code(403).send({
        error: 'forbidden',
        message: 'The tokens can only be changed over HTTP on a server started in test mode (--test-mode).',
      });
    }
    control.setOptions(parsed.data);
    return { ok: true };
  });
  app.post(`${TEST_HOOKS_PREFIX}/reset`, async () => {
    control.reset();
    return { ok: true };
  });
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
