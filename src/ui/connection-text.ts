/**
 * What a connection test result means to a person, and what to do next. Shared by the options page ("Test
 * connection") and the popup's first-run screen ("Use local mode") so both say the same thing.
 */
import type { ConnectionTestResult } from '../shared/messages';
import type { ConnectionMode } from '../shared/settings';
import { hostOf } from './format';

export const MODE_LABEL: Record<ConnectionMode, string> = {
  local: 'Local',
  cloud: 'Cloud',
  'self-hosted': 'Self-hosted',
};

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
      // The background's detail is usually a whole sentence ("Connected to host with your token."); a bare
      // identity (account, org) is read as who we are connected as.
      return {
        tone: 'ok',
        title: /^connected\b/i.test(detail)
          ? detail
          : detail
            ? `Connected to ${host} as ${detail}`
            : `Connected to ${host}.`,
        next: '',
      };
    case 'token-rejected':
      // Without any token the server did not reject one; it wants one. Both need the same next step.
      return /needs an? (API )?token/i.test(detail)
        ? { tone: 'error', title: `${host} needs an API token — paste one from Account → API tokens.`, next: '' }
        : {
            tone: 'error',
            title: 'The server rejected the token — paste a new one from Account → API tokens.',
            next: '',
          };
    case 'unreachable':
      return {
        tone: 'error',
        title: `Can't reach ${host}.`,
        next:
          mode === 'local'
            ? 'Is the local server running? Start it with `npm start`, or check the URL.'
            : 'Check the URL and your network, then test again.',
      };
    case 'error':
      return {
        tone: 'warn',
        title: detail || `${host} answered, but not as expected.`,
        next: 'Check that the URL points at a Mnueron API (it usually ends in /api), then test again.',
      };
  }
}

/** One word for the popup header: how the last attempt went. */
export function connectionStateLabel(lastResult: ConnectionTestResult['result'] | null): string {
  switch (lastResult) {
    case 'connected':
      return 'Connected';
    case 'token-rejected':
      return 'Token rejected';
    case 'unreachable':
      return 'Unreachable';
    case 'error':
      return 'Connection problem';
    case null:
      return 'Not tested yet';
  }
}
