import { render } from 'preact';
import '../ui/theme.css';
import './sidepanel.css';
import { App } from './App';
import { tabIdFromSearch } from '../popup/tab-param';
import { LIVE_PORT } from '../shared/messages';

/** Changes pushed by the background over a runtime port (no polling); a lost port reconnects. */
function subscribe(onChange: () => void): () => void {
  let port: chrome.runtime.Port | null = null;
  let closed = false;
  const open = () => {
    port = chrome.runtime.connect({ name: LIVE_PORT });
    port.onMessage.addListener(onChange);
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

const params = new URLSearchParams(location.search);
render(
  <App tabId={tabIdFromSearch(location.search)} initialQuery={params.get('q') ?? ''} subscribe={subscribe} />,
  document.getElementById('app')!,
);
