/**
 * Which adapter serves which host. The manifest injects the content script only on the hosts of
 * shared/chat-sites.ts (CHAT_SITES); this map repeats them so the bundle needs no copy of that list's labels and
 * helpers — sites/index.test.ts keeps the two in step.
 */
import type { SiteAdapter } from '../adapter';
import { chatgptSite } from './chatgpt';
import { claudeSite } from './claude';
import { geminiSite } from './gemini';
import { perplexitySite } from './perplexity';

export const ADAPTERS_BY_HOST: Record<string, SiteAdapter> = {
  'chatgpt.com': chatgptSite,
  'chat.openai.com': chatgptSite,
  'claude.ai': claudeSite,
  'gemini.google.com': geminiSite,
  'www.perplexity.ai': perplexitySite,
};
