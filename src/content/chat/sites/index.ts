/**
 * Every site adapter by site id. The content scripts import their own adapter directly (one bundle per site); this
 * map is for tests and tools that need them all, and sites/index.test.ts keeps it in step with CHAT_SITES.
 */
import type { ChatSiteId } from '../../../shared/chat-sites';
import type { SiteAdapter } from '../adapter';
import { chatgptSite } from './chatgpt';
import { claudeSite } from './claude';
import { geminiSite } from './gemini';
import { perplexitySite } from './perplexity';

export const ADAPTERS: Record<ChatSiteId, SiteAdapter> = {
  chatgpt: chatgptSite,
  claude: claudeSite,
  gemini: geminiSite,
  perplexity: perplexitySite,
};
