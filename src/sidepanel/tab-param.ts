/**
 * The tab the panel is pinned to, from `?tab=<id>` (as the tests and the bench open it), else none: the rule of
 * src/popup/tab-param.ts, repeated here because importing that module made it a chunk shared with the popup, a
 * module script of its own for the panel's first load to fetch. `tab-param.test.ts` keeps the two the same.
 */
export function tabIdFromSearch(search: string): number | undefined {
  const raw = new URLSearchParams(search).get('tab');
  if (raw === null || !/^\d+$/.test(raw)) return undefined;
  const id = Number(raw);
  return Number.isSafeInteger(id) ? id : undefined;
}
