/**
 * The address bar keyword `mn`: typing after it suggests memories from the server search; choosing one (or
 * pressing Enter) opens the memories panel page in a tab with `?q=` (a side panel cannot be opened from here
 * without a user gesture the browser recognises).
 */
import browser from './browser';
import { searchMemories } from './api/memories';
import { storedTarget } from './api/target';
import { SIDE_PANEL_PAGE } from './panel-page';

const SUGGESTIONS = 5;

/** Chrome reads suggestion descriptions as XML. */
function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export async function suggestFor(text: string): Promise<{ content: string; description: string }[]> {
  const q = text.trim().slice(0, 200);
  if (q === '') return [];
  const result = await searchMemories(await storedTarget(), { q, limit: SUGGESTIONS });
  if (result.kind !== 'ok') return [];
  const seen = new Set<string>();
  return result.memories
    .map((memory) => memory.content.replace(/\s+/g, ' ').trim().slice(0, 100))
    .filter((content) => content !== '' && !seen.has(content) && seen.add(content))
    .map((content) => ({ content, description: escapeXml(content) }));
}

export function panelUrlFor(q: string): string {
  return `${browser.runtime.getURL(SIDE_PANEL_PAGE)}?q=${encodeURIComponent(q.slice(0, 200))}`;
}

export function registerOmnibox(): void {
  if (!browser.omnibox) return;
  browser.omnibox.onInputChanged.addListener((text, suggest) => {
    void suggestFor(text).then(suggest, () => suggest([]));
  });
  browser.omnibox.onInputEntered.addListener((text, disposition) => {
    const url = panelUrlFor(text);
    if (disposition === 'currentTab') void browser.tabs.update({ url });
    else void browser.tabs.create({ url, active: disposition !== 'newBackgroundTab' });
  });
}
