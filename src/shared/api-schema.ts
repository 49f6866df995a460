/**
 * Shapes of the Mnueron REST API (the published API contract: overview and POST /memories), parsed with zod at the boundary.
 * Unknown extra fields are allowed (the API is v0 and grows); missing required ones are a malformed reply.
 * `zod/mini` (functional, tree-shakable) keeps the service worker small; the schemas are the same as zod's.
 */
import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema';

export { CLOUD_API_URL, LOCAL_API_URL, MAX_CONTENT_BYTES, utf8Bytes } from './api-limits';

export const memorySchema = lazySchema(() =>
  z.looseObject({
    id: z.string().check(z.minLength(1)),
    content: z.string(),
    namespace: z.string(),
    tags: z.array(z.string()),
    source: z.optional(z.string()),
    source_ref: z.optional(z.nullable(z.string())),
    metadata: z.record(z.string(), z.unknown()),
    created_at: z.number(),
    updated_at: z.number(),
  }),
);
export type Memory = z.infer<ReturnType<typeof memorySchema>>;

/** GET /api/memories answers a plain array (legacy) or `{ memories: [...] }` (newer routes). */
export const memoryListSchema = lazySchema(() =>
  z.union([
    z.array(memorySchema()),
    z.pipe(
      z.looseObject({ memories: z.array(memorySchema()) }),
      z.transform((v) => v.memories),
    ),
  ]),
);

export const quotaSchema = lazySchema(() =>
  z.looseObject({
    used: z.number(),
    limit: z.number(),
    plan: z.string(),
  }),
);
export type Quota = z.infer<ReturnType<typeof quotaSchema>>;

/** Every error reply: `error` is a machine code, the rest is optional and acted on when present. */
export const apiErrorSchema = lazySchema(() =>
  z.looseObject({
    error: z.string(),
    message: z.optional(z.string()),
    quota: z.optional(quotaSchema()),
    upgrade_url: z.optional(z.string()),
    max_bytes: z.optional(z.number()),
    received_bytes: z.optional(z.number()),
  }),
);
export type ApiError = z.infer<ReturnType<typeof apiErrorSchema>>;

/** GET /api/namespaces, as the local server answers it (or `{ namespaces: [...] }`). */
const namespaceEntrySchema = lazySchema(() =>
  z.looseObject({
    name: z.string(),
    count: z.optional(z.number()),
    last_updated: z.optional(z.nullable(z.number())),
  }),
);
export const namespaceListSchema = lazySchema(() =>
  z.union([
    z.array(namespaceEntrySchema()),
    z.pipe(
      z.looseObject({ namespaces: z.array(namespaceEntrySchema()) }),
      z.transform((v) => v.namespaces),
    ),
  ]),
);

/**
 * GET /api/namespaces as names: the cloud's entries (plain or keyed), or the real local server's plain array of
 * non-empty names, newest first.
 */
export const namespaceNamesSchema = lazySchema(() =>
  z.union([
    z.array(z.string().check(z.minLength(1))),
    z.pipe(
      namespaceListSchema(),
      z.transform((entries) => entries.map((entry) => entry.name)),
    ),
  ]),
);

/** The body of POST /api/memories as this extension sends it. */
export const newMemorySchema = lazySchema(() =>
  z.object({
    content: z.string().check(z.minLength(1)),
    namespace: z.optional(z.string().check(z.minLength(1))),
    tags: z.optional(z.array(z.string())),
    source: z.optional(z.string()),
    source_ref: z.optional(z.string()),
    metadata: z.optional(z.record(z.string(), z.unknown())),
  }),
);
export type NewMemory = z.infer<ReturnType<typeof newMemorySchema>>;
