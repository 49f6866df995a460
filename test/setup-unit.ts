// Every unit test starts from an empty IndexedDB, a fresh fake browser (also the global `chrome`, as a page sees
// it) and English strings.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach } from 'vitest';
import { fakeBrowser, resetFakeBrowser } from './fakes/browser';
import { installFakeI18n } from './fakes/i18n';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  resetFakeBrowser();
  fakeBrowser.__fake.installChrome();
  installFakeI18n('en');
});
