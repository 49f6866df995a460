/**
 * Faults and test hooks: the request log (`control.requests`), scripted replies (`control.faults`), and the
 * /__test__ routes that expose both over HTTP to tools that run the server in another process. The log is
 * registered first, so it records requests the guards refuse; faults after the token check, so they only hit
 * requests that passed it.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ServerControl } from '../app';
import { bearerTokenOf, isTestHookPath, pathOf, shared, TEST_HOOKS_PREFIX } from './shared';

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
  body?: unknown | undefined;
  headers?: Record<string, string> | undefined;
  times: number;
  method?: string | undefined;
  pathPrefix?: string | undefined;
  delayMs?: number | undefined;
  loseReply?: boolean | undefined;
};

/** Every request but the /__test__ ones, in arrival order, with the status it was answered with. */
export const requestLogPlugin = shared<{ requests: RecordedRequest[] }>(
  'mnueron-request-log',
  async (app, { requests }) => {
    const records = new WeakMap<FastifyRequest, RecordedRequest>();
    app.addHook('onRequest', async (request) => {
      const path = pathOf(request.url);
      if (isTestHookPath(path)) return;
      const record: RecordedRequest = {
        at: Date.now(),
        method: request.method,
        path,
        status: 0,
        authorization: bearerTokenOf(request.headers.authorization) ? 'bearer' : 'none',
      };
      if (request.headers.origin !== undefined) record.origin = request.headers.origin;
      requests.push(record);
      records.set(request, record);
    });
    app.addHook('onSend', async (request, reply) => {
      const record = records.get(request);
      if (record) record.status = reply.statusCode;
    });
  },
);

/** Consumes `faults` in order: the first that matches a request answers (or delays, or loses the reply) for it. */
export const faultsPlugin = shared<{ faults: Fault[] }>('mnueron-faults', async (app, { faults }) => {
  const repliesToLose = new WeakSet<object>();
  // Fault delays are cancelled on close so a test that stops the server mid-delay does not hang.
  const pendingDelays = new Set<NodeJS.Timeout>();

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

  app.addHook('onRequest', async (request, reply) => {
    const path = pathOf(request.url);
    if (isTestHookPath(path)) return;
    const fault = takeFault(request.method, path);
    if (!fault) return;
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
  });

  app.addHook('onSend', async (request) => {
    // The handler has run (the memory is stored); the client gets a cut connection instead of its reply.
    if (repliesToLose.delete(request)) request.raw.socket.destroy();
  });

  app.addHook('onClose', async () => {
    for (const timer of pendingDelays) clearTimeout(timer);
    pendingDelays.clear();
  });
});

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

export type TestHooksOptions = {
  control: ServerControl;
  /** Whether /__test__/options may change (or drop) the tokens. */
  testMode: boolean;
};

/** The ServerControl over HTTP, for benchmarks that run the server in another process. */
export const testHooksPlugin: FastifyPluginAsync<TestHooksOptions> = async (app, { control, testMode }) => {
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
};
