/** Reads and writes the typed settings (storage.local, no secrets); every read is migrated and zod-parsed. */
import browser from 'webextension-polyfill';
import {
  SETTINGS_KEY,
  applySettingsPatch,
  migrateSettings,
  type Settings,
  type SettingsPatch,
} from '../shared/settings';

export async function loadSettings(): Promise<Settings> {
  const stored = await browser.storage.local.get(SETTINGS_KEY);
  return migrateSettings(stored[SETTINGS_KEY]);
}

export async function saveSettings(settings: Settings): Promise<Settings> {
  await browser.storage.local.set({ [SETTINGS_KEY]: settings });
  return settings;
}

export async function updateSettings(patch: SettingsPatch): Promise<Settings> {
  return saveSettings(applySettingsPatch(await loadSettings(), patch));
}
