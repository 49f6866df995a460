/**
 * Host access the extension needs and may not have. Chrome and Edge grant the manifest's `host_permissions` at
 * install and keep them. Firefox (MV3) shows them in the install prompt from version 127 but treats them as
 * optional: a temporary or older install may lack them, and the user can revoke any of them at any time
 * (about:addons → Permissions, or the extensions panel). Without a chat site's access its content script does
 * not run, so nothing is captured there; without the API origin's access the background cannot send.
 *
 * Pages check with `permissions.contains` (a read of the browser's state, no background needed) and ask with
 * `permissions.request`, which the browser honours only during a user gesture: `requestHostAccess` must be called
 * synchronously from the click handler.
 */
import { CHAT_SITES, type ChatSiteId } from '../shared/chat-sites';

function isFirefox(): boolean {
  return chrome.runtime.getURL('').startsWith('moz-extension:');
}

/**
 * The match pattern for one origin. Chrome gets the exact origin. Firefox gets the host without its port: its match
 * patterns cover every port, and a request with a port prompts (and waits on the prompt) even when the host is
 * already granted.
 */
export function originPattern(origin: string): string {
  const url = new URL(origin);
  return isFirefox() ? `${url.protocol}//${url.hostname}/*` : `${url.origin}/*`;
}

/** The patterns one chat site's capture needs (its content script's matches in manifest.config.ts). */
export function sitePatterns(site: ChatSiteId): string[] {
  const found = CHAT_SITES.find((s) => s.id === site);
  return (found?.hosts ?? []).map((host) => `https://${host}/*`);
}

export type MissingAccess = {
  /** The API origin's pattern when the extension may not reach it, else null. */
  api: string | null;
  /** Chat sites (in CHAT_SITES order) whose pages the extension may not read. */
  sites: ChatSiteId[];
};

async function has(patterns: string[]): Promise<boolean> {
  try {
    return await chrome.permissions.contains({ origins: patterns });
  } catch {
    // A pattern the browser rejects (an API URL it cannot match) is not something the user can grant.
    return true;
  }
}

/** What of the API origin and the chat sites the browser does not let the extension reach now. */
export async function missingAccess(apiUrl: string): Promise<MissingAccess> {
  let apiPattern: string | null = null;
  try {
    apiPattern = originPattern(apiUrl);
  } catch {
    apiPattern = null;
  }
  const [apiOk, ...sitesOk] = await Promise.all([
    apiPattern ? has([apiPattern]) : Promise.resolve(true),
    ...CHAT_SITES.map((site) => has(sitePatterns(site.id))),
  ]);
  return {
    api: apiOk ? null : apiPattern,
    sites: CHAT_SITES.filter((_, i) => !sitesOk[i]).map((site) => site.id),
  };
}

/** The patterns to ask for so nothing in `missing` is missing any more. */
export function patternsFor(missing: MissingAccess): string[] {
  return [...(missing.api ? [missing.api] : []), ...missing.sites.flatMap(sitePatterns)];
}

/** Asks the browser for these patterns. Call synchronously from a click handler (see the file comment). */
export function requestHostAccess(patterns: string[]): Promise<boolean> {
  return chrome.permissions.request({ origins: patterns });
}

/** Calls `listener` whenever the user grants or revokes access (in the browser's UI or through a request). */
export function onHostAccessChange(listener: () => void): () => void {
  // Optional chaining for pages rendered without the API (component tests of the pages that embed this).
  const events = [chrome.permissions?.onAdded, chrome.permissions?.onRemoved].filter((e) => !!e);
  for (const event of events) event.addListener(listener);
  return () => {
    for (const event of events) event.removeListener(listener);
  };
}
