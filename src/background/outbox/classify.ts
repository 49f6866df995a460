/**
 * The one place HTTP outcomes become outbox behaviour (docs/architecture.md §4). Each class has one action and one
 * sentence for the user; callers never look at status codes themselves.
 */
import { apiErrorSchema, memorySchema, type Memory, type Quota } from '../../shared/api-schema';
import { API_TIMEOUT_MS, clipText } from '../../shared/api-limits';
import type { ApiOutcome } from '../api/client';
import { parseRetryAfter } from './retry-after';
import { t } from '../../shared/i18n';

export type Decision =
  /** 2xx: done. `memory` is null when the body did not parse (still saved; never re-sent). */
  | { action: 'done'; memory: Memory | null; note?: string }
  /** 429: hold every send until `until` (null → no usable Retry-After: back off). */
  | { action: 'hold'; until: number | null; message: string }
  /** 5xx, network error, timeout: retry with backoff, never give up silently. */
  | { action: 'retry'; message: string; status?: number }
  /** 401: the token is wrong; pause until the user reconnects. */
  | { action: 'pause-auth'; message: string }
  /** 402: plan limit; pause, keep items, show quota and the upgrade link. */
  | { action: 'pause-quota'; message: string; quota: Quota | null; upgradeUrl: string | null }
  /** 413: park the item; the user can split or edit it. */
  | { action: 'park-too-large'; message: string; maxBytes?: number; receivedBytes?: number }
  /** 400/403/404/409/…: park with the server's reason. */
  | { action: 'park-rejected'; message: string; status: number };

/** Longest memory id kept for undo. */
const MAX_MEMORY_ID = 200;

export function classify(outcome: ApiOutcome, now: number): Decision {
  switch (outcome.kind) {
    case 'timeout':
      return { action: 'retry', message: t('bg_send_timeout', API_TIMEOUT_MS / 1000) };
    case 'network':
      return { action: 'retry', message: t('bg_send_unreachable') };
    case 'ok': {
      const parsed = memorySchema.safeParse(outcome.body);
      // An id no server would mint is not kept (it would be stored with the save and shown in Recent).
      return parsed.success && parsed.data.id.length <= MAX_MEMORY_ID
        ? { action: 'done', memory: parsed.data }
        : { action: 'done', memory: null, note: 'saved, but the reply was not a memory (undo unavailable)' };
    }
    case 'http':
      break;
  }
  const { status } = outcome;
  const parsedError = apiErrorSchema.safeParse(outcome.body);
  const error = parsedError.success ? parsedError.data : null;
  // Server text is stored with the item and shown in every status view: bounded here, once.
  const said = error?.message ?? error?.error;
  const serverSays = said === undefined ? undefined : clipText(said);
  const quota = error?.quota
    ? { used: error.quota.used, limit: error.quota.limit, plan: clipText(error.quota.plan, 100) }
    : null;
  const upgradeUrl = error?.upgrade_url && error.upgrade_url.length <= 2_000 ? error.upgrade_url : null;
  if (status === 429) {
    const wait = parseRetryAfter(outcome.retryAfter, now);
    return {
      action: 'hold',
      until: wait == null ? null : now + wait,
      message: t('bg_send_rate'),
    };
  }
  if (status >= 500 || status === 408) {
    return { action: 'retry', status, message: t('bg_send_server_error', status) };
  }
  if (status === 401) {
    return { action: 'pause-auth', message: t('bg_send_auth') };
  }
  if (status === 402) {
    return {
      action: 'pause-quota',
      message: serverSays ? t('bg_send_quota_says', serverSays) : t('bg_send_quota'),
      quota,
      upgradeUrl,
    };
  }
  if (status === 413) {
    return {
      action: 'park-too-large',
      message: t('bg_send_too_large'),
      ...(error?.max_bytes != null ? { maxBytes: error.max_bytes } : {}),
      ...(error?.received_bytes != null ? { receivedBytes: error.received_bytes } : {}),
    };
  }
  return {
    action: 'park-rejected',
    status,
    message: serverSays ? t('bg_send_refused_says', status, serverSays) : t('bg_send_refused', status),
  };
}
