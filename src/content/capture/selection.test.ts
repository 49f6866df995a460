// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { readPageSelection } from './selection';

function field(html: string): HTMLInputElement | HTMLTextAreaElement {
  document.body.replaceChildren();
  const host = document.createElement('div');
  host.innerHTML = html;
  document.body.append(host);
  const el = host.firstElementChild as HTMLInputElement | HTMLTextAreaElement;
  el.focus();
  el.setSelectionRange(0, el.value.length);
  return el;
}

beforeEach(() => {
  document.title = 'Page';
  window.getSelection()?.removeAllRanges();
});

describe('readPageSelection', () => {
  it('keeps line breaks of a selection inside a textarea', () => {
    field('<textarea>first line\nsecond line</textarea>');
    expect(readPageSelection()).toMatchObject({ text: 'first line\nsecond line', from: 'field', title: 'Page' });
  });

  it.each([
    ['<input type="password" value="hunter2">'],
    ['<input type="text" autocomplete="cc-number" value="4111111111111111">'],
    ['<input type="text" autocomplete="one-time-code" value="123456">'],
    ['<input type="text" autocomplete="current-password" value="hunter2">'],
  ])('never reads a secret field: %s', (html) => {
    field(html);
    const result = readPageSelection();
    expect(result.from).toBe('password');
    expect(result.text).toBe('');
  });

  it('reads the document selection when no field is focused', () => {
    document.body.replaceChildren();
    const p = document.createElement('p');
    p.textContent = 'Prefers tabs in Makefiles.';
    document.body.append(p);
    (document.activeElement as HTMLElement | null)?.blur?.();
    const range = document.createRange();
    range.selectNodeContents(p);
    window.getSelection()!.addRange(range);
    expect(readPageSelection()).toMatchObject({ text: 'Prefers tabs in Makefiles.', from: 'document' });
  });
});
