/**
 * The selectors each adapter relies on, newest layout first. When a page's canary says degraded, the background
 * counts how many nodes each matches in that page (tab-scripts.ts `probeCountsInTab`), so "Copy debug info" shows
 * which one the site broke. Kept out of the content scripts: only Diagnostics needs them.
 */
import type { ChatSiteId } from '../../../shared/chat-sites';
import { chatgptProbes } from './chatgpt';
import { claudeProbes } from './claude';
import { geminiProbes } from './gemini';
import { perplexityProbes } from './perplexity';

/** Most selectors a report carries. */
export const MAX_PROBES = 40;

export const PROBES: Record<ChatSiteId, readonly string[]> = {
  chatgpt: chatgptProbes().slice(0, MAX_PROBES),
  claude: claudeProbes().slice(0, MAX_PROBES),
  gemini: geminiProbes().slice(0, MAX_PROBES),
  perplexity: perplexityProbes().slice(0, MAX_PROBES),
};
