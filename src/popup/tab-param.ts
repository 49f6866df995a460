/**
 * The tab the popup acts on. Opened from the toolbar it has no parameter and the background uses the active tab;
 * opened as a page (e2e tests, screenshots) it names the tab with `?tab=<id>`.
 */
export function tabIdFromSearch(search: string): number | undefined {
  const raw = new URLSearchParams(search).get('tab');
  if (raw === null || !/^\d+$/.test(raw)) return undefined;
  const id = Number(raw);
  return Number.isSafeInteger(id) ? id : undefined;
}
