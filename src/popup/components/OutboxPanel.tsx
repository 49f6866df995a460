/**
 * The outbox at a glance: how many captures wait, when the next try is, and every parked item with its actions.
 * Waiting items are folded away (they need nothing from the user); parked ones are always shown.
 */
import type { StatusView } from '../../shared/messages';
import { untilText } from '../../ui/format';
import { OutboxItem } from './OutboxItem';

export type OutboxActions = {
  onRetry: (id: string) => void;
  onEdit: (id: string, content: string) => void;
  onDiscard: (id: string) => void;
  onSplit: (id: string) => void;
};

export type OutboxPanelProps = OutboxActions & { status: StatusView; busy: boolean; now?: number };

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function OutboxPanel({ status, busy, now = Date.now(), ...actions }: OutboxPanelProps) {
  const parked = status.items.filter((i) => i.state === 'parked');
  const waiting = status.items.filter((i) => i.state !== 'parked');
  const waitingCount = Math.max(status.pending, waiting.length);
  if (waitingCount === 0 && parked.length === 0 && status.inFlight === 0) {
    return (
      <section class="panel" aria-labelledby="outbox-heading">
        <h2 id="outbox-heading">Outbox</h2>
        <p class="muted small">Everything is sent.</p>
      </section>
    );
  }

  let summary = waitingCount > 0 ? plural(waitingCount, 'memory waiting to send', 'memories waiting to send') : '';
  if (status.inFlight > 0) summary += `${summary ? ' · ' : ''}${status.inFlight} sending now`;
  if (waitingCount > 0 && status.nextAttemptAt) summary += ` · next try at ${untilText(status.nextAttemptAt, now)}`;

  return (
    <section class="panel" aria-labelledby="outbox-heading">
      <h2 id="outbox-heading">Outbox</h2>
      {summary && <p class="outbox-summary">{summary}</p>}
      {parked.length > 0 && (
        <>
          <h3 class="subheading">Not sent ({parked.length}) — needs you</h3>
          <ul class="item-list" aria-label="Not sent">
            {parked.map((item) => (
              <OutboxItem key={item.id} item={item} busy={busy} now={now} {...actions} />
            ))}
          </ul>
        </>
      )}
      {waiting.length > 0 && (
        <details class="waiting">
          <summary>Show waiting items</summary>
          <ul class="item-list" aria-label="Waiting to send">
            {waiting.map((item) => (
              <OutboxItem key={item.id} item={item} busy={busy} now={now} {...actions} />
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
