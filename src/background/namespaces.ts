/** Namespaces for the pickers: the server's list (GET /namespaces) merged with recently used ones. */
import { namespaceListSchema } from '../shared/api-schema';
import { apiRequest } from './api/client';
import { storedTarget } from './api/target';
import { loadSettings } from './settings-store';
import { listRecent } from './outbox/store';

export async function listNamespaces(): Promise<string[]> {
  const settings = await loadSettings();
  const names = new Set<string>([settings.defaults.namespace]);
  for (const recent of await listRecent()) names.add(recent.namespace);
  for (const site of Object.values(settings.capture.sites)) if (site.namespace) names.add(site.namespace);
  const outcome = await apiRequest(await storedTarget(settings), {
    method: 'GET',
    path: '/namespaces',
    timeoutMs: 5_000,
  });
  if (outcome.kind === 'ok') {
    const parsed = namespaceListSchema.safeParse(outcome.body);
    if (parsed.success) for (const ns of parsed.data) names.add(ns.name);
  }
  return [...names].sort((a, b) => a.localeCompare(b));
}
