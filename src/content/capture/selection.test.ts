// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readPageSelection } from './selection';

/** What `scripting.executeScript` runs: the function rebuilt from its source, so it can use nothing from outside. */
const injected = new Function(`return ${readPageSelection.toString()}`)() as typeof readPageSelection;

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

describe('readPageSelection (run from its own source, as injected)', () => {
  it('keeps line breaks of a selection inside a textarea', () => {
    field('<textarea>first line\nsecond line</textarea>');
    expect(injected()).toMatchObject({ text: 'first line\nsecond line', from: 'field', title: 'Page' });
  });

  it.each([
    ['<input type="password" value="hunter2">'],
    ['<input type="text" autocomplete="cc-number" value="4111111111111111">'],
    ['<input type="text" autocomplete="one-time-code" value="123456">'],
    ['<input type="text" autocomplete="current-password" value="hunter2">'],
  ])('never reads a secret field: %s', (html) => {
    field(html);
    const result = injected();
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
    expect(injected()).toMatchObject({ text: 'Prefers tabs in Makefiles.', from: 'document' });
  });
});

/** A card-number input with its value selected, focused inside a shadow root of the given mode. */
function cardInShadow(mode: 'open' | 'closed'): { host: HTMLElement; root: ShadowRoot } {
  document.body.replaceChildren();
  const host = document.createElement('pay-form');
  document.body.append(host);
  const root = host.attachShadow({ mode });
  const wrapper = document.createElement('card-field');
  root.append(wrapper);
  // Two levels: the card field is itself a component with an open root of its own.
  const inner = wrapper.attachShadow({ mode: 'open' });
  const input = document.createElement('input');
  input.type = 'text';
  input.setAttribute('autocomplete', 'cc-number');
  input.value = '4242 4242 4242 4242';
  inner.append(input);
  input.focus();
  input.setSelectionRange(0, input.value.length);
  return { host, root };
}

describe('readPageSelection inside shadow DOM (run from its own source, as injected)', () => {
  const g = globalThis as unknown as { chrome?: unknown };
  let saved: unknown;
  beforeEach(() => {
    saved = g.chrome;
  });
  afterEach(() => {
    g.chrome = saved;
  });

  it('refuses a card number focused inside an open shadow root', () => {
    cardInShadow('open');
    g.chrome = undefined; // no extension API at all (as in a page world): open roots are still descended
    const result = injected();
    expect(result.from).toBe('password');
    expect(result.text).toBe('');
  });

  it('refuses a card number focused inside a closed shadow root, opened with chrome.dom', () => {
    const { host, root } = cardInShadow('closed');
    expect(host.shadowRoot).toBeNull();
    g.chrome = { dom: { openOrClosedShadowRoot: (el: Element) => (el === host ? root : el.shadowRoot) } };
    const result = injected();
    expect(result.from).toBe('password');
    expect(result.text).toBe('');
  });

  it("refuses it too where only Firefox's element.openOrClosedShadowRoot opens the closed root", () => {
    const { host, root } = cardInShadow('closed');
    Object.defineProperty(host, 'openOrClosedShadowRoot', { value: root, configurable: true });
    g.chrome = { runtime: {} }; // no chrome.dom
    expect(injected().from).toBe('password');
  });

  it('still reads an ordinary field inside a shadow root, and copes without chrome.dom', () => {
    document.body.replaceChildren();
    const host = document.createElement('note-box');
    document.body.append(host);
    const area = document.createElement('textarea');
    area.value = 'first\nsecond';
    host.attachShadow({ mode: 'open' }).append(area);
    area.focus();
    area.setSelectionRange(0, area.value.length);
    g.chrome = { runtime: {} }; // Firefox-like: no chrome.dom
    expect(injected()).toMatchObject({ text: 'first\nsecond', from: 'field' });
  });
});
