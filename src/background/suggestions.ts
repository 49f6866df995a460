/**
 * Suggestions while typing (opt-in per site, off by default). The suggestion script (content/suggest/suggest.ts) is
 * a content script registered at run time (scripting.registerContentScripts) for the opted-in sites only, and
 * injected into their open tabs; with no site opted in nothing is registered, so no page runs or listens to anything.
 *
 * The draft the script sends after a pause is a read-only search query to the configured server (GET /memories?q=);
 * only a count goes back to the page. The draft is never stored, logged or queued. A click on the count opens the
 * memories panel on that query: `sidePanel.open` runs synchronously inside the click's user gesture (Chrome carries
 * a content script's gesture into the runtime message it sends); the query waits here for the panel to ask for it
 * (`ui:suggest-pending`), or is pushed to a panel that is already open.
 */
import browser from './browser';
import { CHAT_SITES, type ChatSiteId } from '../shared/chat-sites';
import type { MessageOf, SuggestCount } from '../shared/messages';
import { ON_DEMAND_SCRIPTS } from '../shared/on-demand-scripts';
import { openPanel } from '../shared/open-panel';
import type { Settings } from '../shared/settings';
import { searchMemories } from './api/memories';
import { storedTarget } from './api/target';
import { clock } from './clock';
import { PANEL_PAGE_SIZE } from './memories-panel';
import { SUGGEST_STOP_EVENT } from '../shared/suggest';

/** The id of the registered suggestion script. */
export const SUGGEST_SCRIPT_ID = 'mnueron-suggest';
/** Longest query sent to the server; the end of the draft (what the user is typing now) is kept. */
export const MAX_SUGGEST_QUERY = 200;
/** How long a clicked query waits for the panel to pick it up. */
const PENDING_MS = 15_000;

/** The search query for a draft: whitespace collapsed, the last MAX_SUGGEST_QUERY characters. */
export function suggestQuery(draft: string): string {
  const squashed = draft.replace(/\s+/g, ' ').trim();
  return squashed.length > MAX_SUGGEST_QUERY ? squashed.slice(-MAX_SUGGEST_QUERY).trim() : squashed;
}

export async function suggestCount(m: MessageOf<'page:suggest-count'>): Promise<SuggestCount> {
  const q = suggestQuery(m.draft);
  if (q === '') return { count: 0, more: false };
  const result = await searchMemories(await storedTarget(), { q, limit: PANEL_PAGE_SIZE });
  if (result.kind !== 'ok') return { count: 0, more: false };
  const count = Math.min(result.memories.length, PANEL_PAGE_SIZE);
  return { count, more: result.memories.length >= PANEL_PAGE_SIZE };
}

let pending: { q: string; until: number } | null = null;
/** Open panels (the live port), to show a clicked query in one that is already open. */
const panels = new Set<{ postMessage(message: unknown): void }>();

export function addPanelPort(port: { postMessage(message: unknown): void }): () => void {
  panels.add(port);
  return () => panels.delete(port);
}

/** Must stay synchronous up to openPanel: the click's gesture lasts only while the message is being handled. */
export function suggestOpen(
  m: MessageOf<'page:suggest-open'>,
  tabId: number | undefined,
): Promise<{ opened: boolean }> {
  const q = suggestQuery(m.draft);
  if (q === '' || tabId === undefined) return Promise.resolve({ opened: false });
  pending = { q, until: clock.now() + PENDING_MS };
  openPanel(tabId);
  for (const port of panels) {
    try {
      port.postMessage({ type: 'bg:query', q });
    } catch {
      panels.delete(port);
    }
  }
  return Promise.resolve({ opened: true });
}

/** The query a click left for the panel, once. */
export function takePendingQuery(): string | null {
  const taken = pending && pending.until > clock.now() ? pending.q : null;
  pending = null;
  return taken;
}

function matchesFor(sites: readonly ChatSiteId[]): string[] {
  return CHAT_SITES.filter((site) => sites.includes(site.id)).flatMap((site) =>
    site.hosts.map((h) => `https://${h}/*`),
  );
}

/** The sites a registration's match patterns cover. */
function sitesOf(matches: readonly string[]): ChatSiteId[] {
  return CHAT_SITES.filter((site) => site.hosts.some((h) => matches.includes(`https://${h}/*`))).map((s) => s.id);
}

/**
 * Registers the suggestion script for exactly the opted-in sites (none: unregistered), injects it into their open
 * tabs when a site is switched on, and tells open tabs of a site switched off to stand down. Does nothing when the
 * registration already matches (every service worker start calls this).
 */
export async function syncSuggestions(settings: Pick<Settings, 'suggestions'>): Promise<void> {
  const scripting = browser.scripting;
  const file = ON_DEMAND_SCRIPTS.suggest.file;
  const sites = CHAT_SITES.map((s) => s.id).filter((id) => settings.suggestions.sites.includes(id));
  let before: ChatSiteId[];
  try {
    const registered = await scripting.getRegisteredContentScripts({ ids: [SUGGEST_SCRIPT_ID] });
    before = registered.length ? sitesOf(registered[0]?.matches ?? []) : [];
    if (before.join() === sites.join()) return;
    if (registered.length) await scripting.unregisterContentScripts({ ids: [SUGGEST_SCRIPT_ID] });
    if (sites.length) {
      await scripting.registerContentScripts([
        {
          id: SUGGEST_SCRIPT_ID,
          matches: matchesFor(sites),
          js: [file],
          runAt: 'document_idle',
          persistAcrossSessions: true,
        },
      ]);
    }
  } catch (err) {
    console.warn('[mnueron] suggestions: registration failed', err);
    return;
  }
  const added = sites.filter((site) => !before.includes(site));
  const removed = before.filter((site) => !sites.includes(site));
  await forTabs(matchesFor(added), (tabId) => scripting.executeScript({ target: { tabId }, files: [file] }));
  await forTabs(matchesFor(removed), (tabId) =>
    scripting.executeScript({
      target: { tabId },
      func: (event: string) => void document.dispatchEvent(new Event(event)),
      args: [SUGGEST_STOP_EVENT],
    }),
  );
}

async function forTabs(matches: string[], run: (tabId: number) => Promise<unknown>): Promise<void> {
  if (!matches.length) return;
  let tabs: browser.Tabs.Tab[];
  try {
    tabs = await browser.tabs.query({ url: matches });
  } catch {
    return;
  }
  for (const tab of tabs) {
    if (tab.id === undefined || tab.discarded) continue;
    await run(tab.id).catch(() => undefined);
  }
}
