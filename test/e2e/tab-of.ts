/**
 * The id of the tab showing `url`, asked from the service worker (the e2e harness and the bench both need it).
 * Chat tabs hide their URL from the extension (no host permission is shown to `tabs.query`), so where no tab
 * reports the URL, each tab is asked in its isolated world, where our chat content script publishes its host.
 */
import type { Worker } from 'playwright-core';
import { CHAT_HOST_GLOBAL } from '../../src/content/chat/save-chat-api';

export async function tabOf(sw: Worker, url: string): Promise<number | null> {
  const id = await sw.evaluate(
    async ({ u, host }) => {
      const c = (globalThis as unknown as { chrome: typeof chrome }).chrome;
      const tabs = await c.tabs.query({});
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
    { u: url, host: CHAT_HOST_GLOBAL },
  );
  return id < 0 ? null : id;
}
