/** The last 50 capture and send attempts, and a one-click copy of debug info (which never contains the token). */
import { useEffect, useState } from 'preact/hooks';
import { send } from '../../shared/ui-client';
import type { DiagnosticEntry } from '../../shared/messages';
import { copyText } from '../../ui/chrome-api';
import { errorText } from '../../ui/format';
import { LiveStatus, type Notice } from '../../ui/LiveStatus';
import { Section } from './Section';
import { t, uiLanguage, type MessageKey } from '../../shared/i18n';

export type DiagnosticsSectionProps = {
  /** Test seam; defaults to the real clock. */
  now?: number;
};

const KIND_LABEL: Record<DiagnosticEntry['kind'], MessageKey> = {
  capture: 'diag_kind_capture',
  send: 'diag_kind_send',
  skip: 'diag_kind_skip',
  health: 'diag_kind_health',
  internal: 'diag_kind_internal',
};

/** The background's outcome words (English, as in the debug info) shown in the UI language; others as they are. */
const OUTCOME_LABEL: Record<string, MessageKey> = {
  queued: 'diag_out_queued',
  'parked-too-large': 'diag_out_needs_too_large',
  saved: 'diag_out_saved',
  'rate-limited': 'diag_out_rate_limited',
  'will retry': 'diag_out_will_retry',
  'paused: token': 'diag_out_paused_token',
  'paused: plan limit': 'diag_out_paused_plan',
  'needs you: too large': 'diag_out_needs_too_large',
  'needs you: refused': 'diag_out_needs_refused',
  discarded: 'diag_out_discarded',
  skipped: 'diag_out_skipped',
  undone: 'diag_out_undone',
  refused: 'diag_out_refused',
  rejected: 'diag_out_rejected',
  expired: 'diag_out_expired',
  'duplicate removed': 'diag_out_duplicate_removed',
  unverified: 'diag_out_unverified',
  ok: 'diag_out_ok',
  degraded: 'diag_out_degraded',
  'temporary-chat': 'diag_out_temporary_chat',
  'incognito-chat': 'diag_out_incognito_chat',
  paused: 'diag_out_paused',
  disabled: 'diag_out_disabled',
  'never-conversation': 'diag_out_never_conversation',
  'denied-host': 'diag_out_denied_host',
};

export function outcomeLabel(outcome: string): string {
  const key = Object.hasOwn(OUTCOME_LABEL, outcome) ? OUTCOME_LABEL[outcome] : undefined;
  return key ? t(key) : outcome;
}

/** The time of an attempt to the second, with the day when it is not today, in the UI language. */
function timeOf(at: number, now: number): string {
  const sameDay = new Date(at).toDateString() === new Date(now).toDateString();
  return new Intl.DateTimeFormat(uiLanguage(), {
    ...(sameDay ? {} : { day: 'numeric', month: 'short' }),
    hour: 'numeric',
    minute: '2-digit',
    second: '2-digit',
  }).format(at);
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
      setNotice({ tone: 'error', text: t('options_debug_failed', errorText(reply.error)) });
      return;
    }
    if (await copyText(reply.value)) {
      setManualCopy(null);
      setNotice({ tone: 'ok', text: t('options_copied') });
    } else {
      // The clipboard can be refused (page not focused); show the text so it can be copied by hand.
      setManualCopy(reply.value);
      setNotice({ tone: 'warn', text: t('options_clipboard_refused') });
    }
  };

  return (
    <Section id="diagnostics" title={t('options_nav_diagnostics')} intro={t('options_diagnostics_intro')}>
      <div class="row">
        <button type="button" class="primary" onClick={() => void copy()}>
          {t('options_copy_debug')}
        </button>
        <button type="button" onClick={() => void load()}>
          {t('options_refresh')}
        </button>
      </div>
      <LiveStatus tone={notice?.tone} label={t('options_debug_status')}>
        {notice?.text}
      </LiveStatus>
      {manualCopy !== null && (
        <textarea class="debug-text" aria-label={t('options_debug_info')} readOnly rows={8} value={manualCopy} />
      )}
      {loadError ? (
        <p class="field-error">{loadError}</p>
      ) : entries === null ? (
        <p class="muted">{t('options_loading')}</p>
      ) : entries.length === 0 ? (
        <p class="muted">{t('options_no_attempts')}</p>
      ) : (
        // The table scrolls inside its box: a focusable, named region, so keyboard users can scroll it too.
        <div class="table-wrap" role="region" aria-label={t('options_attempts_caption')} tabIndex={0}>
          <table class="diagnostics">
            <caption class="visually-hidden">{t('options_attempts_caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('options_col_time')}</th>
                <th scope="col">{t('options_col_kind')}</th>
                <th scope="col">{t('options_col_outcome')}</th>
                <th scope="col">HTTP</th>
                <th scope="col">{t('options_col_detail')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e, i) => (
                <tr key={`${e.at}-${i}`}>
                  <td class="nowrap">{timeOf(e.at, now)}</td>
                  <td>{t(KIND_LABEL[e.kind])}</td>
                  <td class={/fail|error|refus|needs you|pause|expired/i.test(e.outcome) ? 'bad' : ''}>
                    {outcomeLabel(e.outcome)}
                  </td>
                  <td class="num">{e.status ?? '—'}</td>
                  <td class="detail">{e.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {!loadError && entries && entries.length > 0 && <p class="field-hint">{t('diag_details_english')}</p>}
    </Section>
  );
}
