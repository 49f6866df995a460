import { describe, expect, it } from 'vitest';
import {
  defaultSettings,
  SETTINGS_VERSION,
  applySettingsPatch,
  isLoopbackUrl,
  migrateSettings,
  normaliseApiUrl,
} from './settings';

describe('settings', () => {
  it('defaults to local mode, redaction on, every chat site off', () => {
    expect(defaultSettings().version).toBe(SETTINGS_VERSION);
    expect(defaultSettings().connection).toEqual({ mode: 'local', apiUrl: 'http://127.0.0.1:3122/api' });
    expect(defaultSettings().privacy.redactSecrets).toBe(true);
    expect(defaultSettings().capture.skipTemporary).toBe(true);
    expect(defaultSettings().capture.allowIncognito).toBe(false);
    expect(Object.values(defaultSettings().capture.sites).every((s) => !s.enabled)).toBe(true);
    expect(defaultSettings().pacing).toEqual({ maxWrites: 60, windowMs: 60_000 });
    expect(defaultSettings().suggestions).toEqual({ sites: [] });
  });

  it('suggestions: only known sites; anything else falls back to none, and a patch replaces the list', () => {
    expect(migrateSettings({ suggestions: { sites: ['claude'] } }).suggestions.sites).toEqual(['claude']);
    expect(migrateSettings({ suggestions: { sites: ['example'] } }).suggestions.sites).toEqual([]);
    expect(migrateSettings({ suggestions: 'on' }).suggestions.sites).toEqual([]);
    const on = applySettingsPatch(defaultSettings(), { suggestions: { sites: ['chatgpt', 'gemini'] } });
    expect(applySettingsPatch(on, { suggestions: { sites: ['gemini'] } }).suggestions.sites).toEqual(['gemini']);
  });

  it('migrates nothing stored, and unversioned objects, to the current version', () => {
    expect(migrateSettings(undefined)).toEqual(defaultSettings());
    expect(migrateSettings('garbage')).toEqual(defaultSettings());
    const old = migrateSettings({ defaults: { namespace: 'work', tags: ['a'] } });
    expect(old.version).toBe(SETTINGS_VERSION);
    expect(old.defaults).toEqual({ namespace: 'work', tags: ['a'] });
  });

  it('keeps valid fields when others are corrupted', () => {
    const settings = migrateSettings({
      version: SETTINGS_VERSION,
      connection: { mode: 'cloud', apiUrl: 42 },
      defaults: { namespace: '   ', tags: ['ok', 'bad,tag', 7] },
      capture: { sites: { chatgpt: { enabled: 'yes' }, claude: { enabled: true } }, pausedUntil: 'soon' },
      pacing: { maxWrites: -1, windowMs: 1000 },
    });
    expect(settings.connection.mode).toBe('cloud');
    expect(settings.connection.apiUrl).toBe('http://127.0.0.1:3122/api');
    expect(settings.defaults.namespace).toBe('default');
    expect(settings.defaults.tags).toEqual([]);
    expect(settings.capture.sites.chatgpt.enabled).toBe(false);
    expect(settings.capture.sites.claude.enabled).toBe(true);
    expect(settings.capture.pausedUntil).toBeNull();
    expect(settings.pacing).toEqual({ maxWrites: 60, windowMs: 1000 });
  });

  it('applies a patch section by section and re-validates it', () => {
    const next = applySettingsPatch(defaultSettings(), {
      capture: { sites: { ...defaultSettings().capture.sites, gemini: { enabled: true } } },
      defaults: { tags: ['  style '] },
    });
    expect(next.capture.sites.gemini.enabled).toBe(true);
    expect(next.capture.content).toBe('exchange');
    expect(next.defaults).toEqual({ namespace: 'default', tags: ['style'] });
  });

  it('a patch naming one site leaves the other sites as stored', () => {
    // Stored: Claude was just turned on from the options page; the popup still shows the old settings.
    const stored = applySettingsPatch(defaultSettings(), { capture: { sites: { claude: { enabled: true } } } });
    const next = applySettingsPatch(stored, { capture: { sites: { gemini: { enabled: true, namespace: 'g' } } } });
    expect(next.capture.sites.claude.enabled).toBe(true);
    expect(next.capture.sites.gemini).toEqual({ enabled: true, namespace: 'g' });
    expect(next.capture.sites.chatgpt.enabled).toBe(false);
    // A site given replaces that site whole (an override removed on the page is removed here).
    const cleared = applySettingsPatch(next, { capture: { sites: { gemini: { enabled: true } } } });
    expect(cleared.capture.sites.gemini).toEqual({ enabled: true });
  });

  it('normalises API URLs and recognises loopback', () => {
    expect(normaliseApiUrl(' https://mnueron.example.com/api/ ')).toBe('https://mnueron.example.com/api');
    expect(normaliseApiUrl('ftp://x/api')).toBeNull();
    expect(normaliseApiUrl('javascript:alert(1)')).toBeNull();
    expect(normaliseApiUrl('https://user:pw@host/api')).toBeNull();
    expect(normaliseApiUrl('not a url')).toBeNull();
    expect(isLoopbackUrl('http://127.0.0.1:3122/api')).toBe(true);
    expect(isLoopbackUrl('http://localhost/api')).toBe(true);
    expect(isLoopbackUrl('http://127.5.0.1/api')).toBe(true);
    expect(isLoopbackUrl('http://127.0.0.1.evil.com/api')).toBe(false);
    expect(isLoopbackUrl('https://www.mnueron.com/api')).toBe(false);
  });
});
