/** Reply fixtures for the pages' component tests. Test-only. */
import type { ActiveTabInfo, OutboxItemView, StatusView } from '../shared/messages';
import { defaultSettings, type Settings } from '../shared/settings';

export function makeStatus(overrides: Partial<StatusView> = {}): StatusView {
  return {
    connection: {
      mode: 'local',
      apiUrl: 'http://127.0.0.1:3122/api',
      hasToken: false,
      tokenHint: '',
      lastResult: 'connected',
    },
    pending: 0,
    inFlight: 0,
    items: [],
    paused: null,
    holdUntil: null,
    retryAt: null,
    lastError: null,
    nextAttemptAt: null,
    quota: null,
    recent: [],
    degradedSites: [],
    capturePausedUntil: null,
    ...overrides,
  };
}

export function makeItem(overrides: Partial<OutboxItemView> = {}): OutboxItemView {
  return {
    id: 'item-1',
    op: 'create',
    preview: 'Prefers 2-space indentation',
    bytes: 27,
    createdAt: Date.now() - 60_000,
    state: 'pending',
    attempts: 0,
    nextAttemptAt: null,
    namespace: 'default',
    kind: 'quick-save',
    ...overrides,
  };
}

export function makeTab(overrides: Partial<ActiveTabInfo> = {}): ActiveTabInfo {
  return {
    selection: '',
    title: 'Example',
    url: 'https://example.com/',
    site: null,
    conversation: null,
    siteHealth: null,
    siteHealthReason: null,
    ...overrides,
  };
}

export function makeSettings(mutate?: (s: Settings) => void): Settings {
  const settings = structuredClone(defaultSettings());
  mutate?.(settings);
  return settings;
}
