/**
 * What an API outcome means, decided once (the API contract's status table): the outbox (outbox/classify.ts)
 * and "Test connection" (connection.ts) both act on this, so a status never means two things. Server text is
 * bounded here, once.
 */
import { apiErrorSchema, type Quota } from '../../shared/api-schema';
import { clipText } from '../../shared/api-limits';
import type { ApiOutcome } from './client';

export type Meaning =
  /** 2xx: `body` is the parsed reply (each endpoint parses its own shape). */
  | { kind: 'ok'; status: number; body: unknown }
  /** 401: missing or invalid token. */
  | { kind: 'token-rejected' }
  /** 403: the token is known but lacks permission (a new token of the same kind would not help). */
  | { kind: 'forbidden'; serverSays?: string }
  /** 402: the plan's limit; the quota and the upgrade link when the server sent them. */
  | { kind: 'quota'; serverSays?: string; quota: Quota | null; upgradeUrl: string | null }
  /** 413: the body is bigger than the server takes. */
  | { kind: 'too-large'; maxBytes?: number; receivedBytes?: number }
  /** 429: rate-limited; `retryAfter` is the raw header. */
  | { kind: 'rate-limited'; retryAfter: string | null }
  /** 5xx or 408: the server failed; try again later. */
  | { kind: 'server-error'; status: number }
  /** Any other non-2xx (400, 404, 409, …): the server refused this request. */
  | { kind: 'rejected'; status: number; serverSays?: string }
  /** No HTTP reply. */
  | { kind: 'unreachable' }
  | { kind: 'timeout' };

/** Longest upgrade link kept (it is shown to the user and opened on a click). */
const MAX_UPGRADE_URL = 2_000;

export function meaningOf(outcome: ApiOutcome): Meaning {
  switch (outcome.kind) {
    case 'timeout':
      return { kind: 'timeout' };
    case 'network':
      return { kind: 'unreachable' };
    case 'ok':
      return { kind: 'ok', status: outcome.status, body: outcome.body };
    case 'http':
      break;
  }
  const { status } = outcome;
  const parsedError = apiErrorSchema().safeParse(outcome.body);
  const error = parsedError.success ? parsedError.data : null;
  const said = error?.message ?? error?.error;
  const serverSays = said === undefined ? {} : { serverSays: clipText(said) };
  if (status === 429) return { kind: 'rate-limited', retryAfter: outcome.retryAfter };
  if (status >= 500 || status === 408) return { kind: 'server-error', status };
  if (status === 401) return { kind: 'token-rejected' };
  if (status === 403) return { kind: 'forbidden', ...serverSays };
  if (status === 402) {
    return {
      kind: 'quota',
      ...serverSays,
      quota: error?.quota
        ? { used: error.quota.used, limit: error.quota.limit, plan: clipText(error.quota.plan, 100) }
        : null,
      upgradeUrl: error?.upgrade_url && error.upgrade_url.length <= MAX_UPGRADE_URL ? error.upgrade_url : null,
    };
  }
  if (status === 413) {
    return {
      kind: 'too-large',
      ...(error?.max_bytes != null ? { maxBytes: error.max_bytes } : {}),
      ...(error?.received_bytes != null ? { receivedBytes: error.received_bytes } : {}),
    };
  }
  return { kind: 'rejected', status, ...serverSays };
}
