/** "Copy debug info": versions, settings and outbox state in plain text — never the token. */
import browser from './browser';
import { connectionInfo } from './connection';
import { readDiagnostics } from './db';
import { loadSettings } from './settings-store';
import { countByState } from './outbox/store';
import { readOutboxState } from './outbox/state';
import { healthReport } from './chat-health';

export async function debugInfo(): Promise<string> {
  const [settings, info, counts, state, diagnostics, health] = await Promise.all([
    loadSettings(),
    connectionInfo(),
    countByState(),
    readOutboxState(),
    readDiagnostics(),
    healthReport(),
  ]);
  const { sendLog, ...outboxState } = state;
  return [
    `Mnueron for Chrome ${browser.runtime.getManifest().version}`,
    `User agent: ${globalThis.navigator?.userAgent ?? 'unknown'}`,
    `Connection: ${info.mode} ${info.apiUrl} (token ${info.hasToken ? 'set' : 'not set'})`,
    `Outbox: ${JSON.stringify(counts)}`,
    `Outbox state: ${JSON.stringify({ ...outboxState, writesInWindow: sendLog.length })}`,
    `Settings: ${JSON.stringify(settings)}`,
    'Chat sites (capture canary):',
    ...(health.length ? health : ['  no chat page seen in this session']),
    'Recent attempts:',
    ...diagnostics.map(
      (d) => `  ${new Date(d.at).toISOString()} ${d.kind} ${d.outcome}${d.status ? ` ${d.status}` : ''} — ${d.detail}`,
    ),
  ].join('\n');
}
