/**
 * The first screen when nothing has been set up or saved yet: what Mnueron does and the two ways to start.
 * "Use local mode" points the extension at the local server and proves it answers before moving on.
 */
import { useState } from 'preact/hooks';
import { send } from '../../shared/ui-client';
import type { ConnectionInfo } from '../../shared/messages';
import { connectionResultView } from '../../ui/connection-text';
import { errorText } from '../../ui/format';
import { LOCAL_API_URL } from '../../ui/limits';
import { LiveStatus, type Notice } from '../../ui/LiveStatus';
import { Brand } from '../../ui/Brand';
import { InlineText } from '../../ui/InlineText';

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
    setNotice({ notice: { tone: 'info', text: 'Checking the local server…' }, next: '' });
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
      <h1>Remember what matters</h1>
      <p class="muted">
        Mnueron keeps small facts — “prefers 2-space indentation” — that your AI assistants recall later. Save text from
        any page, or let it capture your chats.
      </p>
      <div class="first-run-actions">
        <button type="button" class="primary" disabled={busy} onClick={() => void useLocal()}>
          Use local mode
        </button>
        <p class="small muted">Runs against your own Mnueron server on this computer (127.0.0.1:3122). No account.</p>
        <button type="button" onClick={onOpenSettings}>
          Open settings
        </button>
        <p class="small muted">Connect to Mnueron Cloud or a self-hosted server with an API token.</p>
      </div>
      <LiveStatus tone={notice.notice?.tone} label="Connection status">
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
        Skip for now
      </button>
    </main>
  );
}
