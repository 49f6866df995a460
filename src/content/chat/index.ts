/**
 * Chat capture content script, injected on the chat sites only (manifest.config.ts) and built as one self-contained
 * file. Picks the site's adapter and starts capture; everything else is in capture.ts.
 */
import { chatSiteForUrl, type ChatSiteId } from '../../shared/chat-sites';
import type { SiteAdapter } from './adapter';
import { startChatCapture } from './capture';
import { chatgptSite } from './sites/chatgpt';
import { claudeSite } from './sites/claude';
import { geminiSite } from './sites/gemini';
import { perplexitySite } from './sites/perplexity';

const ADAPTERS: Record<ChatSiteId, SiteAdapter> = {
  chatgpt: chatgptSite,
  claude: claudeSite,
  gemini: geminiSite,
  perplexity: perplexitySite,
};

// Injected twice (an extension update re-injecting into open tabs, or scripting.executeScript): the isolated world
// is shared, so the newer copy aborts the older one through this global.
const GLOBAL = '__mnueronChatCapture';
const g = globalThis as unknown as Record<string, AbortController | undefined>;
g[GLOBAL]?.abort();
const site = chatSiteForUrl(location.href);
if (site) g[GLOBAL] = startChatCapture(ADAPTERS[site]);
