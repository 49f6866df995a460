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

type BrowserTab = { id?: number; url?: string; title?: string };

/** The tab, else the active tab of the last focused window; null when there is none (or it is gone). */
async function browserTab(tabId?: number): Promise<BrowserTab | null> {
  try {
    return (
      (tabId !== undefined
        ? await browser.tabs.get(tabId)
        : (await browser.tabs.query({ active: true, lastFocusedWindow: true }))[0]) ?? null
    );
  } catch {
    return null;
  }
}

export async function tabInfo(tabId?: number): Promise<TabInfo | null> {
  const tab = await browserTab(tabId);
  if (tab?.id === undefined) return null;
  return infoOf(tab as BrowserTab & { id: number });
}

/**
 * Only the tab's URL (the side panel's "This page"): the browser's when it shows it, with no question to the page
 * (a script run in the tab is a round trip through its renderer); else what tabInfo finds out.
 */
export async function tabUrl(tabId?: number): Promise<string | null> {
  const tab = await browserTab(tabId);
  if (tab?.id === undefined) return null;
  if (tab.url) return tab.url;
  return (await infoOf(tab as BrowserTab & { id: number })).url ?? null;
}

async function infoOf(tab: BrowserTab & { id: number }): Promise<TabInfo> {
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
