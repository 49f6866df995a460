// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { insertIntoComposer, type ComposerOutcome } from './composer';
import { COMPOSER_SELECTORS } from '../../shared/composers';

/** A composer whose native editing lands at once, as ProseMirror's and Quill's do (execCommand is synchronous). */
function composer(): HTMLElement {
  document.body.innerHTML = '<div id="prompt-textarea" contenteditable="true"><p>Draft</p></div>';
  const el = document.getElementById('prompt-textarea')!;
  Object.defineProperty(el, 'isContentEditable', { value: true });
  el.getBoundingClientRect = () => ({ width: 300, height: 40 }) as DOMRect;
  Object.defineProperty(el, 'innerText', { get: () => el.textContent ?? '' });
  document.execCommand = ((command: string, _ui?: boolean, text?: string) => {
    if (command !== 'insertText' || text === undefined) return false;
    el.querySelector('p')!.append(text);
    return true;
  }) as typeof document.execCommand;
  return el;
}

afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
});

describe('insertIntoComposer', () => {
  it('answers as soon as the text has landed, not after fixed waits (the insertion budget is 50 ms)', async () => {
    const el = composer();
    vi.useFakeTimers();
    let outcome: ComposerOutcome | null = null;
    void insertIntoComposer(COMPOSER_SELECTORS.chatgpt, 'From my memories:\n- I prefer short names\nend', [
      'I prefer short names',
    ]).then((o) => (outcome = o));
    await vi.advanceTimersByTimeAsync(40);
    expect(outcome).toEqual({ ok: true, method: 'insertText' });
    expect(el.textContent).toContain('I prefer short names');
  });

  it('still tries the next way when the first one changed nothing', async () => {
    const el = composer();
    document.execCommand = (() => false) as typeof document.execCommand;
    el.addEventListener('paste', (e) => {
      el.querySelector('p')!.append((e as ClipboardEvent).clipboardData!.getData('text/plain'));
    });
    vi.useFakeTimers();
    const done = insertIntoComposer(COMPOSER_SELECTORS.chatgpt, 'From my memories:\n- I live in Lyon\nend', [
      'I live in Lyon',
    ]);
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(done).resolves.toEqual({ ok: true, method: 'paste' });
  });
});
