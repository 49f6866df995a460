/**
 * The one place HTTP outcomes become outbox behaviour (docs/architecture.md §4). What a status means is decided
 * in api/outcome.ts (shared with the connection test); each meaning has one action and one sentence for the user
 * here. Callers never look at status codes themselves.
 */
import type { Memory, Quota } from '../../shared/api-schema';
import { API_TIMEOUT_MS } from '../../shared/api-limits';
import type { ApiOutcome } from '../api/client';
import { parseMemory } from '../api/memories';
import { meaningOf } from '../api/outcome';
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

export function classify(
  outcome: ApiOutcome,
  now: number,
  /** A 2xx body the caller already parsed as a memory (createMemory, patchMemory): not parsed again. */
  parsed?: Memory | null,
): Decision {
  const meaning = meaningOf(outcome);
  switch (meaning.kind) {
    case 'timeout':
      return { action: 'retry', message: t('bg_send_timeout', API_TIMEOUT_MS / 1000) };
    case 'unreachable':
      return { action: 'retry', message: t('bg_send_unreachable') };
    case 'ok': {
      const memory = parsed !== undefined ? parsed : parseMemory(meaning.body);
      return memory
        ? { action: 'done', memory }
        : { action: 'done', memory: null, note: 'saved, but the reply was not a memory (undo unavailable)' };
    }
    case 'rate-limited': {
      const wait = parseRetryAfter(meaning.retryAfter, now);
      return { action: 'hold', until: wait == null ? null : now + wait, message: t('bg_send_rate') };
    }
    case 'server-error':
      return { action: 'retry', status: meaning.status, message: t('bg_send_server_error', meaning.status) };
    case 'token-rejected':
      return { action: 'pause-auth', message: t('bg_send_auth') };
    case 'quota':
      return {
        action: 'pause-quota',
        message: meaning.serverSays ? t('bg_send_quota_says', meaning.serverSays) : t('bg_send_quota'),
        quota: meaning.quota,
        upgradeUrl: meaning.upgradeUrl,
      };
    case 'too-large':
      return {
        action: 'park-too-large',
        message: t('bg_send_too_large'),
        ...(meaning.maxBytes !== undefined ? { maxBytes: meaning.maxBytes } : {}),
        ...(meaning.receivedBytes !== undefined ? { receivedBytes: meaning.receivedBytes } : {}),
      };
    case 'forbidden':
    case 'rejected': {
      // A 403 is parked like any refusal (the token is known; sending again would not help), not an auth pause.
      const status = meaning.kind === 'forbidden' ? 403 : meaning.status;
      return {
        action: 'park-rejected',
        status,
        message: meaning.serverSays
          ? t('bg_send_refused_says', status, meaning.serverSays)
          : t('bg_send_refused', status),
      };
    }
  }
}
