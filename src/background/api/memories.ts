/**
 * Memory reads and deletes on top of apiRequest: the paths are built and the replies parsed here, so the outbox
 * (reconciliation, undo, recovery probes) never builds a URL or looks at a raw body itself.
 */
import { memoryListSchema, type Memory } from '../../shared/api-schema';
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
  const parsed = memoryListSchema.safeParse(outcome.body);
  return parsed.success ? { kind: 'ok', memories: parsed.data } : { kind: 'failed', outcome };
}

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
  const parsed = memoryListSchema.safeParse(outcome.body);
  return parsed.success ? { kind: 'ok', memories: parsed.data } : { kind: 'failed', outcome };
}

/** The memory whose `metadata.idempotency_key` is `key`, oldest first when several share it. */
export function withKey(memories: readonly Memory[], key: string): Memory[] {
  return memories.filter((memory) => memory.metadata.idempotency_key === key).reverse();
}

/** DELETE /memories/:id. Gone is gone: 200, 204 and 404 (already deleted) all count as deleted. */
export async function deleteMemory(target: ApiTarget, id: string): Promise<{ deleted: boolean; outcome: ApiOutcome }> {
  const outcome = await apiRequest(target, { method: 'DELETE', path: `/memories/${encodeURIComponent(id)}` });
  const deleted = outcome.kind === 'ok' || (outcome.kind === 'http' && outcome.status === 404);
  return { deleted, outcome };
}

/** A cheap read that says whether the server answers at all (any HTTP reply means it is reachable). */
export async function probe(target: ApiTarget): Promise<boolean> {
  const outcome = await apiRequest(target, { method: 'GET', path: '/health', timeoutMs: 5_000 });
  return outcome.kind === 'ok' || outcome.kind === 'http';
}
