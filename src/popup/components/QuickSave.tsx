/**
 * Save a memory by hand: the text (prefilled with the page's selection), tags, namespace. Shows the size against
 * the API's 256 KB limit and, above it, offers to save the text as several parts instead of failing.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { send } from '../../shared/ui-client';
import type { SaveResult } from '../../shared/messages';
import { errorText, formatBytes } from '../../ui/format';
import { MAX_CONTENT_BYTES, partsNeeded, utf8Bytes } from '../../ui/limits';
import { LiveStatus, type Notice } from '../../ui/LiveStatus';
import { TagInput } from '../../ui/TagInput';
import { plural, t } from '../../shared/i18n';

export type QuickSaveProps = {
  /** The tab named in the popup's URL; absent → the background uses the active tab. */
  tabId?: number | undefined;
  /** The page's selection; empty when there is none or it could not be read. */
  initialText: string;
  /** Shown as the namespace placeholder: what an empty Namespace field means. */
  defaultNamespace: string;
  namespaces: string[];
  tagSuggestions: string[];
  /** Called after a save so the page can refresh the outbox and recent list. */
  onSaved?: () => void;
};

/** "Saved", or "Queued — why", plus the redaction count: what the save result means for the user. */
export function saveResultText(result: SaveResult): string {
  const parts = result.ids.length;
  const reason = result.reason?.trim();
  const outcome =
    result.status === 'saved'
      ? parts > 1
        ? plural('popup_qs_saved_parts', parts)
        : t('popup_qs_saved')
      : parts > 1
        ? plural('popup_qs_queued_parts', parts, reason || t('popup_qs_soon'))
        : reason
          ? t('popup_qs_queued', reason)
          : t('popup_qs_queued_soon');
  return result.redactedCount > 0 ? `${outcome} ${plural('popup_qs_redacted', result.redactedCount)}` : outcome;
}

export function QuickSave({
  tabId,
  initialText,
  defaultNamespace,
  namespaces,
  tagSuggestions,
  onSaved,
}: QuickSaveProps) {
  const [content, setContent] = useState(initialText);
  // The selection arrives after the first paint; it fills the field only if the user has not typed yet.
  const typed = useRef(false);
  useEffect(() => {
    if (!typed.current && initialText) setContent(initialText);
  }, [initialText]);
  const [tags, setTagsState] = useState<string[]>([]);
  // Ctrl+Enter in the tag input commits the typed tag and saves in the same keystroke, before a re-render: the
  // save reads the tags from this ref, which onChange updates synchronously.
  const tagsRef = useRef<string[]>([]);
  const setTags = (next: string[]) => {
    tagsRef.current = next;
    setTagsState(next);
  };
  const [namespace, setNamespace] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);

  const bytes = utf8Bytes(content);
  const over = bytes > MAX_CONTENT_BYTES;
  // Counted only when it matters (a long text's split is linear, but not free on every keystroke).
  const parts = over ? partsNeeded(content) : 1;

  const save = async (split: boolean) => {
    if (busy) return;
    if (!content.trim()) {
      setNotice({ tone: 'warn', text: t('popup_qs_empty') });
      return;
    }
    if (over && !split) {
      setNotice({ tone: 'warn', text: plural('popup_qs_too_large', parts) });
      return;
    }
    setBusy(true);
    setNotice(null);
    const ns = namespace.trim();
    const reply = await send<'ui:quick-save'>({
      type: 'ui:quick-save',
      content,
      ...(ns ? { namespace: ns } : {}),
      ...(tagsRef.current.length ? { tags: tagsRef.current } : {}),
      ...(split ? { split: true } : {}),
      ...(tabId !== undefined ? { tabId } : {}),
    });
    setBusy(false);
    if (reply.ok) {
      setContent('');
      setNotice({ tone: reply.value.status === 'saved' ? 'ok' : 'info', text: saveResultText(reply.value) });
      onSaved?.();
    } else {
      setNotice({ tone: 'error', text: errorText(reply.error) });
    }
  };

  const onKeyDown = (e: JSX.TargetedKeyboardEvent<HTMLFormElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void save(false);
    }
  };

  return (
    <section class="panel" aria-labelledby="quick-save-heading">
      <h2 id="quick-save-heading">{t('popup_qs_heading')}</h2>
      <form
        class="quick-save"
        onKeyDown={onKeyDown}
        onSubmit={(e) => {
          e.preventDefault();
          void save(false);
        }}
      >
        <div class="field">
          <label for="qs-memory">{t('popup_qs_memory')}</label>
          <textarea
            id="qs-memory"
            rows={4}
            value={content}
            placeholder={t('popup_qs_placeholder')}
            aria-describedby="qs-size"
            onInput={(e) => {
              typed.current = true;
              setContent(e.currentTarget.value);
            }}
          />
          <p id="qs-size" class={`byte-count small${over ? ' over' : ''}`}>
            {formatBytes(bytes, over)} / {formatBytes(MAX_CONTENT_BYTES)}
          </p>
        </div>
        {over && (
          <div class="notice tone-warn">
            <p class="small">
              {plural('popup_qs_over', parts, formatBytes(bytes, true), formatBytes(MAX_CONTENT_BYTES))}
            </p>
            <div class="row">
              <button type="button" class="small" disabled={busy} onClick={() => void save(true)}>
                {plural('popup_qs_save_parts', parts)}
              </button>
            </div>
          </div>
        )}
        <TagInput
          label={t('popup_qs_tags')}
          tags={tags}
          onChange={setTags}
          suggestions={tagSuggestions}
          placeholder={t('popup_qs_tag_placeholder')}
        />
        <div class="field">
          <label for="qs-namespace">{t('popup_qs_namespace')}</label>
          <input
            id="qs-namespace"
            type="text"
            list="qs-namespaces"
            value={namespace}
            placeholder={defaultNamespace}
            autocomplete="off"
            onInput={(e) => setNamespace(e.currentTarget.value)}
          />
          <datalist id="qs-namespaces">
            {namespaces.map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
        </div>
        <div class="row save-row">
          <button type="submit" class="primary" disabled={busy || over}>
            {busy ? t('popup_saving') : t('popup_save')}
          </button>
          <span class="small muted kbd-hint">{t('popup_qs_shortcut')}</span>
        </div>
        <LiveStatus tone={notice?.tone} label={t('popup_qs_status')}>
          {notice?.text}
        </LiveStatus>
      </form>
    </section>
  );
}
