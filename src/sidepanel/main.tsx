import { render } from 'preact';
import '../ui/theme.css';
import './sidepanel.css';
import { App } from './App';
import { tabIdFromSearch } from '../popup/tab-param';
import { LIVE_PORT } from '../shared/messages';
import { send } from '../shared/ui-client';

/** Changes pushed by the background over a runtime port (no polling); a lost port reconnects. */
function subscribe(onChange: () => void): () => void {
  let port: chrome.runtime.Port | null = null;
  let closed = false;
  const open = () => {
    port = chrome.runtime.connect({ name: LIVE_PORT });
    port.onMessage.addListener((message: { type?: string; q?: unknown }) => {
      // A click on a suggestion count while the panel is open: show that search.
      if (message.type === 'query' && typeof message.q === 'string') showQuery(message.q);
      else onChange();
    });
    port.onDisconnect.addListener(() => {
      if (!closed) setTimeout(open, 1_000);
    });
  };
  open();
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
