/**
 * Where memories go: local server, Mnueron Cloud or a self-hosted server, with its URL and API token. The token is
 * write-only here: the page can set or remove it but never reads it back (ConnectionInfo has only a hint).
 */
import { useState } from 'preact/hooks';
import { send } from '../../shared/ui-client';
import type { ConnectionInfo, ConnectionTestResult } from '../../shared/messages';
import { DEFAULT_API_URL, isLoopbackUrl, normaliseApiUrl, type ConnectionMode } from '../../shared/settings';
import { requestOriginAccess } from '../../ui/chrome-api';
import { modeLabel, connectionResultView, type Tone } from '../../ui/connection-text';
import { errorText } from '../../ui/format';
import { Choice } from '../../ui/Choice';
import { InlineText } from '../../ui/InlineText';
import { LiveStatus, type Notice } from '../../ui/LiveStatus';
import { Section } from './Section';
import { t, type MessageKey } from '../../shared/i18n';

export type ConnectionSectionProps = {
  info: ConnectionInfo;
  onSaved: (info: ConnectionInfo) => void;
};

const MODES: Array<{ mode: ConnectionMode; hint: MessageKey }> = [
  { mode: 'local', hint: 'options_mode_local_hint' },
  { mode: 'cloud', hint: 'options_mode_cloud_hint' },
  { mode: 'self-hosted', hint: 'options_mode_self_hosted_hint' },
];

/** What a token's placeholder shows: the prefix every Mnueron token starts with. */
const TOKEN_EXAMPLE = 'mnu_…';

type TestState = { result: ConnectionTestResult['result'] | 'failed'; tone: Tone; title: string; next: string } | null;

export function ConnectionSection({ info, onSaved }: ConnectionSectionProps) {
  const [mode, setMode] = useState<ConnectionMode>(info.mode);
  // Each mode keeps its own URL so switching to Cloud and back does not lose a typed self-hosted address.
  const [urls, setUrls] = useState<Record<ConnectionMode, string>>({
    ...DEFAULT_API_URL,
    [info.mode]: info.apiUrl,
  });
  const [token, setToken] = useState('');
  const [removeToken, setRemoveToken] = useState(false);
  const [showToken, setShowToken] = useState(false);
  const [urlError, setUrlError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [testing, setTesting] = useState(false);
  const [saveNotice, setSaveNotice] = useState<Notice>(null);
  const [test, setTest] = useState<TestState>(null);

  /** Any edit makes earlier outcomes about the old draft ("Saved", "Connected to …") misleading: drop them. */
  const draftChanged = () => {
    setSaveNotice(null);
    setTest(null);
  };

  const apiUrl = urls[mode];
  const usesToken = mode !== 'local';
  const typedToken = usesToken ? token.trim() : '';

  /** The token field of a message: the typed one, null to remove the stored one, absent to keep it. */
  const tokenField = (): { token?: string | null } => {
    if (!usesToken) return {};
    if (typedToken) return { token: typedToken };
    if (removeToken) return { token: null };
    return {};
  };

  /** Validates the draft; returns the normalised URL or null after showing why not. */
  const checkDraft = (): string | null => {
    const url = normaliseApiUrl(apiUrl);
    if (!url) {
      setUrlError(t('options_invalid_url'));
      return null;
    }
    const willHaveToken = usesToken && (typedToken !== '' || (info.hasToken && !removeToken));
    if (willHaveToken && new URL(url).protocol === 'http:' && !isLoopbackUrl(url)) {
      setUrlError(t('options_https_required'));
      return null;
    }
    setUrlError(null);
    return url;
  };

  /**
   * Self-hosted origins are optional host permissions. Chrome shows the prompt only inside a user gesture, so this
   * runs synchronously in the click handler, before any message is awaited — the one browser API this page calls
   * directly. Local and cloud origins are granted by the manifest.
   */
  const askOriginAccess = (url: string): Promise<boolean> =>
    mode === 'self-hosted' ? requestOriginAccess(new URL(url).origin).catch(() => false) : Promise.resolve(true);

  const originDenied = (url: string) => t('options_origin_denied', new URL(url).origin);

  const onSave = () => {
    setSaveNotice(null);
    const url = checkDraft();
    if (!url) {
      setSaveNotice({ tone: 'error', text: t('options_fix_url') });
      return;
    }
    const permission = askOriginAccess(url);
    void (async () => {
      setSaving(true);
      if (!(await permission)) {
        setSaving(false);
        setSaveNotice({ tone: 'error', text: originDenied(url) });
        return;
      }
      const reply = await send<'ui:connection-save'>({
        type: 'ui:connection-save',
        mode,
        apiUrl: url,
        ...tokenField(),
      });
      setSaving(false);
      if (!reply.ok) {
        setSaveNotice({ tone: 'error', text: t('options_not_saved', errorText(reply.error)) });
        return;
      }
      setToken('');
      setRemoveToken(false);
      setShowToken(false);
      setUrls((u) => ({ ...u, [reply.value.mode]: reply.value.apiUrl }));
      onSaved(reply.value);
      setSaveNotice({ tone: 'ok', text: t('options_saved') });
      // Prove the saved connection at once: the answer is what people want to know next, and it is what the
      // popup shows as the connection state (a save resets it to "not tested").
      await runTest({}, reply.value.apiUrl, reply.value.mode);
    })();
  };

  /** Tests a draft (or, with an empty draft, the stored connection) and shows the result. */
  const runTest = async (
    draft: { mode?: ConnectionMode; apiUrl?: string; token?: string | null },
    url: string,
    m: ConnectionMode,
  ) => {
    setTesting(true);
    const reply = await send<'ui:connection-test'>({ type: 'ui:connection-test', ...draft });
    setTesting(false);
    if (!reply.ok) {
      setTest({
        result: 'failed',
        tone: 'error',
        title: t('options_test_failed', errorText(reply.error)),
        next: '',
      });
      return;
    }
    setTest({ result: reply.value.result, ...connectionResultView(reply.value, url, m) });
  };

  const onTest = () => {
    setTest(null);
    const url = checkDraft();
    if (!url) return;
    // The test fetches the draft URL, so a self-hosted origin needs access first (same gesture rule as Save).
    const permission = askOriginAccess(url);
    void (async () => {
      if (!(await permission)) {
        setTest({ result: 'failed', tone: 'error', title: originDenied(url), next: '' });
        return;
      }
      await runTest({ mode, apiUrl: url, ...tokenField() }, url, mode);
    })();
  };

  const chooseMode = (next: ConnectionMode) => {
    setMode(next);
    setUrlError(null);
    draftChanged();
  };

  return (
    <Section id="connection" title={t('options_nav_connection')} intro={t('options_connection_intro')}>
      <fieldset class="mode-group">
        <legend class="field-label">{t('options_mode')}</legend>
        {MODES.map(({ mode: m, hint }) => (
          <Choice
            key={m}
            type="radio"
            name="connection-mode"
            value={m}
            label={modeLabel(m)}
            hint={t(hint)}
            checked={mode === m}
            onChange={() => chooseMode(m)}
            class={`mode-option${mode === m ? ' is-selected' : ''}`}
          />
        ))}
      </fieldset>

      <div class="field">
        <label for="api-url">{t('options_api_url')}</label>
        <input
          id="api-url"
          type="url"
          value={apiUrl}
          readOnly={mode !== 'self-hosted'}
          placeholder={t('options_api_url_placeholder')}
          aria-invalid={urlError ? 'true' : undefined}
          aria-describedby={urlError ? 'api-url-error' : 'api-url-hint'}
          onInput={(e) => {
            const value = e.currentTarget.value;
            setUrls((u) => ({ ...u, [mode]: value }));
            setUrlError(null);
            draftChanged();
          }}
        />
        {urlError ? (
          <p id="api-url-error" class="field-error">
            {urlError}
          </p>
        ) : (
          <p id="api-url-hint" class="field-hint">
            {mode === 'self-hosted' ? t('options_api_url_hint') : t('options_api_url_fixed')}
          </p>
        )}
      </div>

      {usesToken ? (
        <div class="field">
          <label for="api-token">{t('options_token')}</label>
          <div class="input-with-button">
            <input
              id="api-token"
              type={showToken ? 'text' : 'password'}
              value={token}
              autocomplete="off"
              spellcheck={false}
              placeholder={info.hasToken && !removeToken ? t('options_token_replace') : TOKEN_EXAMPLE}
              onInput={(e) => {
                setToken(e.currentTarget.value);
                if (e.currentTarget.value) setRemoveToken(false);
                draftChanged();
              }}
            />
            <button type="button" onClick={() => setShowToken(!showToken)} aria-pressed={showToken}>
              {showToken ? t('options_token_hide') : t('options_token_show')}
            </button>
          </div>
          {info.hasToken && !removeToken && !typedToken && (
            <p class="field-hint token-saved">
              {t('options_token_saved', info.tokenHint ?? '')}{' '}
              <button
                type="button"
                class="link small"
                onClick={() => {
                  setRemoveToken(true);
                  draftChanged();
                }}
              >
                {t('options_token_remove')}
              </button>
            </p>
          )}
          {removeToken && (
            <p class="field-hint">
              {t('options_token_will_remove')}{' '}
              <button type="button" class="link small" onClick={() => setRemoveToken(false)}>
                {t('options_token_keep')}
              </button>
            </p>
          )}
          {!info.hasToken && !typedToken && <p class="field-hint">{t('options_token_create')}</p>}
        </div>
      ) : (
        <p class="field-hint note">{t('options_local_no_token')}</p>
      )}

      <div class="row actions">
        <button type="button" class="primary" disabled={saving} onClick={onSave}>
          {saving ? t('options_saving') : t('options_save')}
        </button>
        <button type="button" disabled={testing} onClick={onTest}>
          {testing ? t('options_testing') : t('options_test')}
        </button>
      </div>
      <LiveStatus tone={saveNotice?.tone} label={t('options_connection_save_status')}>
        {saveNotice?.text}
      </LiveStatus>
      <LiveStatus tone={test?.tone} label={t('options_connection_test_result')}>
        {test && (
          <div class="test-result" data-result={test.result}>
            <p class="notice-title">{test.title}</p>
            {test.next && (
              <p class="small">
                <InlineText text={test.next} />
              </p>
            )}
          </div>
        )}
      </LiveStatus>
    </Section>
  );
}
