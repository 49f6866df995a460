/**
 * The Mnueron API client: the only code that calls fetch. Every request aborts after 20 s (Chrome kills a worker
 * that waits on a fetch for 30 s, and then neither the success nor the error path would run), never sends
 * cookies (the token is the only credential), and turns every result into an ApiOutcome value — it never throws.
 * Error texts never contain the token.
 */
import { API_TIMEOUT_MS } from '../../shared/api-limits';
import { isLoopbackUrl } from '../../shared/settings';
import { originOf, type BoundToken } from '../secrets';

export { API_TIMEOUT_MS };

export type ApiTarget = { apiUrl: string; token: BoundToken | null };

/**
 * Whether a request to `apiUrl` may carry `token`: only to the exact origin the token was stored for, and only
 * encrypted or to this machine. Checked here, at the one place that calls fetch, so no caller can get it wrong.
 */
export function mayCarryToken(token: BoundToken, apiUrl: string): boolean {
  const origin = originOf(apiUrl);
  if (!origin || origin !== token.origin) return false;
  return origin.startsWith('https://') || isLoopbackUrl(apiUrl);
}

export type ApiOutcome =
  /** 2xx; `body` is the parsed JSON, or null (204 / empty / not JSON). */
  | { kind: 'ok'; status: number; body: unknown }
  /** Non-2xx; `body` is the parsed JSON error when it was JSON. */
  | { kind: 'http'; status: number; body: unknown; retryAfter: string | null }
  /**
   * No HTTP reply. `refused` when the connection was refused, so the body never left (known only where the
   * runtime says so, as Node's fetch does; a browser reports every failure alike, and then it is in doubt).
   */
  | { kind: 'network'; message: string; refused?: true }
  | { kind: 'timeout' };

export type ApiRequest = {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path below the API base, starting with '/': '/memories', '/memories/<id>'. */
  path: string;
  body?: unknown;
  timeoutMs?: number;
};

/** Replies are small JSON; anything bigger than this is not read (a hostile server cannot fill the worker's memory). */
export const MAX_REPLY_BYTES = 1024 * 1024;

/** The reply body as text, or null when it is bigger than `max` bytes (the rest is never downloaded). */
async function readCapped(response: Response, max: number): Promise<string | null> {
  const declared = Number(response.headers.get('content-length') ?? '');
  if (Number.isFinite(declared) && declared > max) {
    await response.body?.cancel().catch(() => undefined);
    return null;
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(all);
}

function parseJson(text: string | null): unknown {
  if (text === null || text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function wasRefused(err: unknown): boolean {
  const cause = err instanceof Error ? (err as Error & { cause?: unknown }).cause : undefined;
  return typeof cause === 'object' && cause !== null && (cause as { code?: unknown }).code === 'ECONNREFUSED';
}

/**
 * Whether a request that got this outcome may have been stored anyway: no reply, or a 5xx (a proxy or a crash
 * after the write). Such an item is looked up by its idempotency key before it is sent again.
 */
export function outcomeInDoubt(outcome: ApiOutcome): boolean {
  if (outcome.kind === 'timeout') return true;
  if (outcome.kind === 'network') return !outcome.refused;
  return outcome.kind === 'http' && outcome.status >= 500;
}

export async function apiRequest(target: ApiTarget, request: ApiRequest): Promise<ApiOutcome> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  if (target.token && mayCarryToken(target.token, target.apiUrl))
    headers.Authorization = `Bearer ${target.token.value}`;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), request.timeoutMs ?? API_TIMEOUT_MS);
  try {
    const response = await fetch(target.apiUrl + request.path, {
      method: request.method,
      headers,
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'error',
      signal: controller.signal,
    });
    const text = await readCapped(response, MAX_REPLY_BYTES);
    const body = parseJson(text);
    if (response.ok) return { kind: 'ok', status: response.status, body };
    return { kind: 'http', status: response.status, body, retryAfter: response.headers.get('retry-after') };
  } catch (err) {
    if (controller.signal.aborted) return { kind: 'timeout' };
    const message = err instanceof Error ? err.message : String(err);
    return wasRefused(err) ? { kind: 'network', message, refused: true } : { kind: 'network', message };
  } finally {
    clearTimeout(timer);
  }
}
