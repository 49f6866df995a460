/**
 * The options page: connection, defaults, chat capture, privacy, diagnostics — one card each, in that order, with a
 * sticky header to jump between them. Opens on first install.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { send } from '../shared/ui-client';
import type { ConnectionInfo } from '../shared/messages';
import { applySettingsPatch, type Settings, type SettingsPatch } from '../shared/settings';
import { errorText } from '../ui/format';
import { Brand } from '../ui/Brand';
import { CaptureSection } from './components/CaptureSection';
import { ConnectionSection } from './components/ConnectionSection';
import { DefaultsSection } from './components/DefaultsSection';
import { DiagnosticsSection } from './components/DiagnosticsSection';
import { PrivacySection } from './components/PrivacySection';
import type { PatchSettings } from './settings-update';
import { t, type MessageKey } from '../shared/i18n';

const NAV = [
  ['connection', 'options_nav_connection'],
  ['defaults', 'options_nav_defaults'],
  ['capture', 'options_nav_capture'],
  ['privacy', 'options_nav_privacy'],
  ['diagnostics', 'options_nav_diagnostics'],
] as const satisfies ReadonlyArray<readonly [string, MessageKey]>;

export function App() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [connection, setConnection] = useState<ConnectionInfo | null>(null);
  const [namespaces, setNamespaces] = useState<string[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoadError(null);
    void send<'ui:namespaces'>({ type: 'ui:namespaces' }).then((r) => r.ok && setNamespaces(r.value));
    const [s, c] = await Promise.all([
      send<'ui:settings-get'>({ type: 'ui:settings-get' }),
      send<'ui:connection-get'>({ type: 'ui:connection-get' }),
    ]);
    if (!s.ok) return setLoadError(errorText(s.error));
    if (!c.ok) return setLoadError(errorText(c.error));
    setSettings(s.value);
    setConnection(c.value);
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const patch: PatchSettings = async (p: SettingsPatch) => {
    if (!settings) return { ok: false, error: t('options_still_loading') };
    const previous = settings;
    // Show the change at once (a switch must not lag); the background's answer then replaces it.
    setSettings(applySettingsPatch(settings, p));
    const reply = await send<'ui:settings-update'>({ type: 'ui:settings-update', patch: p });
    if (reply.ok) {
      setSettings(reply.value);
      return { ok: true, settings: reply.value };
    }
    setSettings(previous);
    return { ok: false, error: errorText(reply.error) };
  };

  return (
    <div class="options">
      <header class="top">
        <div class="top-inner">
          <Brand size={32} subtitle={t('options_subtitle')} />
          <nav aria-label={t('options_nav_label')}>
            {NAV.map(([id, label]) => (
              <a key={id} href={`#${id}`}>
                {t(label)}
              </a>
            ))}
          </nav>
        </div>
      </header>
      <main class="content">
        {loadError ? (
          <div class="card notice tone-error" role="alert">
            <p class="notice-title">{t('options_load_failed')}</p>
            <p>{loadError}</p>
            <div class="row">
              <button type="button" onClick={() => void load()}>
                {t('popup_try_again')}
              </button>
            </div>
          </div>
        ) : !settings || !connection ? (
          <p class="muted" aria-busy="true">
            {t('options_loading')}
          </p>
        ) : (
          <>
            <ConnectionSection info={connection} onSaved={setConnection} />
            <DefaultsSection settings={settings} namespaces={namespaces} onPatch={patch} />
            <CaptureSection settings={settings} namespaces={namespaces} onPatch={patch} onSettings={setSettings} />
            <PrivacySection settings={settings} onPatch={patch} />
            <DiagnosticsSection />
          </>
        )}
        <footer class="muted small page-foot">{t('options_footer')}</footer>
      </main>
    </div>
  );
}
