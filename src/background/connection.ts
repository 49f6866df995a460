/**
 * Connection settings and "Test connection". The test proves the token with an authenticated call
 * (GET /memories?limit=1), not a public health check, so it tells apart: unreachable, token rejected, connected.
 */
import { memoryListSchema } from '../shared/api-schema';
import type { ConnectionInfo, ConnectionTestResult } from '../shared/messages';
import { DEFAULT_API_URL, isLoopbackUrl, normaliseApiUrl, type ConnectionMode } from '../shared/settings';
import { apiRequest } from './api/client';
import { kvGet, kvSet } from './db';
import { getBoundToken, originOf, setBoundToken, tokenHint, type BoundToken } from './secrets';
import { loadSettings, storeConnection } from './settings-store';
import { resumeFromPause, drainOutbox } from './outbox/sender';
import { t } from '../shared/i18n';

const LAST_RESULT_KEY = 'connection-last-result';

export class ConnectionError extends Error {}

export async function connectionInfo(): Promise<ConnectionInfo> {
  const settings = await loadSettings();
  const token = await getBoundToken(settings.connection.apiUrl);
  return {
    mode: settings.connection.mode,
    apiUrl: settings.connection.apiUrl,
    hasToken: !!token,
    tokenHint: tokenHint(token),
  };
}

export async function lastConnectionResult(): Promise<ConnectionTestResult['result'] | null> {
  return (await kvGet<ConnectionTestResult['result']>(LAST_RESULT_KEY)) ?? null;
}

/** Checks a URL + token pair the way the options page may store it; returns the normalised URL. */
export function validateConnection(mode: ConnectionMode, apiUrl: string, token: string | null): string {
  const url = normaliseApiUrl(mode === 'self-hosted' ? apiUrl : apiUrl || DEFAULT_API_URL[mode]);
  if (!url)
    throw new ConnectionError(
      'The API URL must be an http:// or https:// address, e.g. https://mnueron.example.com/api',
    );
  // The token only ever travels encrypted, except to this machine.
  if (token && !url.startsWith('https://') && !isLoopbackUrl(url)) {
    throw new ConnectionError(
      'A token can only be sent over HTTPS (plain http is allowed for 127.0.0.1/localhost only).',
    );
  }
  return url;
}

export async function saveConnection(
  mode: ConnectionMode,
  apiUrl: string,
  token: string | null | undefined,
): Promise<ConnectionInfo> {
  const current = await loadSettings();
  const stored = await getBoundToken(current.connection.apiUrl);
  const candidate = validateConnection(mode, apiUrl, null);
  // A token belongs to one server: moving to another origin without re-entering it drops it.
  const kept = stored && stored.origin === originOf(candidate) ? stored.value : null;
  const nextToken = token === undefined ? kept : token?.trim() || null;
  const url = validateConnection(mode, candidate, nextToken);
  await setBoundToken(nextToken, url);
  await storeConnection({ mode, apiUrl: url });
  await kvSet(LAST_RESULT_KEY, null);
  await resumeFromPause();
  void drainOutbox();
  return connectionInfo();
}

export async function testConnection(draft: {
  mode?: ConnectionMode;
  apiUrl?: string;
  token?: string | null;
}): Promise<ConnectionTestResult> {
  const settings = await loadSettings();
  const mode = draft.mode ?? settings.connection.mode;
  const stored = await getBoundToken(settings.connection.apiUrl);
  let url: string;
  let token: BoundToken | null;
  try {
    const candidate = validateConnection(mode, draft.apiUrl ?? settings.connection.apiUrl, null);
    const origin = originOf(candidate)!;
    // The stored token belongs to its own server: a draft on another origin is tested without it.
    const typed = draft.token?.trim() || null;
    token =
      draft.token === undefined ? (stored?.origin === origin ? stored : null) : typed ? { value: typed, origin } : null;
    url = validateConnection(mode, candidate, token?.value ?? null);
  } catch (err) {
    return { result: 'error', detail: (err as Error).message };
  }
  const outcome = await apiRequest(
    { apiUrl: url, token },
    { method: 'GET', path: '/memories?limit=1', timeoutMs: 10_000 },
  );
  const host = new URL(url).host;
  let result: ConnectionTestResult;
  if (outcome.kind === 'network' || outcome.kind === 'timeout') {
    result = {
      result: 'unreachable',
      detail: isLoopbackUrl(url) ? t('bg_conn_unreachable_local', host) : t('bg_conn_unreachable', host),
    };
  } else if (outcome.kind === 'http' && outcome.status === 403) {
    // Authenticated but not allowed (the API's 403): a new token of the same kind would not help.
    result = { result: 'error', detail: t('bg_conn_forbidden', host) };
  } else if (outcome.kind === 'http' && outcome.status === 401) {
    result = {
      result: 'token-rejected',
      detail: token ? t('bg_conn_rejected', host) : t('bg_conn_needs_token', host),
    };
  } else if (outcome.kind === 'ok' && memoryListSchema.safeParse(outcome.body).success) {
    result = {
      result: 'connected',
      detail: token
        ? t('bg_conn_connected_token', host)
        : mode === 'local'
          ? t('bg_conn_connected_local', host)
          : t('ui_conn_connected', host),
    };
  } else {
    result = {
      result: 'error',
      detail: outcome.kind === 'ok' ? t('bg_conn_not_api', host) : t('bg_conn_http', host, outcome.status),
    };
  }
  // Only a test of what is stored counts as the connection's state.
  const testedStored =
    url === settings.connection.apiUrl && (draft.token === undefined || draft.token === (stored?.value ?? null));
  if (testedStored) {
    await kvSet(LAST_RESULT_KEY, result.result);
    if (result.result === 'connected') {
      await resumeFromPause();
      void drainOutbox();
    }
  }
  return result;
}
