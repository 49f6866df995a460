/**
 * What a connection test result means to a person, and what to do next. Shared by the options page ("Test
 * connection") and the popup's first-run screen ("Use local mode") so both say the same thing.
 */
import type { ConnectionTestResult } from '../shared/messages';
import type { ConnectionMode } from '../shared/settings';
import { hostOf } from './format';
import { t, type MessageKey } from '../shared/i18n';

const MODE_KEY: Record<ConnectionMode, MessageKey> = {
  local: 'ui_mode_local',
  cloud: 'ui_mode_cloud',
  'self-hosted': 'ui_mode_self_hosted',
};

/** "Local", "Cloud", "Self-hosted" in the UI language. */
export function modeLabel(mode: ConnectionMode): string {
  return t(MODE_KEY[mode]);
}

export type Tone = 'ok' | 'warn' | 'error' | 'info';

export type ConnectionResultView = {
  tone: Tone;
  /** The headline: what happened. */
  title: string;
  /** The next step, in plain words; empty when there is nothing to do. */
  next: string;
};

export function connectionResultView(
  result: ConnectionTestResult,
  apiUrl: string,
  mode: ConnectionMode,
): ConnectionResultView {
  const host = hostOf(apiUrl);
  const detail = result.detail.trim();
  switch (result.result) {
    case 'connected':
      // The background's detail is a whole sentence in the UI language ("Connected to host with your token."); a
      // bare identity (an account or org, one word) is read as who we are connected as.
      return {
        tone: 'ok',
        title: /\s/.test(detail)
          ? detail
          : detail
            ? t('ui_conn_connected_as', host, detail)
            : t('ui_conn_connected', host),
        next: '',
      };
    case 'token-rejected':
      // Without any token the server did not reject one; it wants one. Both need the same next step.
      return detail === t('bg_conn_needs_token', host) || /needs an? (API )?token/i.test(detail)
        ? { tone: 'error', title: t('ui_conn_needs_token', host), next: '' }
        : { tone: 'error', title: t('ui_conn_token_rejected'), next: '' };
    case 'unreachable':
      return {
        tone: 'error',
        title: t('ui_conn_unreachable', host),
        next: t(mode === 'local' ? 'ui_conn_unreachable_local' : 'ui_conn_unreachable_remote'),
      };
    case 'error':
      return {
        tone: 'warn',
        title: detail || t('ui_conn_unexpected', host),
        next: t('ui_conn_unexpected_next'),
      };
  }
}

/** One word for the popup header: how the last attempt went. */
export function connectionStateLabel(lastResult: ConnectionTestResult['result'] | null): string {
  switch (lastResult) {
    case 'connected':
      return t('ui_state_connected');
    case 'token-rejected':
      return t('ui_state_token_rejected');
    case 'unreachable':
      return t('ui_state_unreachable');
    case 'error':
      return t('ui_state_error');
    case null:
      return t('ui_state_untested');
  }
}
