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

export const CHAT_SITE_IDS = CHAT_SITES.map((s) => s.id) as [ChatSiteId, ...ChatSiteId[]];

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
