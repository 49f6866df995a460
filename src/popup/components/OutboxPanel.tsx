/**
 * The outbox at a glance: how many captures wait, when the next try is, and every parked item with its actions.
 * Waiting items are folded away (they need nothing from the user); parked ones are always shown.
 */
import type { StatusView } from '../../shared/messages';
import { untilText } from '../../ui/format';
import { OutboxItem } from './OutboxItem';
import { formatNumber, plural, t } from '../../shared/i18n';

export type OutboxActions = {
  onRetry: (id: string) => void;
  onEdit: (id: string, content: string) => void;
  onDiscard: (id: string) => void;
  onSplit: (id: string) => void;
};

export type OutboxPanelProps = OutboxActions & { status: StatusView; busy: boolean; now?: number };

export function OutboxPanel({ status, busy, now = Date.now(), ...actions }: OutboxPanelProps) {
  const parked = status.items.filter((i) => i.state === 'parked');
  const waiting = status.items.filter((i) => i.state !== 'parked');
  const waitingCount = Math.max(status.pending, waiting.length);
  if (waitingCount === 0 && parked.length === 0 && status.inFlight === 0) {
    return (
      <section class="panel" aria-labelledby="outbox-heading">
        <h2 id="outbox-heading">{t('popup_outbox')}</h2>
        <p class="muted small">{t('popup_outbox_all_sent')}</p>
      </section>
    );
  }

  const summary = [
    waitingCount > 0 ? plural('popup_outbox_waiting', waitingCount) : '',
    status.inFlight > 0 ? plural('popup_outbox_sending', status.inFlight) : '',
    waitingCount > 0 && status.nextAttemptAt ? t('popup_outbox_next_try', untilText(status.nextAttemptAt, now)) : '',
  ]
    .filter(Boolean)
    .join(' · ');

  return (
    <section class="panel" aria-labelledby="outbox-heading">
      <h2 id="outbox-heading">{t('popup_outbox')}</h2>
      {summary && <p class="outbox-summary">{summary}</p>}
      {parked.length > 0 && (
        <>
          <h3 class="subheading">{t('popup_outbox_parked_heading', formatNumber(parked.length))}</h3>
          <ul class="item-list" aria-label={t('popup_outbox_parked_list')}>
            {parked.map((item) => (
              <OutboxItem key={item.id} item={item} busy={busy} now={now} {...actions} />
            ))}
          </ul>
        </>
      )}
      {waiting.length > 0 && (
        <details class="waiting">
          <summary>{t('popup_outbox_show_waiting')}</summary>
          <ul class="item-list" aria-label={t('popup_outbox_queue_list')}>
            {waiting.map((item) => (
              <OutboxItem key={item.id} item={item} busy={busy} now={now} {...actions} />
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
