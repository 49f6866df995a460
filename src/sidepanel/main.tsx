import { render } from 'preact';
import '../ui/theme.css';
import './sidepanel.css';
import { App } from './App';
import { tabIdFromSearch } from '../popup/tab-param';
import { LIVE_PORT, type LiveMessage } from '../shared/live-port';
import { send } from '../shared/ui-client';

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

const params = new URLSearchParams(location.search);
void (async () => {
  // `?q=` (the omnibox), else the search a click on a suggestion count left for the panel it opened.
  let initialQuery = params.get('q');
  if (initialQuery === null) {
    const pending = await send<'ui:suggest-pending'>({ type: 'ui:suggest-pending' });
    initialQuery = pending.ok ? (pending.value ?? '') : '';
  }
  render(
    <App tabId={tabIdFromSearch(location.search)} initialQuery={initialQuery} subscribe={subscribe} />,
    document.getElementById('app')!,
  );
})();
