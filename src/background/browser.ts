/**
 * The background's one entry to the browser's APIs: `webextension-polyfill` (`browser.*`, promise-based and the same
 * on Chrome and Firefox). Only the background loads it (the eslint config refuses it anywhere else); content scripts
 * and pages use the global `chrome`, since the polyfill would be most of their script. Unit tests get the one fake,
 * test/fakes/browser.ts, through both.
 */
import browser from 'webextension-polyfill';

export default browser;
