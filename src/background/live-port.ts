/**
 * The side panel's live port (no polling): every outbox change is pushed to each open panel as `{ type: 'bg:changed' }`
 * (coalesced to one message per task), and a switch to another tab, or the active tab moving to another page, as
 * `{ type: 'bg:tab' }`, so the panel's "This page" view follows the tab the user looks at. Tab listeners exist only
 * while a panel is connected: with no panel open, switching tabs never wakes the worker for us.
 */
import browser from './browser';
import { LIVE_PORT, type LiveMessage } from '../shared/messages';
import { onOutboxChange } from './outbox/sender';
import { addPanelPort } from './suggestions';

const ports = new Set<browser.Runtime.Port>();

function post(port: browser.Runtime.Port, message: LiveMessage): void {
  try {
    port.postMessage(message);
  } catch {
    ports.delete(port);
  }
}

const onActivated = () => ports.forEach((port) => post(port, { type: 'bg:tab' }));
const onUpdated = (_tabId: number, change: browser.Tabs.OnUpdatedChangeInfoType, tab: browser.Tabs.Tab) => {
  if (change.url !== undefined && tab.active) ports.forEach((port) => post(port, { type: 'bg:tab' }));
};

function listenToTabs(on: boolean): void {
  if (on) {
    browser.tabs.onActivated.addListener(onActivated);
    browser.tabs.onUpdated.addListener(onUpdated);
  } else {
    browser.tabs.onActivated.removeListener(onActivated);
    browser.tabs.onUpdated.removeListener(onUpdated);
  }
}

/** runtime.onConnect: serves our own extension pages on the live port, ignores every other port. */
export function serveLivePort(port: browser.Runtime.Port): void {
  if (port.name !== LIVE_PORT) return;
  const from = port.sender?.url ?? '';
  if (port.sender?.id !== browser.runtime.id || !from.startsWith(browser.runtime.getURL(''))) {
    port.disconnect();
    return;
  }
  if (ports.size === 0) listenToTabs(true);
  ports.add(port);
  let queued = false;
  const unsubscribe = onOutboxChange(() => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      if (ports.has(port)) post(port, { type: 'bg:changed' });
    });
  });
  // A click on a suggestion count shows its search in a panel that is already open.
  const forget = addPanelPort(port);
  port.onDisconnect.addListener(() => {
    unsubscribe();
    forget();
    ports.delete(port);
    if (ports.size === 0) listenToTabs(false);
  });
}
