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

export type ConnectionSectionProps = {
  info: ConnectionInfo;
  onSaved: (info: ConnectionInfo) => void;
};

const MODES: Array<{ mode: ConnectionMode; hint: string }> = [
  { mode: 'local', hint: 'The Mnueron server on this computer. No account, no token.' },
  { mode: 'cloud', hint: 'Your Mnueron account at mnueron.com. Needs an API token.' },
  { mode: 'self-hosted', hint: 'A Mnueron server you run elsewhere. Needs its URL and usually a token.' },
];

export const HTTPS_REQUIRED =
  'HTTPS is required to send a token: plain http:// would expose it on the network (it is only allowed for 127.0.0.1 and localhost). Use an https:// URL, or remove the token.';

const INVALID_URL = 'Enter a full URL starting with https:// — for example https://memories.example.com/api.';

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
      setUrlError(INVALID_URL);
      return null;
    }
    const willHaveToken = usesToken && (typedToken !== '' || (info.hasToken && !removeToken));
    if (willHaveToken && new URL(url).protocol === 'http:' && !isLoopbackUrl(url)) {
      setUrlError(HTTPS_REQUIRED);
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

  const originDenied = (url: string) =>
    `Chrome didn't give Mnueron access to ${new URL(url).origin}, so the extension can't reach that server. Click again and choose Allow.`;

  const onSave = () => {
    setSaveNotice(null);
    const url = checkDraft();
    if (!url) {
      setSaveNotice({ tone: 'error', text: 'Not saved — fix the URL above.' });
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
        setSaveNotice({ tone: 'error', text: `Not saved: ${errorText(reply.error)}` });
        return;
      }
      setToken('');
      setRemoveToken(false);
      setShowToken(false);
      setUrls((u) => ({ ...u, [reply.value.mode]: reply.value.apiUrl }));
      onSaved(reply.value);
      setSaveNotice({ tone: 'ok', text: 'Saved' });
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
        title: `The test could not run: ${errorText(reply.error)}`,
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
    <Section
      id="connection"
      title="Connection"
      intro="Where your memories are stored. The token stays inside the extension's background and is never shown again."
    >
      <fieldset class="mode-group">
        <legend class="field-label">Mode</legend>
        {MODES.map(({ mode: m, hint }) => (
          <Choice
            key={m}
            type="radio"
            name="connection-mode"
            value={m}
            label={modeLabel(m)}
            hint={hint}
            checked={mode === m}
            onChange={() => chooseMode(m)}
            class={`mode-option${mode === m ? ' is-selected' : ''}`}
          />
        ))}
      </fieldset>

      <div class="field">
        <label for="api-url">API URL</label>
        <input
          id="api-url"
          type="url"
          value={apiUrl}
          readOnly={mode !== 'self-hosted'}
          placeholder="https://memories.example.com/api"
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
            {mode === 'self-hosted' ? 'The base URL of your server’s API, usually ending in /api.' : 'Set by the mode.'}
          </p>
        )}
      </div>

      {usesToken ? (
        <div class="field">
          <label for="api-token">API token</label>
          <div class="input-with-button">
            <input
              id="api-token"
              type={showToken ? 'text' : 'password'}
              value={token}
              autocomplete="off"
              spellcheck={false}
              placeholder={info.hasToken && !removeToken ? 'Paste a new token to replace the saved one' : 'mnu_…'}
              onInput={(e) => {
                setToken(e.currentTarget.value);
                if (e.currentTarget.value) setRemoveToken(false);
                draftChanged();
              }}
            />
            <button type="button" onClick={() => setShowToken(!showToken)} aria-pressed={showToken}>
              {showToken ? 'Hide token' : 'Show token'}
            </button>
          </div>
          {info.hasToken && !removeToken && !typedToken && (
            <p class="field-hint token-saved">
              Token saved (…{info.tokenHint}).{' '}
              <button
                type="button"
                class="link small"
                onClick={() => {
                  setRemoveToken(true);
                  draftChanged();
                }}
              >
                Remove token
              </button>
            </p>
          )}
          {removeToken && (
            <p class="field-hint">
              The saved token will be removed when you save.{' '}
              <button type="button" class="link small" onClick={() => setRemoveToken(false)}>
                Keep it
              </button>
            </p>
          )}
          {!info.hasToken && !typedToken && (
            <p class="field-hint">Create one at Account → API tokens on your Mnueron dashboard.</p>
          )}
        </div>
      ) : (
        <p class="field-hint note">
          Local mode needs no token: the server on this computer accepts requests from the extension.
        </p>
      )}

      <div class="row actions">
        <button type="button" class="primary" disabled={saving} onClick={onSave}>
          {saving ? 'Saving…' : 'Save'}
        </button>
        <button type="button" disabled={testing} onClick={onTest}>
          {testing ? 'Testing…' : 'Test connection'}
        </button>
      </div>
      <LiveStatus tone={saveNotice?.tone} label="Connection save status">
        {saveNotice?.text}
      </LiveStatus>
      <LiveStatus tone={test?.tone} label="Connection test result">
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
