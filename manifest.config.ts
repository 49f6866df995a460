/**
 * The MV3 manifest. Per-browser differences would live here; today it targets Chrome/Chromium only.
 *
 * Permissions, and why each is needed:
 *  - storage, unlimitedStorage: settings; the IndexedDB outbox must hold ≥ 500 items of 256 KB without eviction.
 *  - alarms: retries and pacing waits that outlive the service worker.
 *  - contextMenus: "Save to Mnueron".
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
import { EXTENSION_KEY } from './src/shared/extension-id.ts';

/** One content script per chat site, holding only that site's adapter (vite.config.ts builds each standalone). */
export const CHAT_CONTENT_SCRIPTS = CHAT_SITES.map((site) => ({
  matches: site.hosts.map((host) => `https://${host}/*`),
  js: [`src/content/chat/entries/${site.id}.ts`],
}));

export default defineManifest({
  manifest_version: 3,
  name: 'Mnueron',
  description: 'Save what matters from the web and your AI chats as Mnueron memories.',
  version: pkg.version,
  // Pins the extension id (see src/shared/extension-id.ts): the local server serves this id only.
  key: EXTENSION_KEY,
  minimum_chrome_version: '120',
  icons: { 16: 'icons/icon16.png', 32: 'icons/icon32.png', 48: 'icons/icon48.png', 128: 'icons/icon128.png' },
  action: {
    default_title: 'Mnueron',
    default_popup: 'src/popup/index.html',
    default_icon: { 16: 'icons/icon16.png', 32: 'icons/icon32.png' },
  },
  options_ui: { page: 'src/options/index.html', open_in_tab: true },
  background: { service_worker: 'src/background/index.ts', type: 'module' },
  permissions: ['storage', 'unlimitedStorage', 'alarms', 'contextMenus', 'activeTab', 'scripting'],
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
      description: 'Save the selection to Mnueron',
    },
    _execute_action: {
      suggested_key: { default: 'Alt+Shift+M' },
      description: 'Open Mnueron',
    },
  },
  // Incognito: "spanning" keeps one background (one outbox, one token) for both profiles; capture in incognito
  // windows is additionally off unless the user allows it in options (settings.capture.allowIncognito).
  incognito: 'spanning',
  content_security_policy: {
    extension_pages: "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  },
});
