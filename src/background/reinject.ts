/**
 * After an install or an update (an extension reload included), Chrome does not put content scripts into tabs that
 * are already open, and the copy left in a chat tab by the previous version is orphaned: it can no longer reach the
 * background, so the next finished turn would be lost. This injects the current chat content script into every
 * open chat tab; the script's entry makes the older copy stand down (src/content/chat/start.ts).
 *
 * Every chat tab gets it, enabled site or not, as the manifest would on a page load: while its site is disabled
 * the script only listens for a settings change.
 */
import browser from './browser';

/** Injects the manifest's content scripts into the open tabs they match; resolves with how many tabs took one. */
export async function reinjectChatScripts(): Promise<number> {
  const scripts = browser.runtime.getManifest().content_scripts ?? [];
  let injected = 0;
  for (const script of scripts) {
    // The built file names (the manifest names the bundles, not the sources).
    if (!script.js?.length || !script.matches?.length) continue;
    let tabs: browser.Tabs.Tab[];
    try {
      tabs = await browser.tabs.query({ url: script.matches });
    } catch {
      continue;
    }
    for (const tab of tabs) {
      // A discarded tab reloads when it is next shown, and then gets the script from the manifest.
      if (tab.id === undefined || tab.discarded) continue;
      try {
        await browser.scripting.executeScript({ target: { tabId: tab.id }, files: script.js });
        injected++;
      } catch {
        // Closed meanwhile, still loading an error page, or not ours to script: the next page load injects it.
      }
    }
  }
  return injected;
}

/** runtime.onInstalled: the options page on a first install; the chat script into open tabs on install and update. */
export async function handleInstalled(details: { reason: string }): Promise<void> {
  if (details.reason === 'install') void browser.runtime.openOptionsPage();
  if (details.reason === 'install' || details.reason === 'update') await reinjectChatScripts();
}
