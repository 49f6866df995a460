/**
 * The chat site in the current tab: its capture switch, whether capture still works there (the content script's
 * canary), and "Save this chat" for the whole conversation.
 */
import { useState } from 'preact/hooks';
import type { HealthCode } from '../../shared/chat-sites';
import { formatNumber, plural, t, type MessageKey } from '../../shared/i18n';
import type { SaveThisChatResult } from '../../shared/messages';
import { send } from '../../shared/ui-client';
import { errorText } from '../../ui/format';
import { Choice } from '../../ui/Choice';
import { LiveStatus, type Notice } from '../../ui/LiveStatus';

export type ThisSiteProps = {
  siteLabel: string;
  /** Whether capture is on for this site; null while the settings are still loading. */
  enabled: boolean | null;
  health: 'ok' | 'degraded' | 'unknown' | null;
  /** With "degraded": what the canary found missing (a code, translated here; never the page's own words). */
  reason?: HealthCode | null;
  tabId?: number | undefined;
  onToggle: (enabled: boolean) => void;
  /** `<site>:<conversation id>` of the chat in the tab; null when the page shows no conversation. */
  conversation?: string | null;
  /** Whether the user asked never to capture this conversation; null while the settings load. */
  neverCapture?: boolean | null;
  onNeverCapture?: (never: boolean) => void;
};

const WHY: Record<HealthCode, MessageKey> = {
  'no-thread': 'degraded_why_no_thread',
  'no-turns': 'degraded_why_no_turns',
  'no-roles': 'degraded_why_no_roles',
  'no-answers': 'degraded_why_no_answers',
  'no-questions': 'degraded_why_no_questions',
  'no-signal': 'degraded_why_no_signal',
};

export function saveChatText(turns: number, sent: number): string {
  if (turns === 0) return t('popup_chat_none');
  if (sent === turns) return plural('popup_chat_saved_all', turns);
  return plural('popup_chat_saved_some', sent, formatNumber(turns - sent));
}

/** The save result, plus what the generic reader found when the site's own reader could not be used. */
function savedText(r: SaveThisChatResult): string {
  const text = saveChatText(r.turns, r.sent);
  return r.generic ? `${text} ${t('degraded_generic_read', r.generic.found, r.generic.unattributed)}` : text;
}

export function ThisSite({
  siteLabel,
  enabled,
  health,
  reason = null,
  tabId,
  onToggle,
  conversation = null,
  neverCapture = null,
  onNeverCapture,
}: ThisSiteProps) {
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);

  const saveChat = async () => {
    setBusy(true);
    setNotice(null);
    const reply = await send<'ui:save-this-chat'>({
      type: 'ui:save-this-chat',
      ...(tabId !== undefined ? { tabId } : {}),
    });
    setBusy(false);
    setNotice(
      reply.ok
        ? { tone: 'ok', text: savedText(reply.value) }
        : { tone: 'error', text: t('popup_chat_save_failed', errorText(reply.error)) },
    );
  };

  return (
    <section class="panel this-site" aria-labelledby="site-heading">
      <h2 id="site-heading">{siteLabel}</h2>
      <Choice
        type="checkbox"
        label={t('popup_site_capture', siteLabel)}
        checked={enabled === true}
        disabled={enabled === null}
        onChange={onToggle}
      />
      {health === 'degraded' ? (
        <p class="site-health small tone-warn notice">
          {t('popup_site_degraded', siteLabel)}
          {reason && WHY[reason] ? ` ${t(WHY[reason])}` : ''}
        </p>
      ) : health === 'ok' ? (
        <p class="site-health small">
          <span class="dot ok" aria-hidden="true" /> {t('popup_site_working')}
        </p>
      ) : enabled ? (
        <p class="site-health small muted">{t('popup_site_unchecked')}</p>
      ) : null}
      {neverCapture && <p class="site-health small muted">{t('popup_site_never')}</p>}
      <div class="row">
        <button type="button" class="small" disabled={busy || neverCapture === true} onClick={() => void saveChat()}>
          {busy ? t('popup_saving') : t('popup_site_save_chat')}
        </button>
        {conversation && onNeverCapture && (
          <button
            type="button"
            class="small"
            disabled={neverCapture === null}
            onClick={() => onNeverCapture(!neverCapture)}
          >
            {neverCapture ? t('popup_site_allow') : t('popup_site_never_button')}
          </button>
        )}
      </div>
      <LiveStatus tone={notice?.tone} label={t('popup_site_status')}>
        {notice?.text}
      </LiveStatus>
    </section>
  );
}
