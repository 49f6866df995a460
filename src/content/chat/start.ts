/**
 * Starts chat capture with one site's adapter. Each chat site has its own tiny entry file (entries/<site>.ts),
 * built as a self-contained IIFE holding only that site's adapter: less to parse on every page load than one
 * bundle with all four (manifest.config.ts injects each entry on its own site's hosts only).
 */
import type { SiteAdapter } from './adapter';
import { startChatCapture } from './capture';
import type { ReadExchange } from './exchange';

// Injected twice (an extension update re-injecting into open tabs, or scripting.executeScript): the isolated world
// is shared, so the newer copy aborts the older one through this global.
const GLOBAL = '__mnueronChatCapture';

/** `read`: how the site's script reads a finished exchange: `exchangeAt`, or `lateReader` (late-reader.ts). */
export function runChatCapture(adapter: SiteAdapter, read: ReadExchange): void {
  const g = globalThis as unknown as Record<string, AbortController | undefined>;
  g[GLOBAL]?.abort();
  if (location.protocol === 'https:') g[GLOBAL] = startChatCapture(adapter, read);
}
