/**
 * What the server's plugins share: the settings that /__test__/options and `control.setOptions` change at run time,
 * request-path helpers, and `shared()`, which lets a plugin's hooks reach the routes registered beside it (what the
 * `fastify-plugin` package does, without the dependency).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ServerOptions } from '../app';

/** Read on every request, so a change applies to the next one. */
export type RuntimeSettings = Required<
  Pick<ServerOptions, 'tokens' | 'quota' | 'rateLimit' | 'idempotency' | 'anyExtension'>
> & {
  /** Canonical origins: the pinned ones plus the configured ones. */
  extensionOrigins: Set<string>;
};

export const TEST_HOOKS_PREFIX = '/__test__';

export function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

export function isTestHookPath(path: string): boolean {
  return path === TEST_HOOKS_PREFIX || path.startsWith(`${TEST_HOOKS_PREFIX}/`);
}

export function bearerTokenOf(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? (match[1] as string) : null;
}

/**
 * Marks a plugin as not encapsulated: its hooks apply to every route of the instance it is registered on, in
 * registration order. Hooks run in the order their plugins were registered, and one that sends a reply ends the chain.
 */
export function shared<Options extends object>(
  name: string,
  plugin: FastifyPluginAsync<Options>,
): FastifyPluginAsync<Options> {
  return Object.assign(plugin, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: name,
  });
}
