/**
 * Checks and normalises the bodies of POST and PATCH /api/memories. Hand-written rather than a zod schema so every
 * failure maps onto the API's own error codes ("content required", "invalid_request", "memory_too_large") with a
 * message that names the field.
 */
import { MAX_CONTENT_BYTES } from '../src/shared/api-schema';
import type { RedactionResult } from '../src/shared/redact';
import { DEFAULT_NAMESPACE, type MemoryChanges, type NewMemoryRow } from './db';

export const DEFAULT_SOURCE = 'agent';
const MAX_NAMESPACE_LENGTH = 200;
/** `metadata` as JSON, in UTF-8 bytes: far above what the extension stamps (title, URL, keys), far below 30 MB. */
export const MAX_METADATA_BYTES = 16 * 1024;
export const MAX_TAGS = 50;
/** Per tag, in characters (code points). */
export const MAX_TAG_CHARS = 100;
/** Nesting of a request body; deeper JSON is refused before parsing, so no handler recurses into it. */
export const MAX_JSON_DEPTH = 64;

/** Caller-supplied LLM keys: used for one call by the real service, never persisted. */
const BYOK_METADATA_KEYS = ['byok_anthropic_key', 'byok_openai_key'];

export type Redactor = (text: string) => RedactionResult;

/** A rejection, already in the reply shape: `status` plus the JSON body. */
export type Rejection = { status: number; body: { error: string; message: string } & Record<string, unknown> };
export type Checked<T, R = Rejection> = { ok: true; value: T } | { ok: false; rejection: R };

function reject(status: number, error: string, message: string, extra: Record<string, unknown> = {}): Rejection {
  return { status, body: { error, message, ...extra } };
}

function invalidField(message: string): Checked<never> {
  return { ok: false, rejection: reject(400, 'invalid_request', message) };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkBodyIsObject(body: unknown): Checked<Record<string, unknown>> {
  if (!isPlainObject(body)) {
    return { ok: false, rejection: reject(400, 'invalid json', 'The request body must be a JSON object.') };
  }
  return { ok: true, value: body };
}

function checkContent(value: unknown): Checked<string> {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    return { ok: false, rejection: reject(400, 'content required', '`content` must be a non-empty string.') };
  }
  if (typeof value !== 'string') return invalidField(`\`content\` must be a string, got ${describe(value)}.`);
  return { ok: true, value };
}

/** The limit is counted in UTF-8 bytes of what the client sent, before redaction. */
function checkContentSize(content: string): Checked<string> {
  const receivedBytes = Buffer.byteLength(content, 'utf8');
  if (receivedBytes <= MAX_CONTENT_BYTES) return { ok: true, value: content };
  return {
    ok: false,
    rejection: reject(
      413,
      'memory_too_large',
      `content is ${receivedBytes} bytes; the limit is ${MAX_CONTENT_BYTES} bytes (256 KB, UTF-8).`,
      { max_bytes: MAX_CONTENT_BYTES, received_bytes: receivedBytes },
    ),
  };
}

/** Absent, null and blank all mean the default namespace, as the hosted API does. */
function checkNamespace(value: unknown): Checked<string> {
  if (value === undefined || value === null) return { ok: true, value: DEFAULT_NAMESPACE };
  if (typeof value !== 'string') return invalidField(`\`namespace\` must be a string, got ${describe(value)}.`);
  const name = value.trim();
  if (name.length > MAX_NAMESPACE_LENGTH) {
    return invalidField(`\`namespace\` must be at most ${MAX_NAMESPACE_LENGTH} characters.`);
  }
  return { ok: true, value: name || DEFAULT_NAMESPACE };
}

function checkTags(value: unknown): Checked<string[]> {
  if (value === undefined || value === null) return { ok: true, value: [] };
  if (!Array.isArray(value) || !value.every((tag) => typeof tag === 'string')) {
    return invalidField(`\`tags\` must be an array of strings, got ${describe(value)}.`);
  }
  return { ok: true, value: value as string[] };
}

function checkMetadata(value: unknown): Checked<Record<string, unknown>> {
  if (value === undefined || value === null) return { ok: true, value: {} };
  if (!isPlainObject(value)) return invalidField(`\`metadata\` must be a JSON object, got ${describe(value)}.`);
  return { ok: true, value: stripByokKeys(value) };
}

/** A copy without the caller's LLM keys. */
export function stripByokKeys(metadata: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...metadata };
  for (const key of BYOK_METADATA_KEYS) delete copy[key];
  return copy;
}

/**
 * Limits on what a row may carry besides its content, the same in every profile; null when within them, else the
 * reason (a 400).
 */
export function checkStoredBounds(tags: string[], metadata: Record<string, unknown>): string | null {
  if (tags.length > MAX_TAGS) return `\`tags\` holds ${tags.length} tags; at most ${MAX_TAGS} are allowed.`;
  if (tags.some((tag) => tag.length > MAX_TAG_CHARS && Array.from(tag).length > MAX_TAG_CHARS)) {
    return `Each of \`tags\` must be at most ${MAX_TAG_CHARS} characters.`;
  }
  const bytes = Buffer.byteLength(JSON.stringify(metadata), 'utf8');
  if (bytes > MAX_METADATA_BYTES) {
    return `\`metadata\` is ${bytes} bytes as JSON; at most ${MAX_METADATA_BYTES} are allowed.`;
  }
  return null;
}

/**
 * Whether a JSON text nests arrays and objects deeper than `maxDepth`. One pass, no recursion, brackets inside
 * strings skipped; it does not validate the JSON (JSON.parse does that next).
 */
export function exceedsJsonDepth(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c)
        i++; // backslash: skip the escaped character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x5b || code === 0x7b) {
      if (++depth > maxDepth) return true;
    } else if (code === 0x5d || code === 0x7d) depth--;
  }
  return false;
}

function checkOptionalString(field: string, value: unknown): Checked<string | null> {
  if (value === undefined || value === null || value === '') return { ok: true, value: null };
  if (typeof value !== 'string') return invalidField(`\`${field}\` must be a string, got ${describe(value)}.`);
  return { ok: true, value };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/**
 * Redacts secrets from the content and records that it happened. Counts and kinds add to any the client stamped
 * itself (the extension redacts before queueing), so the row tells how much was removed in total.
 */
export function redactContent(
  content: string,
  metadata: Record<string, unknown>,
  redact: Redactor,
): { content: string; metadata: Record<string, unknown> } {
  const result = redact(content);
  if (result.count <= 0) return { content, metadata };
  const previousCount = typeof metadata.redacted_count === 'number' ? metadata.redacted_count : 0;
  const previousKinds = Array.isArray(metadata.redacted_kinds)
    ? metadata.redacted_kinds.filter((kind): kind is string => typeof kind === 'string')
    : [];
  return {
    content: result.text,
    metadata: {
      ...metadata,
      redacted_count: previousCount + result.count,
      redacted_kinds: [...new Set([...previousKinds, ...result.kinds])],
    },
  };
}

export function checkNewMemory(body: unknown, redact: Redactor): Checked<NewMemoryRow> {
  const object = checkBodyIsObject(body);
  if (!object.ok) return object;
  const fields = object.value;
  const content = checkContent(fields.content);
  if (!content.ok) return content;
  const namespace = checkNamespace(fields.namespace);
  if (!namespace.ok) return namespace;
  const tags = checkTags(fields.tags);
  if (!tags.ok) return tags;
  const metadata = checkMetadata(fields.metadata);
  if (!metadata.ok) return metadata;
  const bounded = checkStoredBounds(tags.value, metadata.value);
  if (bounded !== null) return invalidField(bounded);
  const source = checkOptionalString('source', fields.source);
  if (!source.ok) return source;
  const sourceRef = checkOptionalString('source_ref', fields.source_ref);
  if (!sourceRef.ok) return sourceRef;
  // Size last: a 413 tells the client to split, which only helps a body that is otherwise valid.
  const sized = checkContentSize(content.value);
  if (!sized.ok) return sized;
  const redacted = redactContent(content.value, metadata.value, redact);
  const idempotencyKey = metadata.value.idempotency_key;
  return {
    ok: true,
    value: {
      content: redacted.content,
      namespace: namespace.value,
      tags: tags.value,
      source: source.value ?? DEFAULT_SOURCE,
      sourceRef: sourceRef.value,
      metadata: redacted.metadata,
      idempotencyKey: typeof idempotencyKey === 'string' && idempotencyKey !== '' ? idempotencyKey : null,
    },
  };
}

/**
 * A PATCH applies the POST rules to each field it carries; absent fields stay as they are. `metadata`, when
 * present, replaces the stored object (it is not merged), like every other field.
 */
export function checkMemoryChanges(
  body: unknown,
  currentMetadata: Record<string, unknown>,
  redact: Redactor,
): Checked<MemoryChanges> {
  const object = checkBodyIsObject(body);
  if (!object.ok) return object;
  const fields = object.value;
  const updatable = ['content', 'namespace', 'tags', 'metadata'] as const;
  if (!updatable.some((field) => field in fields)) {
    return invalidField(`Nothing to update: send at least one of ${updatable.join(', ')}.`);
  }
  const changes: MemoryChanges = {};
  if ('namespace' in fields) {
    const namespace = checkNamespace(fields.namespace);
    if (!namespace.ok) return namespace;
    changes.namespace = namespace.value;
  }
  if ('tags' in fields) {
    const tags = checkTags(fields.tags);
    if (!tags.ok) return tags;
    changes.tags = tags.value;
  }
  if ('metadata' in fields) {
    const metadata = checkMetadata(fields.metadata);
    if (!metadata.ok) return metadata;
    changes.metadata = metadata.value;
  }
  const bounded = checkStoredBounds(changes.tags ?? [], changes.metadata ?? {});
  if (bounded !== null) return invalidField(bounded);
  if ('content' in fields) {
    const content = checkContent(fields.content);
    if (!content.ok) return content;
    const sized = checkContentSize(content.value);
    if (!sized.ok) return sized;
    const redacted = redactContent(content.value, changes.metadata ?? currentMetadata, redact);
    changes.content = redacted.content;
    if (redacted.metadata !== (changes.metadata ?? currentMetadata)) changes.metadata = redacted.metadata;
  }
  return { ok: true, value: changes };
}
