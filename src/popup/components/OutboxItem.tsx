/**
 * One item waiting in the outbox. Parked items (the server refused them, or they are too large) say why and offer
 * Retry, Edit, Discard and — when too large — Split. Pending items only offer Discard.
 */
import { useState } from 'preact/hooks';
import type { OutboxItemView } from '../../shared/messages';
import { formatBytes, relativeTime, untilText } from '../../ui/format';
import { MAX_CONTENT_BYTES, utf8Bytes } from '../../ui/limits';
import { plural, t } from '../../shared/i18n';

export type OutboxItemProps = {
  item: OutboxItemView;
  busy: boolean;
  onRetry: (id: string) => void;
  onEdit: (id: string, content: string) => void;
  onDiscard: (id: string) => void;
  onSplit: (id: string) => void;
  now?: number;
};

/** Ends a message with a full stop unless it already has closing punctuation. */
function sentence(text: string): string {
  return /[.!?…。！？]$/.test(text) ? text : `${text}.`;
}

/** "The server refused it (HTTP 403): reason." from the parts the background kept. */
function refusedText(status: number | undefined, server: string): string {
  if (status && server) return t('popup_refused_status_reason', status, sentence(server));
  if (status) return t('popup_refused_status', status);
  return server ? t('popup_refused_reason', sentence(server)) : t('popup_refused');
}

/** Why an item is parked, in one sentence. */
export function parkedReasonText(item: OutboxItemView): string {
  const parked = item.parked;
  if (!parked) return '';
  const server = parked.message.trim();
  switch (parked.reason) {
    case 'too-large': {
      const size = formatBytes(parked.receivedBytes ?? item.bytes, true);
      const max = formatBytes(parked.maxBytes ?? MAX_CONTENT_BYTES);
      return t('popup_parked_too_large', size, max);
    }
    case 'rejected':
      // The background's message is already a sentence with the status in parentheses ("The server refused it
      // (400): …", in the UI language, so maybe full-width ones); only a bare server reason gets the status put in
      // front.
      return t(
        'popup_parked_rejected',
        parked.status && new RegExp(`[(（](HTTP )?${parked.status}[)）]`).test(server)
          ? sentence(server)
          : refusedText(parked.status, server),
      );
    case 'expired':
      return server
        ? plural('popup_parked_expired_reason', item.attempts, sentence(server))
        : plural('popup_parked_expired_plain', item.attempts);
  }
}

export function OutboxItem({ item, busy, onRetry, onEdit, onDiscard, onSplit, now = Date.now() }: OutboxItemProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(item.preview);
  // The view carries only a 200-character preview; editing a longer item from it would cut the rest off.
  const previewIsWhole = utf8Bytes(item.preview) === item.bytes;
  const parked = item.state === 'parked';

  return (
    <li class={`outbox-item${parked ? ' is-parked' : ''}`}>
      <p class="item-preview">{item.preview || <em class="muted">{t('popup_item_empty')}</em>}</p>
      <p class="item-meta small muted">
        {[
          item.namespace,
          formatBytes(item.bytes),
          relativeTime(item.createdAt, now),
          !parked && item.nextAttemptAt ? t('popup_item_next_try', untilText(item.nextAttemptAt, now)) : '',
          !parked && item.state === 'inflight' ? t('popup_item_sending') : '',
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {parked && <p class="item-reason small">{parkedReasonText(item)}</p>}
      {!parked && item.lastError && <p class="item-reason small muted">{t('popup_item_last_try', item.lastError)}</p>}
      {editing ? (
        <div class="item-edit">
          <label class="field-label" for={`edit-${item.id}`}>
            {t('popup_item_edited_text')}
          </label>
          <textarea id={`edit-${item.id}`} rows={4} value={draft} onInput={(e) => setDraft(e.currentTarget.value)} />
          {!previewIsWhole && <p class="field-hint">{t('popup_item_preview_only')}</p>}
          <div class="row">
            <button
              type="button"
              class="small primary"
              disabled={busy || !draft.trim()}
              onClick={() => {
                onEdit(item.id, draft);
                setEditing(false);
              }}
            >
              {t('popup_item_save_retry')}
            </button>
            <button type="button" class="small" onClick={() => setEditing(false)}>
              {t('popup_cancel')}
            </button>
          </div>
        </div>
      ) : (
        <div class="row item-actions">
          {parked && (
            <button type="button" class="small" disabled={busy} onClick={() => onRetry(item.id)}>
              {t('popup_retry')}
            </button>
          )}
          {parked && item.parked?.reason === 'too-large' && (
            <button type="button" class="small" disabled={busy} onClick={() => onSplit(item.id)}>
              {t('popup_split')}
            </button>
          )}
          {parked && (
            <button
              type="button"
              class="small"
              disabled={busy}
              onClick={() => {
                setDraft(item.preview);
                setEditing(true);
              }}
            >
              {t('popup_edit')}
            </button>
          )}
          <button type="button" class="small danger" disabled={busy} onClick={() => onDiscard(item.id)}>
            {t('popup_discard')}
          </button>
        </div>
      )}
    </li>
  );
}
