// Every unit test starts from an empty IndexedDB and a fresh fake browser.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach } from 'vitest';
import { resetFakeBrowser } from './fakes/browser';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  resetFakeBrowser();
});
