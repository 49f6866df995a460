// @vitest-environment happy-dom
/**
 * Every function the background injects with `scripting.executeScript({ func })` runs in the page from its source
 * text alone (Chrome and Firefox serialise it with Function.prototype.toString): a closure over anything outside
 * its body, such as a module-level import or helper, is undefined there. So each one is run here rebuilt from its
 * source, on a document, and the list of injected functions is read from the background's source, so a new one
 * cannot be added without being run here too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readPageSelection, showPageToast } from '../../src/content/capture/selection';
import { insertIntoComposer } from '../../src/content/insert/composer';
import { COMPOSER_SELECTORS } from '../../src/shared/composers';
import { collectChatInTab, probeCountsInTab, siteInfoInTab } from '../../src/content/chat/tab-scripts';

/** What `executeScript` runs: the function rebuilt from its source text, in a scope with nothing of ours. */
function asInjected<F extends (...args: never[]) => unknown>(fn: F): F {
  return new Function(`return (${fn.toString()})`)() as F;
}

const SRC = join(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The names passed as `func:` to executeScript anywhere in src/ (tests excluded). */
function injectedNames(): string[] {
  const names = new Set<string>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const call of text.matchAll(/executeScript\(\{[\s\S]*?\}\)/g)) {
      for (const m of call[0].matchAll(/\bfunc:\s*([A-Za-z_$][\w$]*)/g)) names.add(m[1]!);
    }
  }
  return [...names].sort();
}

const TESTED = {
  collectChatInTab,
  insertIntoComposer,
  probeCountsInTab,
  readPageSelection,
  showPageToast,
  siteInfoInTab,
};

afterEach(() => {
  document.body.replaceChildren();
  document.getElementById('mnueron-toast-host')?.remove();
  window.getSelection()?.removeAllRanges();
});

describe('functions injected with executeScript({ func })', () => {
  it('are exactly the ones run from their source below', () => {
    expect(injectedNames()).toEqual(Object.keys(TESTED).sort());
  });

  it.each(Object.entries(TESTED))('%s has a source that rebuilds into a function', (_name, fn) => {
    expect(typeof asInjected(fn)).toBe('function');
  });

  it("probeCountsInTab counts each selector's nodes in the document", () => {
    document.body.innerHTML = '<div data-turn-key="a"></div><div data-turn-key="b"></div><p></p>';
    expect(asInjected(probeCountsInTab)(['div[data-turn-key]', 'p', 'article'])).toEqual([
      ['div[data-turn-key]', 2],
      ['p', 1],
      ['article', 0],
    ]);
  });

  it('readPageSelection reads the document selection and the page details', () => {
    document.title = 'Indentation notes';
    const meta = document.createElement('meta');
    meta.setAttribute('name', 'description');
    meta.setAttribute('content', 'How the team formats code');
    document.head.append(meta);
    const p = document.createElement('p');
    p.textContent = 'Tabs only in Makefiles.';
    document.body.append(p);
    const range = document.createRange();
    range.selectNodeContents(p);
    window.getSelection()!.addRange(range);
    expect(asInjected(readPageSelection)()).toEqual({
      title: 'Indentation notes',
      url: location.href,
      description: 'How the team formats code',
      text: 'Tabs only in Makefiles.',
      from: 'document',
    });
    meta.remove();
  });

  it('showPageToast puts its message in the page, in a closed shadow root', () => {
    asInjected(showPageToast)('Saved to Mnueron', 'ok');
    const host = document.getElementById('mnueron-toast-host');
    expect(host).not.toBeNull();
    expect(host!.shadowRoot).toBeNull();
    // A second toast replaces the first.
    asInjected(showPageToast)('Saved again', 'warn');
    expect(document.querySelectorAll('#mnueron-toast-host')).toHaveLength(1);
  });

  it('insertIntoComposer inserts the block into a chat composer, keeping the draft', async () => {
    const area = document.createElement('textarea');
    area.id = 'prompt-textarea';
    area.value = 'my draft';
    document.body.append(area);
    // happy-dom lays nothing out; the composer must look shown.
    area.getBoundingClientRect = () => ({
      width: 400,
      height: 40,
      x: 0,
      y: 0,
      top: 0,
      left: 0,
      right: 400,
      bottom: 40,
      toJSON: () => ({}),
    });
    // happy-dom has no execCommand; a browser's answer to a command it does not carry out is false.
    Object.defineProperty(document, 'execCommand', { value: () => false, configurable: true });
    // What an editor does with a beforeinput it accepts: insert the data at the caret.
    area.addEventListener('beforeinput', (event) => {
      const data = (event as InputEvent).data ?? '';
      const start = area.selectionStart ?? area.value.length;
      const end = area.selectionEnd ?? start;
      area.value = area.value.slice(0, start) + data + area.value.slice(end);
    });
    const block = 'From my Mnueron memories:\n- I prefer TypeScript\n(End of Mnueron memories)';
    const outcome = await asInjected(insertIntoComposer)(COMPOSER_SELECTORS.chatgpt, block, ['I prefer TypeScript']);
    expect(outcome).toEqual({ ok: true, method: 'beforeinput' });
    expect(area.value).toBe(`my draft\n${block}`);
    delete (document as { execCommand?: unknown }).execCommand;
  });

  it('insertIntoComposer says when there is no composer', async () => {
    expect(await asInjected(insertIntoComposer)(COMPOSER_SELECTORS.chatgpt, 'x\n- y\nz', ['y'])).toEqual({
      ok: false,
      reason: 'no-composer',
    });
  });

  it('siteInfoInTab reads the chat host the content script published, and answers null without one', () => {
    const g = globalThis as unknown as Record<string, unknown>;
    expect(asInjected(siteInfoInTab)('__testChatHost')).toBeNull();
    g.__testChatHost = {
      adapter: {
        site: 'claude',
        title: () => 'Leg count quiz',
        conversationId: (url: URL) => url.pathname.split('/').pop() ?? null,
      },
      health: () => ({ state: 'degraded', reason: 'no-answers' }),
    };
    try {
      expect(asInjected(siteInfoInTab)('__testChatHost')).toMatchObject({
        site: 'claude',
        url: location.href,
        title: 'Leg count quiz',
        health: 'degraded',
        reason: 'no-answers',
      });
    } finally {
      delete g.__testChatHost;
    }
  });

  it('collectChatInTab says the page is not ready when the content script or save-chat.js is missing', async () => {
    expect(await asInjected(collectChatInTab)('__noHost', '__noSave')).toEqual({
      ok: false,
      error: expect.stringContaining('reload the tab'),
    });
  });
});
