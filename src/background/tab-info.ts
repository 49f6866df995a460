/**
 * What the background knows about a tab. Chrome shows a tab's URL only with the `tabs` permission (not requested)
 * or after an activeTab grant (a toolbar click); on chat sites our content script can say which site and chat
 * the tab shows, so it is asked when the URL is hidden.
 */
import browser from './browser';
import { chatSiteForUrl, type ChatSiteId } from '../shared/chat-sites';
import type { SiteInfoReply } from '../shared/messages';
import { CHAT_HOST_GLOBAL } from '../content/chat/save-chat-api';
import { siteInfoInTab } from '../content/chat/tab-scripts';

export type TabInfo = {
  id: number;
  url: string | undefined;
  title: string | undefined;
  site: ChatSiteId | null;
  /** From the content script, on chat sites only. */
  chat: SiteInfoReply | null;
};

async function askContentScript(tabId: number): Promise<SiteInfoReply | null> {
  try {
    // Run next to the content script, in its isolated world: it publishes the adapter and the page's state there.
    const [run] = await browser.scripting.executeScript({
      target: { tabId },
      func: siteInfoInTab,
      args: [CHAT_HOST_GLOBAL],
    });
    const reply = run?.result as SiteInfoReply | null | undefined;
    if (!reply || typeof reply !== 'object' || typeof reply.site !== 'string' || typeof reply.url !== 'string')
      return null;
    return reply;
  } catch {
    return null; // a page we may not script: not a chat site
  }
}

export async function tabInfo(tabId?: number): Promise<TabInfo | null> {
  let tab: { id?: number; url?: string; title?: string } | undefined;
  try {
    tab =
      tabId !== undefined
        ? await browser.tabs.get(tabId)
        : (await browser.tabs.query({ active: true, lastFocusedWindow: true }))[0];
  } catch {
    return null;
  }
  if (tab?.id === undefined) return null;
  const visibleSite = chatSiteForUrl(tab.url);
  // A visible non-chat URL needs no question; a chat URL or a hidden one asks the content script.
  const chat = tab.url && !visibleSite ? null : await askContentScript(tab.id);
  // The content script's site is trusted only if it is a real chat site by its own URL.
  const site = visibleSite ?? (chat ? chatSiteForUrl(chat.url) : null);
  return {
    id: tab.id,
    url: tab.url ?? (site ? chat?.url : undefined),
    title: tab.title ?? chat?.title,
    site,
    chat: site ? chat : null,
  };
}
