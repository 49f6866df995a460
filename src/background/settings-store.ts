/**
 * Reads and writes the typed settings. The background's IndexedDB holds the only copy it trusts: content scripts
 * can write `storage.local`, so nothing the background decides (where the token goes, whether to redact, which
 * sites to capture) may come from there. `storage.local` gets a published copy without the connection, for the
 * content scripts' capture switches; if anything else writes it, the background publishes its own copy again.
 * Every read is migrated and zod-parsed as untrusted.
 */
import browser from './browser';
import {
  SETTINGS_KEY,
  applySettingsPatch,
  migrateSettings,
  type Settings,
  type SettingsPatch,
} from '../shared/settings';
import { kvGet, kvSet } from './db';

/** The kv record (background IndexedDB) that holds the settings. */
export const SETTINGS_RECORD = 'settings';

let adopting: Promise<Settings> | null = null;

/**
 * First read after an upgrade from a version that kept the settings in storage.local: adopt them once (then the
 * IndexedDB copy is the truth). A fresh install finds nothing there and starts from the defaults.
 */
function adoptLegacy(): Promise<Settings> {
  adopting ??= (async () => {
    const legacy: unknown = (await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY];
    const settings = migrateSettings(legacy);
    await saveSettings(settings);
    return settings;
  })().finally(() => {
    adopting = null;
  });
  return adopting;
}

export async function loadSettings(): Promise<Settings> {
  return settingsFromRecord(await kvGet<unknown>(SETTINGS_RECORD));
}

/** The settings from their kv record as read (by loadSettings, or inside a caller's transaction). */
export async function settingsFromRecord(stored: unknown): Promise<Settings> {
  if (stored === undefined) return adoptLegacy();
  return migrateSettings(stored);
}

/** What content scripts may see: everything but the connection. */
export function publishedSettings(settings: Settings): Omit<Settings, 'connection'> {
  const { connection: _connection, ...rest } = settings;
  return rest;
}

async function publish(settings: Settings): Promise<void> {
  await browser.storage.local.set({ [SETTINGS_KEY]: publishedSettings(settings) });
}

export async function saveSettings(settings: Settings): Promise<Settings> {
  await kvSet(SETTINGS_RECORD, settings);
  await publish(settings);
  return settings;
}

/** A settings change from the UI. The connection is not part of a patch: it changes only through saveConnection. */
export async function updateSettings(patch: SettingsPatch): Promise<Settings> {
  return saveSettings(applySettingsPatch(await loadSettings(), patch));
}

/** Stores the connection (mode and URL); only connection.ts calls this, after its checks. */
export async function storeConnection(connection: Settings['connection']): Promise<Settings> {
  return saveSettings({ ...(await loadSettings()), connection });
}

/**
 * Called on every storage.local change: when the published copy no longer matches the trusted one (a content
 * script or anything else wrote it), it is written again, so content scripts never act on forged switches for long.
 */
export async function republishIfChanged(changed: unknown): Promise<void> {
  const stored = await kvGet<unknown>(SETTINGS_RECORD);
  if (stored === undefined) return;
  const expected = publishedSettings(migrateSettings(stored));
  if (JSON.stringify(changed) !== JSON.stringify(expected)) await publish(migrateSettings(stored));
}
