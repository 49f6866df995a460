/**
 * The MV3 manifest, for Chrome/Chromium (and Edge, which takes the Chrome package) and for Firefox. Every
 * per-browser difference lives here, in `manifestFor(target)`:
 *  - background: Chrome runs a service worker; Firefox runs `background.scripts` (an event page; crxjs with
 *    `browser: 'firefox'` writes its loader there).
 *  - identity: Chrome pins its id with `key`; Firefox takes `browser_specific_settings.gecko.id` and gives each
 *    install a random moz-extension:// origin. `minimum_chrome_version` is Chrome's, `strict_min_version` Firefox's
 *    (128: the first with `optional_host_permissions` in MV3).
 *  - data_collection_permissions (Firefox's install-time consent): what leaves the browser, to the Mnueron API the
 *    user configures: page content they save (websiteContent) and the chat turns captured (personalCommunications).
 *
 * Permissions, and why each is needed:
 *  - storage, unlimitedStorage: settings; the IndexedDB outbox must hold ≥ 500 items of 256 KB without eviction.
 *  - alarms: retries and pacing waits that outlive the service worker.
 *  - contextMenus: "Save to Mnueron".
 *  - sidePanel (Chrome only; Firefox has sidebar_action without a permission): the memories panel.
 *  - activeTab + scripting: read the selection / page on demand when the user asks, on any page, without
 *    host access to every site.
 * Host permissions: the API origins (loopback for local mode, the cloud), and the chat sites the content scripts
 * already run on: content-script matches alone don't let the background find those tabs or script them, and after an
 * install or update it injects the chat script into the ones already open (src/background/reinject.ts). The chat
 * hosts add no install warning (the content scripts already show it). Self-hosted origins are requested at run time
 * (optional_host_permissions) when the user saves such a URL.
 */
import { defineManifest } from '@crxjs/vite-plugin';
import pkg from './package.json' with { type: 'json' };
import { CHAT_SITES } from './src/shared/chat-sites.ts';
import { EXTENSION_KEY, GECKO_ID } from './src/shared/extension-id.ts';
import { SIDE_PANEL_PAGE } from './src/background/panel-page.ts';

export type BrowserTarget = 'chrome' | 'firefox';

/** One content script per chat site, holding only that site's adapter (vite.config.ts builds each standalone). */
export const CHAT_CONTENT_SCRIPTS = CHAT_SITES.map((site) => ({
  matches: site.hosts.map((host) => `https://${host}/*`),
  js: [`src/content/chat/entries/${site.id}.ts`],
}));

/** The manifest for one browser (vite.config.ts picks the target from the build mode). */
export function manifestFor(target: BrowserTarget) {
  const perBrowser =
    target === 'firefox'
      ? {
          background: { scripts: ['src/background/index.ts'], type: 'module' },
          // The memories panel as Firefox's sidebar (Chrome: side_panel below); same page.
          sidebar_action: {
            default_panel: SIDE_PANEL_PAGE,
            default_title: '__MSG_sidepanel_title__',
            default_icon: { 16: 'icons/icon16.png', 32: 'icons/icon32.png' },
            open_at_install: false,
          },
          browser_specific_settings: {
            gecko: {
              id: GECKO_ID,
              strict_min_version: '128.0',
              data_collection_permissions: {
                required: ['websiteContent' as const, 'personalCommunications' as const],
              },
            },
          },
        }
      : {
          // Pins the extension id (see src/shared/extension-id.ts): the local server serves this id only.
          key: EXTENSION_KEY,
          minimum_chrome_version: '120',
          background: { service_worker: 'src/background/index.ts', type: 'module' },
          side_panel: { default_path: SIDE_PANEL_PAGE },
        };
  return defineManifest({
    manifest_version: 3,
    // Strings come from public/_locales/<lang>/messages.json (browser.i18n); English is the fallback.
    default_locale: 'en',
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    version: pkg.version,
    icons: { 16: 'icons/icon16.png', 32: 'icons/icon32.png', 48: 'icons/icon48.png', 128: 'icons/icon128.png' },
    action: {
      default_title: 'Mnueron',
      default_popup: 'src/popup/index.html',
      default_icon: { 16: 'icons/icon16.png', 32: 'icons/icon32.png' },
    },
    options_ui: { page: 'src/options/index.html', open_in_tab: true },
    permissions: [
      'storage',
      'unlimitedStorage',
      'alarms',
      'contextMenus',
      'activeTab',
      'scripting',
      ...(target === 'chrome' ? ['sidePanel'] : []),
    ],
    // Typing "mn <words>" in the address bar searches memories (suggestions from the server search).
    omnibox: { keyword: 'mn' },
    host_permissions: [
      'http://127.0.0.1/*',
      'http://localhost/*',
      'https://www.mnueron.com/*',
      ...CHAT_CONTENT_SCRIPTS.flatMap((script) => script.matches),
    ],
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    content_scripts: CHAT_CONTENT_SCRIPTS.map((script) => ({ ...script, run_at: 'document_idle', all_frames: false })),
    commands: {
      'save-selection': {
        suggested_key: { default: 'Alt+Shift+S' },
        description: '__MSG_commandSaveSelection__',
      },
      'open-memories': {
        suggested_key: { default: 'Alt+Shift+K' },
        description: '__MSG_sidepanel_command__',
      },
      _execute_action: {
        suggested_key: { default: 'Alt+Shift+M' },
        description: '__MSG_commandOpenPopup__',
      },
    },
    // Incognito: "spanning" keeps one background (one outbox, one token) for both profiles; capture in incognito
    // windows is additionally off unless the user allows it in options (settings.capture.allowIncognito). Firefox
    // knows "spanning" too (and has no "split").
    incognito: 'spanning',
    content_security_policy: {
      extension_pages: "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    },
    ...perBrowser,
  });
}

export default manifestFor('chrome');
