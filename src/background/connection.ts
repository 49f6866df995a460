/**
 * Connection settings and "Test connection". The test proves the token with an authenticated call
 * (GET /memories?limit=1), not a public health check, so it tells apart: unreachable, token rejected, connected.
 * What a reply means is decided in api/outcome.ts, as for the outbox: a status never means two things.
 */
import type { ConnectionInfo, ConnectionTestResult } from '../shared/messages';
import { DEFAULT_API_URL, isLoopbackUrl, normaliseApiUrl, type ConnectionMode } from '../shared/settings';
import { checkAccess } from './api/memories';
import { meaningOf, type Meaning } from './api/outcome';
import { safeServerLink } from './links';
import { kvGet, kvSet } from './db';
import { ReplyError } from './reply-error';
import { getBoundToken, originOf, setBoundToken, tokenHint, type BoundToken } from './secrets';
import { loadSettings, storeConnection } from './settings-store';
import { resumeFromPause, drainOutbox } from './outbox/sender';
import { t } from '../shared/i18n';

const LAST_RESULT_KEY = 'connection-last-result';

/** A connection the user entered that cannot be saved (see reply-error.ts). */
export class ConnectionError extends ReplyError<'invalid'> {
  constructor(message: string) {
    super('invalid', message);
  }
}

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
  const { outcome, isList } = await checkAccess({ apiUrl: url, token });
  const result = connectionResult(meaningOf(outcome), isList, { url, mode, hasToken: !!token });
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

/** What a connection test says for each meaning of the test read's outcome. */
function connectionResult(
  meaning: Meaning,
  isList: boolean,
  test: { url: string; mode: ConnectionMode; hasToken: boolean },
): ConnectionTestResult {
  const host = new URL(test.url).host;
  switch (meaning.kind) {
    case 'unreachable':
    case 'timeout':
      return {
        result: 'unreachable',
        detail: isLoopbackUrl(test.url) ? t('bg_conn_unreachable_local', host) : t('bg_conn_unreachable', host),
      };
    case 'token-rejected':
      return {
        result: 'token-rejected',
        detail: test.hasToken ? t('bg_conn_rejected', host) : t('bg_conn_needs_token', host),
      };
    case 'forbidden':
      // Authenticated but not allowed (the API's 403): a new token of the same kind would not help.
      return { result: 'error', detail: t('bg_conn_forbidden', host) };
    case 'quota': {
      const link = safeServerLink(meaning.upgradeUrl, test.url);
      return {
        result: 'error',
        detail: link ? t('apiconn_quota_link', host, link) : t('apiconn_quota', host),
      };
    }
    case 'rate-limited':
      return { result: 'error', detail: t('apiconn_rate', host) };
    case 'server-error':
      return { result: 'error', detail: t('apiconn_server', host, meaning.status) };
    case 'ok':
      if (!isList) return { result: 'error', detail: t('bg_conn_not_api', host) };
      return {
        result: 'connected',
        detail: test.hasToken
          ? t('bg_conn_connected_token', host)
          : test.mode === 'local'
            ? t('bg_conn_connected_local', host)
            : t('ui_conn_connected', host),
      };
    case 'too-large':
      return { result: 'error', detail: t('bg_conn_http', host, 413) };
    case 'rejected':
      return { result: 'error', detail: t('bg_conn_http', host, meaning.status) };
  }
}
