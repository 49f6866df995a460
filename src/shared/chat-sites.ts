/**
 * The chat sites automatic capture knows. Plain data (no zod) so content scripts can import it cheaply.
 * Hosts here must match the manifest's content_scripts (manifest.config.ts builds from this list).
 */
export const CHAT_SITES = [
  { id: 'chatgpt', label: 'ChatGPT', hosts: ['chatgpt.com', 'chat.openai.com'] },
  { id: 'claude', label: 'Claude', hosts: ['claude.ai'] },
  { id: 'gemini', label: 'Gemini', hosts: ['gemini.google.com'] },
  { id: 'perplexity', label: 'Perplexity', hosts: ['www.perplexity.ai'] },
] as const;

export type ChatSiteId = (typeof CHAT_SITES)[number]['id'];

export const CHAT_SITE_IDS = /* @__PURE__ */ CHAT_SITES.map((s) => s.id) as [ChatSiteId, ...ChatSiteId[]];

/** The site a URL belongs to, or null for any other page. */
export function chatSiteForUrl(url: string | undefined): ChatSiteId | null {
  if (!url) return null;
  let host: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:') return null;
    host = parsed.hostname;
  } catch {
    return null;
  }
  for (const site of CHAT_SITES) {
    if ((site.hosts as readonly string[]).includes(host)) return site.id;
  }
  return null;
}

export function chatSiteLabel(id: ChatSiteId): string {
  return CHAT_SITES.find((s) => s.id === id)?.label ?? id;
}

export type PrivateChatKind = 'temporary-chat' | 'incognito-chat';

/** ChatGPT's URL rule alone (the site's content script knows its host; the host list stays out of its bundle). */
export const chatgptTemporary = (url: URL): PrivateChatKind | null =>
  url.searchParams.get('temporary-chat') === 'true' ? 'temporary-chat' : null;
/** Claude's URL rule alone. */
export const claudeIncognito = (url: URL): PrivateChatKind | null =>
  url.searchParams.has('incognito') ? 'incognito-chat' : null;

/**
 * A private chat that the URL alone gives away: ChatGPT temporary chats carry `?temporary-chat=true` (2026-09),
 * Claude incognito chats an `incognito` parameter. The content scripts use it, and so does the background on the
 * URL Chrome reports for the sender's tab, so a page that says nothing (stale or forged) cannot get one captured.
 * Claude also marks incognito chats in the page only; that part stays with its adapter.
 */
export function privateChatByUrl(url: string | URL | undefined): PrivateChatKind | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return null;
  }
  switch (chatSiteForUrl(parsed.href)) {
    case 'chatgpt':
      return chatgptTemporary(parsed);
    case 'claude':
      return claudeIncognito(parsed);
    case 'gemini':
    case 'perplexity':
    case null:
      return null;
  }
}

/**
 * Why the canary says a chat page is degraded, as a code: the page sends the code, never text for the user; the
 * popup and the badge show their own translated sentence for it.
 */
export const HEALTH_CODES = ['no-thread', 'no-turns', 'no-roles', 'no-answers', 'no-questions', 'no-signal'] as const;
export type HealthCode = (typeof HEALTH_CODES)[number];

/** The code, if `value` is one (anything a page sends is checked before it is used). */
export function healthCode(value: unknown): HealthCode | null {
  return (HEALTH_CODES as readonly unknown[]).includes(value) ? (value as HealthCode) : null;
}
