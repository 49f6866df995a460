/**
 * Auth and rate limit, the cloud's two ways of saying no to a client that passed the guards. They are two plugins
 * because the faults sit between them: an injected fault answers a request with a valid token before the rate limit
 * counts it.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { retryAfterSeconds, type WriteRateLimiter } from '../guards';
import { bearerTokenOf, isTestHookPath, pathOf, shared, type RuntimeSettings } from './shared';

/** Compares digests so the time taken does not reveal how much of a token matched. */
function tokenIsAccepted(token: string, accepted: string[]): boolean {
  const digest = createHash('sha256').update(token).digest();
  let found = false;
  for (const candidate of accepted) {
    if (timingSafeEqual(digest, createHash('sha256').update(candidate).digest())) found = true;
  }
  return found;
}

function isMemoryWrite(method: string, routeUrl: string | undefined): boolean {
  return (
    (method === 'POST' && routeUrl === '/api/memories') ||
    ((method === 'PATCH' || method === 'DELETE') && routeUrl === '/api/memories/:id')
  );
}

export type AuthOptions = {
  /** Read per request; `tokens: null` is local mode (no auth). */
  settings: Pick<RuntimeSettings, 'tokens'>;
};

/** With tokens set, /api/* (health excepted) and the test hooks need one of them as a bearer token, or get 401. */
export const authPlugin = shared<AuthOptions>('mnueron-auth', async (app, { settings }) => {
  app.addHook('onRequest', async (request, reply) => {
    const path = pathOf(request.url);
    if (!settings.tokens) return;
    if (!(isTestHookPath(path) || (path.startsWith('/api/') && path !== '/api/health'))) return;
    const token = bearerTokenOf(request.headers.authorization);
    if (token === null || !tokenIsAccepted(token, settings.tokens)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send({
          error: 'unauthorized',
          message: token === null ? 'A bearer token is required.' : 'The bearer token is not valid.',
        });
    }
  });
});

export type RateLimitOptions = {
  /** Read per request; null → unlimited. */
  settings: Pick<RuntimeSettings, 'rateLimit'>;
  /** Shared with `control.reset()`, which clears it. */
  limiter: WriteRateLimiter;
};

/** Memory writes (POST/PATCH/DELETE) per token per sliding window; past it, 429 with Retry-After. */
export const rateLimitPlugin = shared<RateLimitOptions>('mnueron-rate-limit', async (app, { settings, limiter }) => {
  app.addHook('onRequest', async (request, reply) => {
    const limit = settings.rateLimit;
    if (!limit || !isMemoryWrite(request.method, request.routeOptions.url)) return;
    const token = bearerTokenOf(request.headers.authorization);
    const waitMs = limiter.take(token ?? 'anonymous', Date.now(), limit);
    if (waitMs === null) return;
    const seconds = retryAfterSeconds(waitMs);
    return reply
      .code(429)
      .header('retry-after', String(seconds))
      .send({
        error: 'rate_limited',
        message: `More than ${limit.max} writes in ${limit.windowMs} ms; retry in ${seconds} s.`,
      });
  });
});
