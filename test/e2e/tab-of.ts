/**
 * The id of the tab showing `url`, asked from the service worker (the e2e harness and the bench both need it).
 * Chat tabs hide their URL from the extension (no host permission is shown to `tabs.query`), so where no tab
 * reports the URL, each tab is asked in its isolated world, where our chat content script publishes its host.
 * With `mark` (a window.name the caller gave the page), the tab is the one whose window carries it, which tells
 * apart tabs showing the same URL; pages that cannot be scripted are still found by their URL.
 */
import type { Worker } from 'playwright-core';
import { CHAT_HOST_GLOBAL } from '../../src/content/chat/save-chat-api';

export async function tabOf(sw: Worker, url: string, mark?: string): Promise<number | null> {
  const id = await sw.evaluate(
    async ({ u, host, mark }) => {
      const c = (globalThis as unknown as { chrome: typeof chrome }).chrome;
      const tabs = await c.tabs.query({});
      if (mark !== undefined) {
        for (const t of tabs) {
          if (t.id === undefined) continue;
          const [run] = await c.scripting
            .executeScript({ target: { tabId: t.id }, func: () => window.name })
            .catch(() => [null]);
          if (run?.result === mark) return t.id;
        }
      }
      const shown = tabs.find((t) => t.url === u);
      if (shown?.id !== undefined) return shown.id;
      for (const t of tabs) {
        if (t.id === undefined) continue;
        const [run] = await c.scripting
          .executeScript({
            target: { tabId: t.id },
            func: (g: string) => ((globalThis as Record<string, unknown>)[g] ? location.href : null),
            args: [host],
          })
          .catch(() => [null]);
        if (run?.result === u) return t.id;
      }
      return -1;
    },
    { u: url, host: CHAT_HOST_GLOBAL, mark },
  );
  return id < 0 ? null : id;
}
