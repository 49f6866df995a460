import { render } from 'preact';
// The theme comes in through sidepanel.css (@import): the page links one stylesheet, not two.
import './sidepanel.css';
import { App, opening } from './App';
import { tabIdFromSearch } from './tab-param';
import { LIVE_PORT, type LiveMessage } from '../shared/live-port';

/**
 * Changes pushed by the background over a runtime port (no polling). A lost port (the worker was stopped)
 * reconnects, and the page then reloads once, since what happened meanwhile was not pushed.
 */
function subscribe(onChange: (message: LiveMessage) => void): () => void {
  let port: chrome.runtime.Port | null = null;
  let closed = false;
  const open = (again: boolean) => {
    port = chrome.runtime.connect({ name: LIVE_PORT });
    port.onMessage.addListener((message: unknown) => {
      const m = message as { type?: unknown; q?: unknown } | null;
      // A click on a suggestion count while the panel is open: show that search.
      if (m?.type === 'bg:query' && typeof m.q === 'string') showQuery(m.q);
      else if (m?.type === 'bg:changed' || m?.type === 'bg:tab') onChange({ type: m.type });
    });
    port.onDisconnect.addListener(() => {
      if (!closed) setTimeout(() => open(true), 1_000);
    });
    if (again) onChange({ type: 'bg:changed' });
  };
  open(false);
  return () => {
    closed = true;
    port?.disconnect();
  };
}

function showQuery(q: string): void {
  const next = new URLSearchParams(location.search);
  next.set('q', q);
  location.replace(`${location.pathname}?${next.toString()}`);
}

void (async () => {
  const tabId = tabIdFromSearch(location.search);
  const { initialQuery, firstSearch } = await opening(new URLSearchParams(location.search), tabId);
  render(
    <App tabId={tabId} initialQuery={initialQuery} firstSearch={firstSearch} subscribe={subscribe} />,
    document.getElementById('app')!,
  );
})();
