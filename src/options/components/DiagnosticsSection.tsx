/** The last 50 capture and send attempts, and a one-click copy of debug info (which never contains the token). */
import { useEffect, useState } from 'preact/hooks';
import { send } from '../../shared/ui-client';
import type { DiagnosticEntry } from '../../shared/messages';
import { copyText } from '../../ui/chrome-api';
import { clockTime, errorText } from '../../ui/format';
import { LiveStatus, type Notice } from '../../ui/LiveStatus';
import { Section } from './Section';

export type DiagnosticsSectionProps = {
  /** Test seam; defaults to the real clock. */
  now?: number;
};

function timeOf(at: number, now: number): string {
  const sameDay = new Date(at).toDateString() === new Date(now).toDateString();
  const seconds = String(new Date(at).getSeconds()).padStart(2, '0');
  const time = `${clockTime(at)}:${seconds}`;
  if (sameDay) return time;
  const d = new Date(at);
  return `${d.getDate()} ${d.toLocaleString('en', { month: 'short' })} ${time}`;
}

export function DiagnosticsSection({ now = Date.now() }: DiagnosticsSectionProps) {
  const [entries, setEntries] = useState<DiagnosticEntry[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [manualCopy, setManualCopy] = useState<string | null>(null);

  const load = async () => {
    const reply = await send<'ui:diagnostics'>({ type: 'ui:diagnostics' });
    if (reply.ok) {
      setEntries(reply.value.slice(0, 50));
      setLoadError(null);
    } else setLoadError(errorText(reply.error));
  };

  useEffect(() => {
    void load();
  }, []);

  const copy = async () => {
    setNotice(null);
    const reply = await send<'ui:debug-info'>({ type: 'ui:debug-info' });
    if (!reply.ok) {
      setNotice({ tone: 'error', text: `Couldn't collect debug info: ${errorText(reply.error)}` });
      return;
    }
    if (await copyText(reply.value)) {
      setManualCopy(null);
      setNotice({ tone: 'ok', text: 'Copied' });
    } else {
      // The clipboard can be refused (page not focused); show the text so it can be copied by hand.
      setManualCopy(reply.value);
      setNotice({ tone: 'warn', text: 'The browser refused the clipboard. Select the text below and copy it.' });
    }
  };

  return (
    <Section
      id="diagnostics"
      title="Diagnostics"
      intro="The last 50 capture and send attempts, newest first. Copy the debug info into a bug report; it never includes your token."
    >
      <div class="row">
        <button type="button" class="primary" onClick={() => void copy()}>
          Copy debug info
        </button>
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      <LiveStatus tone={notice?.tone} label="Debug info status">
        {notice?.text}
      </LiveStatus>
      {manualCopy !== null && (
        <textarea class="debug-text" aria-label="Debug info" readOnly rows={8} value={manualCopy} />
      )}
      {loadError ? (
        <p class="field-error">{loadError}</p>
      ) : entries === null ? (
        <p class="muted">Loading…</p>
      ) : entries.length === 0 ? (
        <p class="muted">No attempts yet. Save something, and it shows up here.</p>
      ) : (
        <div class="table-wrap">
          <table class="diagnostics">
            <caption class="visually-hidden">Recent capture and send attempts</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Kind</th>
                <th scope="col">Outcome</th>
                <th scope="col">HTTP</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e, i) => (
                <tr key={`${e.at}-${i}`}>
                  <td class="nowrap">{timeOf(e.at, now)}</td>
                  <td>{e.kind}</td>
                  <td class={/fail|error|refus|needs you|pause|expired/i.test(e.outcome) ? 'bad' : ''}>{e.outcome}</td>
                  <td class="num">{e.status ?? '—'}</td>
                  <td class="detail">{e.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
