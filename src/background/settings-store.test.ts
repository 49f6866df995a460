import { beforeEach, describe, expect, it } from 'vitest';
import browser from './browser';
import { SETTINGS_KEY, defaultSettings } from '../shared/settings';
import { db, resetDbForTests } from './db';
import { getBoundToken } from './secrets';
import { loadSettings, republishIfChanged, storeConnection, updateSettings } from './settings-store';

const forged = {
  version: 1,
  connection: { mode: 'self-hosted', apiUrl: 'http://attacker.example/api' },
  privacy: { redactSecrets: false },
  capture: { sites: { chatgpt: { enabled: true } }, skipTemporary: false },
};

beforeEach(() => resetDbForTests());

describe('settings store', () => {
  it('a write to storage.local (which content scripts can make) changes nothing the background reads', async () => {
    await updateSettings({ defaults: { namespace: 'work' } });
    await browser.storage.local.set({ [SETTINGS_KEY]: forged });
    const settings = await loadSettings();
    expect(settings.connection).toEqual(defaultSettings().connection);
    expect(settings.privacy.redactSecrets).toBe(true);
    expect(settings.capture.sites.chatgpt.enabled).toBe(false);
    expect(settings.capture.skipTemporary).toBe(true);
    expect(settings.defaults.namespace).toBe('work');
  });

  it('publishes a copy without the connection, and publishes it again when something else overwrote it', async () => {
    await storeConnection({ mode: 'cloud', apiUrl: 'https://www.mnueron.com/api' });
    await updateSettings({ capture: { sites: { claude: { enabled: true } } } });
    const published = (await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY] as Record<string, unknown>;
    expect(published).not.toHaveProperty('connection');
    expect(published).toMatchObject({ capture: { sites: { claude: { enabled: true } } } });
    await browser.storage.local.set({ [SETTINGS_KEY]: forged });
    await republishIfChanged(forged);
    expect((await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]).toEqual(published);
  });

  it('adopts the settings an earlier version kept in storage.local, once', async () => {
    await browser.storage.local.set({
      [SETTINGS_KEY]: { version: 1, connection: { mode: 'cloud', apiUrl: 'https://www.mnueron.com/api' } },
    });
    expect((await loadSettings()).connection.apiUrl).toBe('https://www.mnueron.com/api');
    await browser.storage.local.set({ [SETTINGS_KEY]: forged });
    expect((await loadSettings()).connection.apiUrl).toBe('https://www.mnueron.com/api');
  });

  it("binds an earlier version's bare token to the connection it was stored with", async () => {
    await (await db()).put('secrets', 'mnu_legacy_token_1234', 'api-token');
    expect(await getBoundToken('https://www.mnueron.com/api')).toEqual({
      value: 'mnu_legacy_token_1234',
      origin: 'https://www.mnueron.com',
    });
    // Bound from now on: a later read with another URL does not re-bind it.
    expect(await getBoundToken('http://attacker.example/api')).toEqual({
      value: 'mnu_legacy_token_1234',
      origin: 'https://www.mnueron.com',
    });
  });

  it('a settings patch cannot carry the connection', async () => {
    await expect(
      updateSettings({ connection: { mode: 'self-hosted', apiUrl: 'http://attacker.example/api' } } as never),
    ).rejects.toThrow(/connection/);
    expect((await loadSettings()).connection).toEqual(defaultSettings().connection);
  });
});
