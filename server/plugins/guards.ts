/**
 * Guards and CORS: the Host guard (DNS rebinding), the extension Origin allowlist (this extension's pinned id plus the
 * configured origins), the CORS headers and preflights for the origins it lets through, and `nosniff` on every reply.
 */
import { hostNameOf, isAllowedExtensionOrigin, isExtensionOrigin, isLoopbackHostName } from '../guards';
import { shared, type RuntimeSettings } from './shared';

export type GuardsOptions = {
  /** Read per request: `control.setOptions` may change the origins. */
  settings: Pick<RuntimeSettings, 'extensionOrigins' | 'anyExtension'>;
  /** Refuse Host headers that are not loopback names or `allowedHosts`. */
  hostGuard: boolean;
  /** Lower-case host names accepted besides loopback ones. */
  allowedHosts: ReadonlySet<string>;
};

export const guardsPlugin = shared<GuardsOptions>(
  'mnueron-guards',
  async (app, { settings, hostGuard, allowedHosts }) => {
    app.addHook('onRequest', async (request, reply) => {
      const origin = request.headers.origin;
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
    });

    app.addHook('onSend', async (_request, reply) => {
      reply.header('x-content-type-options', 'nosniff');
    });
  },
);
