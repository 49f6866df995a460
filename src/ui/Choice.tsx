/**
 * A checkbox or radio with a short name and an optional hint under it. The whole row is clickable, but only the
 * name labels the control (the hint is its description), so screen readers and tests hear "Capture chats on
 * Claude", not the name run together with the hint.
 */
import { useId } from 'preact/hooks';
import type { ComponentChildren } from 'preact';

export type ChoiceProps = {
  type: 'checkbox' | 'radio';
  label: string;
  hint?: ComponentChildren;
  checked: boolean;
  onChange: (checked: boolean) => void;
  name?: string;
  value?: string;
  disabled?: boolean;
  /** Extra class on the row (e.g. the connection mode cards). */
  class?: string;
};

export function Choice({ type, label, hint, checked, onChange, name, value, disabled, class: extra }: ChoiceProps) {
  const id = useId();
  return (
    <label class={`check${extra ? ` ${extra}` : ''}`}>
      <input
        type={type}
        name={name}
        value={value}
        checked={checked}
        disabled={disabled}
        aria-labelledby={`${id}-label`}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(e) => onChange(e.currentTarget.checked)}
      />
      <span class="check-text">
        <span id={`${id}-label`} class="check-label">
          {label}
        </span>
        {hint && (
          <span id={`${id}-hint`} class="field-hint">
            {hint}
          </span>
        )}
      </span>
    </label>
  );
}
