/**
 * A polite live region for the outcome of an action ("Saved", "Queued — …", an error). It is always in the DOM so
 * screen readers announce changes; empty until there is something to say.
 */
import type { ComponentChildren } from 'preact';
import type { Tone } from './connection-text';

export type LiveStatusProps = {
  tone?: Tone | undefined;
  children?: ComponentChildren;
  /** Names the region when a page has several ("Connection status"). */
  label?: string;
};

export function LiveStatus({ tone = 'info', children, label }: LiveStatusProps) {
  const empty = children === undefined || children === null || children === '' || children === false;
  return (
    <div role="status" aria-live="polite" aria-label={label} class={`live-status${empty ? '' : ` tone-${tone}`}`}>
      {empty ? null : children}
    </div>
  );
}

/** The state a LiveStatus shows: a tone and one sentence, or nothing yet. */
export type Notice = { tone: Tone; text: string } | null;
