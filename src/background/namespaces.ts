/** Namespaces for the pickers: the server's list (GET /namespaces) merged with recently used ones. */
import { listNamespaces as serverNamespaces } from './api/memories';
import { storedTarget } from './api/target';
import { loadSettings } from './settings-store';
import { listRecent } from './outbox/store';

export async function listNamespaces(): Promise<string[]> {
  const settings = await loadSettings();
  const names = new Set<string>([settings.defaults.namespace]);
  for (const recent of await listRecent()) names.add(recent.namespace);
  for (const site of Object.values(settings.capture.sites)) if (site.namespace) names.add(site.namespace);
  const result = await serverNamespaces(await storedTarget(settings));
  if (result.kind === 'ok') for (const name of result.names) names.add(name);
  return [...names].sort((a, b) => a.localeCompare(b));
}
