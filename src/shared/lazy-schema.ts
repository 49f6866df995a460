/**
 * A zod schema built on first use instead of at module load. Building a schema is not free (every `z.object`,
 * `z.string().check(...)` allocates its checks and parsers), and the service worker's cold start runs every module's
 * top level before it answers the message that woke it: built lazily, a start pays only for the schemas it parses
 * with. The schema is built once and kept, so each later use gets the same instance, as a module-level constant did.
 */
export function lazySchema<T>(build: () => T): () => T {
  let schema: T | undefined;
  return () => (schema ??= build());
}
