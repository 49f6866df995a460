/**
 * Functions the background runs in a chat tab's isolated world (`scripting.executeScript({ func, args })`), next
 * to the content script, when something is asked of the page: they read the `ChatHost` the content script
 * publishes (save-chat-api.ts). Each is serialized on its own, so each uses only its arguments and the page's
 * globals: no imports, no module constants (the global names come in as arguments).
 */
import type { CollectChatReply, SiteInfoReply } from '../../shared/messages';
import type { ChatHost, SaveChat } from './save-chat-api';

/** The popup's "this site" (and the tab's URL when Chrome hides it): null where no chat capture runs. */
export function siteInfoInTab(hostGlobal: string): SiteInfoReply | null {
  const host = (globalThis as unknown as Record<string, ChatHost | undefined>)[hostGlobal];
  if (!host) return null;
  const a = host.adapter;
  const { state, reason } = host.health();
  const title = a.title(document);
  return {
    site: a.site,
    url: location.href,
    conversationId: a.conversationId(new URL(location.href)),
    ...(title ? { title } : {}),
    health: state,
    ...(state === 'degraded' && reason ? { reason } : {}),
  };
}

/** "Save this chat", once the background has injected save-chat.js into this world. */
export async function collectChatInTab(hostGlobal: string, saveGlobal: string): Promise<CollectChatReply> {
  const g = globalThis as unknown as Record<string, unknown>;
  const host = g[hostGlobal] as ChatHost | undefined;
  const save = g[saveGlobal] as SaveChat | undefined;
  if (!host || typeof save !== 'function') {
    return { ok: false, error: 'the page is not ready: reload the tab and try again' };
  }
  try {
    return await save({
      adapter: host.adapter,
      doc: document,
      degraded: host.health().state === 'degraded',
      skipTemporary: host.skipTemporary(),
      send: host.send,
    });
  } catch (e) {
    return { ok: false, error: String(e) };
  }
}

/** A degraded page's canary: how many nodes each selector the adapter relies on matches (sites/probes.ts). */
export function probeCountsInTab(selectors: string[]): Array<[string, number]> {
  return selectors.map((s) => [s, document.querySelectorAll(s).length]);
}
