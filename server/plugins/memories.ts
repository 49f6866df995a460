/**
 * The memory routes, one plugin per profile: `cloudMemoryRoutes` (the hosted API's contract: strict validation, 413,
 * quotas, idempotency) and `realLocalMemoryRoutes` (what the real local server does, see real-local.ts). Both list
 * and fetch the same way; they differ in how they check, store, present and refuse.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Memory } from '../../src/shared/api-schema';
import type { ListQuery, MemoryStore, NewMemoryRow, StorageUsage } from '../db';
import {
  REAL_LOCAL_ERRORS,
  checkRealLocalChanges,
  checkRealLocalMemory,
  toRealLocalMemory,
  type RealLocalRejection,
} from '../real-local';
import { checkMemoryChanges, checkNewMemory, type Checked, type Redactor, type Rejection } from '../validation';
import type { ServerOptions } from '../app';
import type { RuntimeSettings } from './shared';

const DEFAULT_PLAN = 'free';
const MAX_LIST_LIMIT = 500;
const UPGRADE_URL = '/account-settings/plan';

export type MemoryRoutesOptions = {
  store: MemoryStore;
  redact: Redactor;
  /** Read per request (the cloud profile's idempotency and quota; the real-local one ignores both). */
  settings: Pick<RuntimeSettings, 'idempotency' | 'quota'>;
};

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

export const cloudMemoryRoutes: FastifyPluginAsync<MemoryRoutesOptions> = async (app, { store, redact, settings }) => {
  const notFound = (id: string): Rejection => ({
    status: 404,
    body: { error: 'not_found', message: `No memory with id ${id}.` },
  });

  app.post('/api/memories', async (request, reply) => {
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
    if (!query.ok) return send(reply, query.rejection);
    return store.list(query.value);
  });

  app.get<{ Params: { id: string } }>('/api/memories/:id', async (request, reply) => {
    const memory = store.get(request.params.id);
    return memory ?? send(reply, notFound(request.params.id));
  });

  app.patch<{ Params: { id: string } }>('/api/memories/:id', async (request, reply) => {
    const current = store.get(request.params.id);
    if (!current) return send(reply, notFound(request.params.id));
    const checked = checkMemoryChanges(request.body, current.metadata, redact);
    if (!checked.ok) return send(reply, checked.rejection);
    return store.update(request.params.id, checked.value, Date.now()) as Memory;
  });

  app.delete<{ Params: { id: string } }>('/api/memories/:id', async (request, reply) => {
    if (!store.delete(request.params.id)) return send(reply, notFound(request.params.id));
    return reply.code(204).send();
  });
};

export const realLocalMemoryRoutes: FastifyPluginAsync<MemoryRoutesOptions> = async (app, { store, redact }) => {
  const notFound: RealLocalRejection = { status: 404, body: { error: REAL_LOCAL_ERRORS.notFound } };

  app.post('/api/memories', async (request, reply) => {
    // The real server reads fields off the body without a check; `null` makes its handler throw.
    if (request.body === null) throw new Error('POST /api/memories with a null body.');
    const checked = checkRealLocalMemory(request.body, redact);
    if (!checked.ok) return send(reply, checked.rejection);
    // No de-duplication and no quota; 201 carries the first row even when the content became several.
    const [first] = store.insertAll(checked.value, Date.now());
    return reply.code(201).send(toRealLocalMemory(first as Memory));
  });

  app.get('/api/memories', async (request, reply) => {
    const query = parseListQuery(request.query as Record<string, unknown>);
    if (!query.ok) return send(reply, { status: 400, body: { error: query.rejection.body.error } });
    return store.list(query.value).map(toRealLocalMemory);
  });

  app.get<{ Params: { id: string } }>('/api/memories/:id', async (request, reply) => {
    const memory = store.get(request.params.id);
    return memory ? toRealLocalMemory(memory) : send(reply, notFound);
  });

  app.patch<{ Params: { id: string } }>('/api/memories/:id', async (request, reply) => {
    const current = store.get(request.params.id);
    if (!current) return send(reply, notFound);
    const checked = checkRealLocalChanges(request.body, current, redact);
    if (!checked.ok) return send(reply, checked.rejection);
    return toRealLocalMemory(store.update(request.params.id, checked.value, Date.now()) as Memory);
  });

  app.delete<{ Params: { id: string } }>('/api/memories/:id', async (request, reply) => {
    const deleted = store.delete(request.params.id);
    return reply.code(deleted ? 200 : 404).send({ deleted });
  });
};
