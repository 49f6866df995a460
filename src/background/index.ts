/**
 * The service worker. Every listener is registered synchronously at the top level (Chrome only delivers the
 * event that woke a worker to listeners that exist before the first await). Nothing important lives in memory:
 * on every start the outbox resumes from IndexedDB.
 */
import browser from './browser';
import { createMenus, MENU_ID } from './context-menu';
import { saveFromPage, saveSelectionOfTab } from './page-capture';
import { route, type Sender } from './router';
import { WAKE_ALARM } from './outbox/scheduler';
import { drainOutbox, onOutboxChange } from './outbox/sender';
import { recoverInflight } from './outbox/store';
import { badgeSoon, refreshBadge } from './badge';
import { pruneTurnKeys } from './chat-capture';
import { handleInstalled, reinjectChatScripts } from './reinject';
import { SETTINGS_KEY } from '../shared/settings';
import { openPanel } from '../shared/open-panel';
import { registerOmnibox } from './omnibox';
import { serveLivePort } from './live-port';
import { loadSettings, republishIfChanged } from './settings-store';
import { syncSuggestions } from './suggestions';

/**
 * Start-up work waits until the message that woke the worker has been answered (the popup's `ui:status` on a cold
 * start), or START_UP_DELAY_MS when no message woke it (an alarm, a menu click, an install): run at once, it competed
 * with that first reply for IndexedDB and the extension APIs. Nothing a handler needs depends on it: the handlers
 * load the settings and the outbox themselves, and a wake-up alarm drains on its own.
 */
export const START_UP_DELAY_MS = 300;

/**
 * Registers every listener (synchronously: before anything awaits) and schedules the worker's start-up work (after
 * the first reply, or START_UP_DELAY_MS), whose promise it returns. Called once, at the top level below; exported so
 * a unit test can check the wiring.
 */
export function main(): Promise<void> {
  let startUpBegun = false;
  let startUpDone: (done: Promise<void>) => void = () => undefined;
  const startUpWork = new Promise<void>((resolve) => {
    startUpDone = resolve;
  });
  const startUpTimer = setTimeout(startUp, START_UP_DELAY_MS);

  function startUpSoon(): void {
    // After the reply has gone out (it is sent when the handler's promise settles, before this timer fires).
    setTimeout(startUp, 0);
  }

  function startUp(): void {
    if (startUpBegun) return;
    startUpBegun = true;
    clearTimeout(startUpTimer);
    // Every start-up re-creates the menus (not only on install: an update or a cleared profile loses them).
    void createMenus();
    startUpDone(
      (async () => {
        // Adopts an earlier version's settings and publishes them; the suggestion script is registered as they say.
        await syncSuggestions(await loadSettings());
        await recoverInflight();
        await refreshBadge();
        await drainOutbox();
        await pruneTurnKeys();
      })(),
    );
  }

  browser.runtime.onInstalled.addListener((details) => {
    void handleInstalled(details);
  });

  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== MENU_ID) return;
    void saveFromPage(info, tab ?? {});
  });

  browser.commands.onCommand.addListener((command, tab) => {
    if (command === 'save-selection' && tab) void saveSelectionOfTab(tab);
    // Inside the shortcut's user gesture: the panel may only be opened from one.
    if (command === 'open-memories') openPanel(tab?.id, tab?.windowId);
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === WAKE_ALARM) void drainOutbox();
  });

  browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) => {
    const reply = route(message, sender as Sender);
    if (!startUpBegun) void reply.then(startUpSoon, startUpSoon);
    return reply;
  });

  // storage.local is writable by content scripts: a change to the published settings that the background did not
  // make is undone at once (the background itself never reads them from there).
  browser.storage.onChanged.addListener((changes, area) => {
    const change = changes[SETTINGS_KEY];
    if (area === 'local' && change) void republishIfChanged(change.newValue);
  });

  // The side panel listens on a port (no polling): outbox changes and tab switches are pushed to each open panel.
  browser.runtime.onConnect.addListener(serveLivePort);

  registerOmnibox();

  // A drain's transitions come in a burst: the badge is refreshed once it settles, not after each.
  onOutboxChange(badgeSoon);

  return startUpWork;
}

/** The start-up work of this worker, once it has run (tests await it). */
export const started: Promise<void> = main();

/**
 * Test seam, only in the test builds (`npm run build:test`, `npm run build:firefox-test`; Vite replaces MODE, so the
 * shipped builds have none of it): e2e tests call exactly what the context menu and shortcut call (see README
 * "Testing").
 */
if (import.meta.env.MODE === 'test' || import.meta.env.MODE === 'firefox-test') {
  (globalThis as Record<string, unknown>).__mnueron = {
    saveFromPage,
    saveSelectionOfTab,
    drainOutbox,
    route,
    reinjectChatScripts,
  };
}
