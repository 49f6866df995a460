/**
 * The `real-local` profile: how the real Mnueron local server (the one users run on 127.0.0.1:3122) treats
 * requests, measured against it, so the extension can be tested against what users actually get. It is kinder
 * than the cloud in some ways (no 413, no quota, tags coerced instead of refused) and harsher in others: content
 * over 6,000 characters is stored as several overlapping `chunk` rows, `metadata.idempotency_key` is not used to
 * de-duplicate, and a `null` body crashes the handler (500). Everything here is pure; app.ts wires it in.
 */
import type { Memory } from '../src/shared/api-schema';
import { DEFAULT_NAMESPACE, type MemoryChanges, type NewMemoryRow } from './db';
import {
  checkStoredBounds,
  isPlainObject,
  redactContent,
  stripByokKeys,
  type Checked,
  type Redactor,
} from './validation';

/** Content longer than this (in characters) is split into chunk rows. */
export const CHUNK_THRESHOLD_CHARS = 6000;
/** Each chunk row holds at most this many characters... */
export const CHUNK_SIZE_CHARS = 4000;
/** ...and starts with this many characters of the row before it. */
export const CHUNK_OVERLAP_CHARS = 200;
/** The tag the server adds to every chunk row. */
export const CHUNK_TAG = 'chunk';
export const REAL_LOCAL_DEFAULT_SOURCE = 'extension';

/** The real server's error strings (its error bodies carry only `error`). */
export const REAL_LOCAL_ERRORS = {
  invalidJson: 'invalid JSON body',
  contentRequired: 'content is required',
  notFound: 'not found',
} as const;

/** A rejection in the real server's shape: `{ error }` and nothing else. */
export type RealLocalRejection = { status: number; body: { error: string } };

function rejectWith(status: number, error: string): { ok: false; rejection: RealLocalRejection } {
  return { ok: false, rejection: { status, body: { error } } };
}

/**
 * The rows a content becomes: itself up to CHUNK_THRESHOLD_CHARS, otherwise windows of CHUNK_SIZE_CHARS that each
 * repeat the last CHUNK_OVERLAP_CHARS of the previous one. Counted in code points so no emoji is cut in half.
 */
export function chunkContent(content: string): string[] {
  if (content.length <= CHUNK_THRESHOLD_CHARS) return [content];
  const points = Array.from(content);
  if (points.length <= CHUNK_THRESHOLD_CHARS) return [content];
  const step = CHUNK_SIZE_CHARS - CHUNK_OVERLAP_CHARS;
  const chunks: string[] = [];
  for (let start = 0; ; start += step) {
    chunks.push(points.slice(start, start + CHUNK_SIZE_CHARS).join(''));
    if (start + CHUNK_SIZE_CHARS >= points.length) return chunks;
  }
}

function coerceTags(value: unknown): string[] {
  return Array.isArray(value) ? value.map((tag) => String(tag)) : [];
}

function nonEmptyString(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function isContent(value: unknown): value is string {
  return nonEmptyString(value) !== null;
}

/**
 * A POST body as the real server reads it, already split into the rows it stores (one, or the chunks in order).
 * A `null` body is not handled here: the real server fails on it, and app.ts answers 500.
 */
export function checkRealLocalMemory(body: unknown, redact: Redactor): Checked<NewMemoryRow[], RealLocalRejection> {
  const fields = isPlainObject(body) ? body : {};
  if (!isContent(fields.content)) return rejectWith(400, REAL_LOCAL_ERRORS.contentRequired);
  const tags = coerceTags(fields.tags);
  const metadata = isPlainObject(fields.metadata) ? stripByokKeys(fields.metadata) : {};
  const bounded = checkStoredBounds(tags, metadata);
  if (bounded !== null) return rejectWith(400, bounded);

  // Redact the whole text before splitting, so a secret across a chunk boundary is still found.
  const redacted = redactContent(fields.content, metadata, redact);
  const idempotencyKey = nonEmptyString(metadata.idempotency_key);
  const base = {
    namespace: nonEmptyString(fields.namespace)?.trim() ?? DEFAULT_NAMESPACE,
    source: nonEmptyString(fields.source) ?? REAL_LOCAL_DEFAULT_SOURCE,
    sourceRef: nonEmptyString(fields.source_ref),
    idempotencyKey,
  };
  const chunks = chunkContent(redacted.content);
  if (chunks.length === 1)
    return { ok: true, value: [{ ...base, content: redacted.content, tags, metadata: redacted.metadata }] };
  return {
    ok: true,
    value: chunks.map((content, index) => ({
      ...base,
      content,
      tags: tags.includes(CHUNK_TAG) ? tags : [...tags, CHUNK_TAG],
      metadata: { ...redacted.metadata, chunk_index: index + 1, chunk_count: chunks.length },
    })),
  };
}

/** A PATCH as the real server applies it: fields replace, except `metadata`, which is merged (null deletes a key). */
export function checkRealLocalChanges(
  body: unknown,
  current: Memory,
  redact: Redactor,
): Checked<MemoryChanges, RealLocalRejection> {
  const fields = isPlainObject(body) ? body : {};
  const changes: MemoryChanges = {};
  if ('tags' in fields) changes.tags = coerceTags(fields.tags);
  if ('namespace' in fields) changes.namespace = nonEmptyString(fields.namespace)?.trim() ?? DEFAULT_NAMESPACE;
  if (isPlainObject(fields.metadata)) {
    const merged: Record<string, unknown> = { ...current.metadata };
    for (const [key, value] of Object.entries(stripByokKeys(fields.metadata))) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    changes.metadata = merged;
  }
  const bounded = checkStoredBounds(changes.tags ?? current.tags, changes.metadata ?? current.metadata);
  if (bounded !== null) return rejectWith(400, bounded);
  if ('content' in fields) {
    if (!isContent(fields.content)) return rejectWith(400, REAL_LOCAL_ERRORS.contentRequired);
    const metadata = changes.metadata ?? current.metadata;
    const redacted = redactContent(fields.content, metadata, redact);
    changes.content = redacted.content;
    if (redacted.metadata !== metadata) changes.metadata = redacted.metadata;
  }
  return { ok: true, value: changes };
}

/** The real server leaves `source_ref` out of a memory that has none, rather than sending null. */
export function toRealLocalMemory(memory: Memory): Memory {
  if (memory.source_ref !== null && memory.source_ref !== undefined) return memory;
  const { source_ref: _omitted, ...rest } = memory;
  return rest;
}
