// @vitest-environment happy-dom
/** Typing restarts a timer only: one message per pause, with the draft, and none for an unchanged draft. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startSuggestions } from './suggest-core';

let sent: unknown[];
let stop: () => void;
let composer: HTMLElement;

beforeEach(() => {
  vi.useFakeTimers();
  sent = [];
  document.body.innerHTML = '<div id="prompt-textarea" contenteditable="true"></div>';
  composer = document.getElementById('prompt-textarea')!;
  stop = startSuggestions('chatgpt', document, {
    send: async (m) => {
      sent.push(m);
      return { ok: true, value: { count: 2, more: false } };
    },
  });
});

afterEach(() => {
  stop();
  vi.useRealTimers();
});

function type(text: string) {
  for (const ch of text) {
    composer.textContent = (composer.textContent ?? '') + ch;
    composer.dispatchEvent(new Event('input', { bubbles: true }));
    vi.advanceTimersByTime(100);
  }
}

describe('suggestions in the page', () => {
  it('sends nothing per keystroke, one count request after the pause', async () => {
    type('espresso');
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(600);
    expect(sent).toEqual([{ type: 'page:suggest-count', site: 'chatgpt', draft: 'espresso' }]);
    expect(document.querySelector('mnueron-suggest')).not.toBeNull();
    // A key that does not change the draft: no second request.
    composer.dispatchEvent(new Event('keyup', { bubbles: true }));
    await vi.advanceTimersByTimeAsync(700);
    expect(sent).toHaveLength(1);
  });

  it('ignores input outside the composer, and stops on the stand-down event', async () => {
    document.body.insertAdjacentHTML('beforeend', '<textarea id="other"></textarea>');
    document.getElementById('other')!.dispatchEvent(new Event('input', { bubbles: true }));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sent).toEqual([]);
    document.dispatchEvent(new Event('mnueron-suggest-stop'));
    type('espresso');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sent).toEqual([]);
  });
});
