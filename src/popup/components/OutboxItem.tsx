/**
 * One item waiting in the outbox. Parked items (the server refused them, or they are too large) say why and offer
 * Retry, Edit, Discard and — when too large — Split. Pending items only offer Discard.
 */
import { useState } from 'preact/hooks';
import type { OutboxItemView } from '../../shared/messages';
import { formatBytes, relativeTime, untilText } from '../../ui/format';
import { MAX_CONTENT_BYTES, utf8Bytes } from '../../ui/limits';

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
  return /[.!?…]$/.test(text) ? text : `${text}.`;
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
      return `Too large: ${size}, the server takes at most ${max}. Split it into parts or shorten it.`;
    }
    case 'rejected':
      // The background's message is already a sentence ("The server refused it (400): …"); only a bare server
      // reason gets the status put in front.
      return `${
        /refused/i.test(server)
          ? sentence(server)
          : `The server refused it${parked.status ? ` (HTTP ${parked.status})` : ''}${server ? `: ${sentence(server)}` : '.'}`
      } Edit it and retry, or discard it.`;
    case 'expired':
      return `Not sent after ${item.attempts} tries${server ? `: ${sentence(server)}` : '.'} Retry it, or discard it.`;
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
      <p class="item-preview">{item.preview || <em class="muted">(empty)</em>}</p>
      <p class="item-meta small muted">
        {item.namespace} · {formatBytes(item.bytes)} · {relativeTime(item.createdAt, now)}
        {!parked && item.nextAttemptAt ? ` · next try ${untilText(item.nextAttemptAt, now)}` : ''}
        {!parked && item.state === 'inflight' ? ' · sending…' : ''}
      </p>
      {parked && <p class="item-reason small">{parkedReasonText(item)}</p>}
      {!parked && item.lastError && <p class="item-reason small muted">Last try: {item.lastError}</p>}
      {editing ? (
        <div class="item-edit">
          <label class="field-label" for={`edit-${item.id}`}>
            Edited text
          </label>
          <textarea id={`edit-${item.id}`} rows={4} value={draft} onInput={(e) => setDraft(e.currentTarget.value)} />
          {!previewIsWhole && (
            <p class="field-hint">
              Only the first 200 characters are shown here; saving replaces the whole memory with this text.
            </p>
          )}
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
              Save and retry
            </button>
            <button type="button" class="small" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div class="row item-actions">
          {parked && (
            <button type="button" class="small" disabled={busy} onClick={() => onRetry(item.id)}>
              Retry
            </button>
          )}
          {parked && item.parked?.reason === 'too-large' && (
            <button type="button" class="small" disabled={busy} onClick={() => onSplit(item.id)}>
              Split
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
              Edit
            </button>
          )}
          <button type="button" class="small danger" disabled={busy} onClick={() => onDiscard(item.id)}>
            Discard
          </button>
        </div>
      )}
    </li>
  );
}
