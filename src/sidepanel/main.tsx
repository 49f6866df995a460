import { render } from 'preact';
import '../ui/theme.css';
import './sidepanel.css';
import { App } from './App';
import { tabIdFromSearch } from '../popup/tab-param';
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
      const type = (message as { type?: unknown } | null)?.type;
      if (type === 'changed' || type === 'tab') onChange({ type });
    });
    port.onDisconnect.addListener(() => {
      if (!closed) setTimeout(() => open(true), 1_000);
    });
    if (again) onChange({ type: 'changed' });
  };
  open(false);
  return () => {
    closed = true;
    port?.disconnect();
  };
}

const params = new URLSearchParams(location.search);
render(
  <App tabId={tabIdFromSearch(location.search)} initialQuery={params.get('q') ?? ''} subscribe={subscribe} />,
  document.getElementById('app')!,
);
