/**
 * Every endpoint the extension calls, on top of apiRequest: the paths are built and the replies parsed here, so
 * no caller (the outbox, undo, the connection test, the pickers, the panel) builds a URL or looks at a raw body.
 * What a non-2xx outcome means is decided once, in outcome.ts.
 */
import {
  memoryListSchema,
  memorySchema,
  namespaceNamesSchema,
  type Memory,
  type NewMemory,
} from '../../shared/api-schema';
import { apiRequest, type ApiOutcome, type ApiTarget } from './client';

/** Largest page asked for: newest first, so a save being looked for is near the top. */
export const LIST_PAGE_LIMIT = 100;

export type ListResult =
  | { kind: 'ok'; memories: Memory[] }
  /** The request failed (`outcome` says how), or the reply was not a memory list (`outcome` is 2xx). */
  | { kind: 'failed'; outcome: ApiOutcome };

/** The newest memories of a namespace (GET /memories?namespace=…&limit=…&offset=…). */
export async function listMemories(
  target: ApiTarget,
  query: { namespace: string; limit: number; offset?: number },
): Promise<ListResult> {
  const params = new URLSearchParams({ namespace: query.namespace, limit: String(query.limit) });
  if (query.offset) params.set('offset', String(query.offset));
  const outcome = await apiRequest(target, { method: 'GET', path: `/memories?${params.toString()}` });
  if (outcome.kind !== 'ok') return { kind: 'failed', outcome };
  const parsed = memoryListSchema().safeParse(outcome.body);
  return parsed.success ? { kind: 'ok', memories: parsed.data } : { kind: 'failed', outcome };
}

/**
 * listMemories for a duplicate check: only the rows whose `metadata.idempotency_key` is `key` are parsed and
 * returned (newest first), since only they can be the save looked for or its copies; the others are not read
 * beyond their key. Failed as listMemories when the reply is not a list, or a row with the key is not a memory.
 */
export async function listMemoriesWithKey(
  target: ApiTarget,
  query: { namespace: string; limit: number },
  key: string,
): Promise<ListResult> {
  const params = new URLSearchParams({ namespace: query.namespace, limit: String(query.limit) });
  const outcome = await apiRequest(target, { method: 'GET', path: `/memories?${params.toString()}` });
  if (outcome.kind !== 'ok') return { kind: 'failed', outcome };
  const body = outcome.body;
  const rows: unknown = Array.isArray(body) ? body : isRecord(body) ? body.memories : undefined;
  if (!Array.isArray(rows)) return { kind: 'failed', outcome };
  const keyed = rows.filter((row) => isRecord(row) && isRecord(row.metadata) && row.metadata.idempotency_key === key);
  const parsed = memoryListSchema().safeParse(keyed);
  return parsed.success ? { kind: 'ok', memories: parsed.data } : { kind: 'failed', outcome };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** GET /memories with q (content and tags), namespace and tags filters; newest first. */
export async function searchMemories(
  target: ApiTarget,
  query: { q?: string; namespace?: string; tags?: readonly string[]; limit: number; offset?: number },
): Promise<ListResult> {
  const params = new URLSearchParams({ limit: String(query.limit) });
  if (query.q) params.set('q', query.q);
  if (query.namespace) params.set('namespace', query.namespace);
  if (query.tags && query.tags.length > 0) params.set('tags', query.tags.join(','));
  if (query.offset) params.set('offset', String(query.offset));
  const outcome = await apiRequest(target, { method: 'GET', path: `/memories?${params.toString()}` });
  if (outcome.kind !== 'ok') return { kind: 'failed', outcome };
  const parsed = memoryListSchema().safeParse(outcome.body);
  return parsed.success ? { kind: 'ok', memories: parsed.data } : { kind: 'failed', outcome };
}

/** The memory whose `metadata.idempotency_key` is `key`, oldest first when several share it. */
export function withKey(memories: readonly Memory[], key: string): Memory[] {
  return memories.filter((memory) => memory.metadata.idempotency_key === key).reverse();
}

/** DELETE /memories/:id. Gone is gone: 200, 204 and 404 (already deleted) all count as deleted. */
export async function deleteMemory(target: ApiTarget, id: string): Promise<{ deleted: boolean; outcome: ApiOutcome }> {
  const outcome = await apiRequest(target, { method: 'DELETE', path: memoryPath(id) });
  const deleted = outcome.kind === 'ok' || (outcome.kind === 'http' && outcome.status === 404);
  return { deleted, outcome };
}

/** Longest memory id kept for undo (an id no server would mint would be stored with the save and shown in Recent). */
export const MAX_MEMORY_ID = 200;

/** A reply body as a memory, or null when it is not one (or carries an id no server would mint). */
export function parseMemory(body: unknown): Memory | null {
  const parsed = memorySchema().safeParse(body);
  return parsed.success && parsed.data.id.length <= MAX_MEMORY_ID ? parsed.data : null;
}

const memoryPath = (id: string) => `/memories/${encodeURIComponent(id)}`;

export type WriteResult = { outcome: ApiOutcome; memory: Memory | null };

/** POST /memories. `memory` is the created memory when a 2xx carried one. */
export async function createMemory(target: ApiTarget, body: NewMemory): Promise<WriteResult> {
  const outcome = await apiRequest(target, { method: 'POST', path: '/memories', body });
  return { outcome, memory: outcome.kind === 'ok' ? parseMemory(outcome.body) : null };
}

export type MemoryChanges = {
  content?: string | undefined;
  namespace?: string | undefined;
  tags?: readonly string[] | undefined;
};

/** PATCH /memories/:id with only the fields given. */
export async function patchMemory(target: ApiTarget, id: string, changes: MemoryChanges): Promise<WriteResult> {
  const body = {
    ...(changes.content !== undefined ? { content: changes.content } : {}),
    ...(changes.namespace !== undefined ? { namespace: changes.namespace } : {}),
    ...(changes.tags !== undefined ? { tags: changes.tags } : {}),
  };
  const outcome = await apiRequest(target, { method: 'PATCH', path: memoryPath(id), body });
  return { outcome, memory: outcome.kind === 'ok' ? parseMemory(outcome.body) : null };
}

export type NamespacesResult = { kind: 'ok'; names: string[] } | { kind: 'failed'; outcome: ApiOutcome };

/** GET /namespaces as names, whichever shape the server answers in. */
export async function listNamespaces(target: ApiTarget): Promise<NamespacesResult> {
  const outcome = await apiRequest(target, { method: 'GET', path: '/namespaces', timeoutMs: 5_000 });
  if (outcome.kind !== 'ok') return { kind: 'failed', outcome };
  const parsed = namespaceNamesSchema().safeParse(outcome.body);
  return parsed.success ? { kind: 'ok', names: parsed.data } : { kind: 'failed', outcome };
}

/**
 * An authenticated read of one memory (GET /memories?limit=1): what "Test connection" proves the token with.
 * `isList` says whether a 2xx was a memory list (a server that answers otherwise is not a Mnueron API).
 */
export async function checkAccess(target: ApiTarget): Promise<{ outcome: ApiOutcome; isList: boolean }> {
  const outcome = await apiRequest(target, { method: 'GET', path: '/memories?limit=1', timeoutMs: 10_000 });
  return { outcome, isList: outcome.kind === 'ok' && memoryListSchema().safeParse(outcome.body).success };
}

/** A cheap read that says whether the server answers at all (any HTTP reply means it is reachable). */
export async function probe(target: ApiTarget): Promise<boolean> {
  const outcome = await apiRequest(target, { method: 'GET', path: '/health', timeoutMs: 5_000 });
  return outcome.kind === 'ok' || outcome.kind === 'http';
}
