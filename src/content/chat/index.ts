/**
 * Chat capture content script, injected on the chat sites only (manifest.config.ts) and built as one self-contained
 * file. Picks the site's adapter and starts capture; everything else is in capture.ts.
 */
import { startChatCapture } from './capture';
import { ADAPTERS_BY_HOST } from './sites/index';

// Injected twice (an extension update re-injecting into open tabs, or scripting.executeScript): the isolated world
// is shared, so the newer copy aborts the older one through this global.
const GLOBAL = '__mnueronChatCapture';
const g = globalThis as unknown as Record<string, AbortController | undefined>;
g[GLOBAL]?.abort();
const adapter = location.protocol === 'https:' ? ADAPTERS_BY_HOST[location.hostname] : undefined;
if (adapter) g[GLOBAL] = startChatCapture(adapter);
