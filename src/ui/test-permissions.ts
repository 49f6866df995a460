/**
 * `chrome.permissions` over a set of granted origin patterns, for the tests of pages that check or ask for host
 * access. Test-only; no production code imports this file.
 */
import { vi } from 'vitest';

/** The permissions API over a set of granted patterns, on the extension origin given. */
export function stubPermissions(extensionOrigin: string, granted: string[]) {
  const set = new Set(granted);
  const listeners = new Set<() => void>();
  const event = {
    addListener: (l: () => void) => listeners.add(l),
    removeListener: (l: () => void) => listeners.delete(l),
  };
  const permissions = {
    contains: vi.fn(async ({ origins = [] }: { origins?: string[] }) => origins.every((o) => set.has(o))),
    request: vi.fn(async ({ origins = [] }: { origins?: string[] }) => {
      for (const o of origins) set.add(o);
      return true;
    }),
    onAdded: event,
    onRemoved: event,
  };
  const g = globalThis as { chrome?: Record<string, unknown> };
  g.chrome = { ...g.chrome, runtime: { getURL: (path: string) => `${extensionOrigin}/${path}` }, permissions };
  return { permissions, listeners, set };
}
