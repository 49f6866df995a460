/**
 * The Mnueron API client: the only code that calls fetch. Every request aborts after 20 s (Chrome kills a worker
 * that waits on a fetch for 30 s, and then neither the success nor the error path would run), never sends
 * cookies (the token is the only credential), and turns every result into an ApiOutcome value — it never throws.
 * Error texts never contain the token.
 */
export const API_TIMEOUT_MS = 20_000;

export type ApiTarget = { apiUrl: string; token: string | null };

export type ApiOutcome =
  /** 2xx; `body` is the parsed JSON, or null (204 / empty / not JSON). */
  | { kind: 'ok'; status: number; body: unknown }
  /** Non-2xx; `body` is the parsed JSON error when it was JSON. */
  | { kind: 'http'; status: number; body: unknown; retryAfter: string | null }
  | { kind: 'network'; message: string }
  | { kind: 'timeout' };

export type ApiRequest = {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path below the API base, starting with '/': '/memories', '/memories/<id>'. */
  path: string;
  body?: unknown;
  timeoutMs?: number;
};

function parseJson(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export async function apiRequest(target: ApiTarget, request: ApiRequest): Promise<ApiOutcome> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  if (target.token) headers.Authorization = `Bearer ${target.token}`;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), request.timeoutMs ?? API_TIMEOUT_MS);
  try {
    const response = await fetch(target.apiUrl + request.path, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'error',
      signal: controller.signal,
    });
    const text = await response.text();
    const body = parseJson(text);
    if (response.ok) return { kind: 'ok', status: response.status, body };
    return { kind: 'http', status: response.status, body, retryAfter: response.headers.get('retry-after') };
  } catch (err) {
    if (controller.signal.aborted) return { kind: 'timeout' };
    return { kind: 'network', message: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}
