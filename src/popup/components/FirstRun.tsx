/**
 * The first screen when nothing has been set up or saved yet: what Mnueron does and the two ways to start.
 * "Use local mode" points the extension at the local server and proves it answers before moving on.
 */
import { useState } from 'preact/hooks';
import { send } from '../../shared/ui-client';
import type { ConnectionInfo } from '../../shared/messages';
import { connectionResultView } from '../../ui/connection-text';
import { errorText, hostOf } from '../../ui/format';
import { LOCAL_API_URL } from '../../ui/limits';
import { LiveStatus, type Notice } from '../../ui/LiveStatus';
import { Brand } from '../../ui/Brand';
import { InlineText } from '../../ui/InlineText';
import { t } from '../../shared/i18n';

export type FirstRunProps = {
  connection: ConnectionInfo;
  onOpenSettings: () => void;
  /** The local server answered: show the main view. */
  onConnected: () => void;
  /** Go to the main view without connecting. */
  onSkip: () => void;
};

export function FirstRun({ connection, onOpenSettings, onConnected, onSkip }: FirstRunProps) {
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ notice: Notice; next: string }>({ notice: null, next: '' });

  const useLocal = async () => {
    setBusy(true);
    setNotice({ notice: { tone: 'info', text: t('popup_welcome_checking') }, next: '' });
    if (connection.mode !== 'local' || connection.apiUrl !== LOCAL_API_URL) {
      const saved = await send<'ui:connection-save'>({
        type: 'ui:connection-save',
        mode: 'local',
        apiUrl: LOCAL_API_URL,
      });
      if (!saved.ok) {
        setBusy(false);
        setNotice({ notice: { tone: 'error', text: errorText(saved.error) }, next: '' });
        return;
      }
    }
    const reply = await send<'ui:connection-test'>({ type: 'ui:connection-test' });
    setBusy(false);
    if (!reply.ok) {
      setNotice({ notice: { tone: 'error', text: errorText(reply.error) }, next: '' });
      return;
    }
    if (reply.value.result === 'connected') {
      onConnected();
      return;
    }
    const view = connectionResultView(reply.value, LOCAL_API_URL, 'local');
    setNotice({ notice: { tone: view.tone, text: view.title }, next: view.next });
  };

  return (
    <main class="first-run">
      <Brand size={40} />
      <h1>{t('popup_welcome_title')}</h1>
      <p class="muted">{t('popup_welcome_intro')}</p>
      <div class="first-run-actions">
        <button type="button" class="primary" disabled={busy} onClick={() => void useLocal()}>
          {t('popup_welcome_local')}
        </button>
        <p class="small muted">{t('popup_welcome_local_hint', hostOf(LOCAL_API_URL))}</p>
        <button type="button" onClick={onOpenSettings}>
          {t('popup_open_settings')}
        </button>
        <p class="small muted">{t('popup_welcome_cloud_hint')}</p>
      </div>
      <LiveStatus tone={notice.notice?.tone} label={t('popup_welcome_status')}>
        {notice.notice && (
          <>
            <p>{notice.notice.text}</p>
            {notice.next && (
              <p class="small">
                <InlineText text={notice.next} />
              </p>
            )}
          </>
        )}
      </LiveStatus>
      <button type="button" class="link small" onClick={onSkip}>
        {t('popup_welcome_skip')}
      </button>
    </main>
  );
}
