/**
 * Tags as removable chips with a text input. Enter or comma adds what was typed, Backspace in the empty input removes
 * the last chip, every chip has its own remove button. Used by the popup's quick-save and the options page's
 * defaults and per-site overrides.
 */
import { useId, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { addTags } from './tags';
import { t } from '../shared/i18n';

export type TagInputProps = {
  /** Visible label of the text input; tests and screen readers find the control by it. */
  label: string;
  tags: string[];
  onChange: (tags: string[]) => void;
  /** Offered in a datalist (defaults, recently used); those already chosen are left out. */
  suggestions?: string[];
  placeholder?: string;
  disabled?: boolean;
};

export function TagInput({ label, tags, onChange, suggestions = [], placeholder, disabled }: TagInputProps) {
  const id = useId();
  const listId = `${id}-suggestions`;
  const [draft, setDraft] = useState('');

  const commit = (text: string) => {
    const next = addTags(tags, text);
    if (next.length !== tags.length) onChange(next);
    setDraft('');
  };

  const onKeyDown = (e: JSX.TargetedKeyboardEvent<HTMLInputElement>) => {
    // Ctrl/Cmd+Enter belongs to the surrounding form (save); commit first so the save sees the tag.
    if (e.key === 'Enter' || e.key === ',') {
      if (!e.ctrlKey && !e.metaKey) e.preventDefault();
      if (draft.trim()) commit(draft);
    } else if (e.key === 'Backspace' && draft === '' && tags.length > 0) {
      e.preventDefault();
      onChange(tags.slice(0, -1));
    }
  };

  const onInput = (e: JSX.TargetedEvent<HTMLInputElement>) => {
    const value = e.currentTarget.value;
    // A pasted "a, b, c" becomes chips at once; the part after the last comma stays in the input.
    if (value.includes(',')) {
      const cut = value.lastIndexOf(',');
      const next = addTags(tags, value.slice(0, cut));
      if (next.length !== tags.length) onChange(next);
      setDraft(value.slice(cut + 1));
    } else setDraft(value);
  };

  const chosen = new Set(tags.map((t) => t.toLowerCase()));
  const offered = [...new Set(suggestions)].filter((s) => !chosen.has(s.toLowerCase()));

  return (
    <div class="field">
      <label for={id}>{label}</label>
      <div class={`tag-input${disabled ? ' is-disabled' : ''}`}>
        {tags.length > 0 && (
          <ul class="chips">
            {tags.map((tag, i) => (
              <li class="chip" key={tag}>
                <span class="chip-text">{tag}</span>
                <button
                  type="button"
                  class="chip-remove"
                  aria-label={t('ui_tag_remove', tag)}
                  title={t('ui_tag_remove', tag)}
                  disabled={disabled}
                  onClick={() => onChange(tags.filter((_, j) => j !== i))}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <input
          id={id}
          type="text"
          class="tag-text"
          value={draft}
          list={offered.length > 0 ? listId : undefined}
          placeholder={tags.length === 0 ? placeholder : undefined}
          autocomplete="off"
          enterKeyHint="enter"
          disabled={disabled}
          onKeyDown={onKeyDown}
          onInput={onInput}
          onBlur={() => draft.trim() && commit(draft)}
        />
      </div>
      {offered.length > 0 && (
        <datalist id={listId}>
          {offered.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      )}
    </div>
  );
}
