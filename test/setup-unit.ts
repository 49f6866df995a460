// Every unit test starts from an empty IndexedDB, a fresh fake browser and English strings.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach } from 'vitest';
import { resetFakeBrowser } from './fakes/browser';
import { installFakeI18n } from './fakes/i18n';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  resetFakeBrowser();
  installFakeI18n('en');
});
