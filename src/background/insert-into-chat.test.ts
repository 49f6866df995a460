/** "Insert into chat", background half: which tab, which site, what is injected, and errors as data. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '../../test/fakes/browser';
import { COMPOSER_SELECTORS } from '../shared/composers';
import { insertIntoComposer } from '../content/insert/composer';
import { route, type Sender } from './router';

const POPUP: Sender = { id: 'fakeextensionid', url: 'chrome-extension://fakeextensionid/src/sidepanel/index.html' };
const CLAUDE = 'https://claude.ai/chat/0c5e7a2b-41d3-4f6e-9a8b-2d1c3e4f5a6b';

function tabAt(url: string) {
  vi.spyOn(fakeBrowser.tabs, 'get').mockImplementation(async (id: number) => ({ id, url, title: 'Chat' }));
  vi.spyOn(fakeBrowser.tabs, 'query').mockImplementation(async () => [{ id: 42, url, title: 'Chat' }]);
}

afterEach(() => {
  vi.restoreAllMocks();
  fakeBrowser.__fake.executed.length = 0;
  fakeBrowser.__fake.setExecuteScript(async () => []);
});

describe('ui:insert-into-chat', () => {
  it('injects the composer code into the given chat tab with the framed block, and says how many went in', async () => {
    tabAt(CLAUDE);
    fakeBrowser.__fake.setExecuteScript(async () => [{ result: { ok: true, method: 'insertText' } }]);
    const reply = await route(
      { type: 'ui:insert-into-chat', tabId: 9, texts: ['I prefer TypeScript', 'My dog\nis called Rex'] },
      POPUP,
    );
    expect(reply).toEqual({ ok: true, value: { inserted: 2, site: 'Claude' } });
    // The tab's site is asked first (a function run beside the content script), then the composer code goes in.
    const call = fakeBrowser.__fake.executed.find((c) => c.func === insertIntoComposer);
    expect(call).toMatchObject({ target: { tabId: 9 }, func: insertIntoComposer });
    expect(call!.args).toEqual([
      COMPOSER_SELECTORS.claude,
      'From my Mnueron memories:\n- I prefer TypeScript\n- My dog is called Rex\n(End of Mnueron memories)',
      ['I prefer TypeScript', 'My dog is called Rex'],
    ]);
  });

  it('without a tab id: the active tab', async () => {
    tabAt('https://www.perplexity.ai/search/x-1');
    fakeBrowser.__fake.setExecuteScript(async () => [{ result: { ok: true, method: 'paste' } }]);
    const reply = await route({ type: 'ui:insert-into-chat', texts: ['a'] }, POPUP);
    expect(reply).toEqual({ ok: true, value: { inserted: 1, site: 'Perplexity' } });
    expect(fakeBrowser.__fake.executed[0]).toMatchObject({ target: { tabId: 42 } });
  });

  it('a tab that is not a chat site: refused with a reason, nothing injected', async () => {
    tabAt('https://example.com/');
    const reply = await route({ type: 'ui:insert-into-chat', tabId: 3, texts: ['a'] }, POPUP);
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'invalid',
        message: 'This tab is not a supported chat (ChatGPT, Claude, Gemini, Perplexity).',
      },
    });
    expect(fakeBrowser.__fake.executed).toEqual([]);
  });

  it('the page has no composer, or it did not take the text, or it cannot be scripted: each a clear error', async () => {
    tabAt(CLAUDE);
    const cases: Array<[() => Promise<unknown[]>, string]> = [
      [
        async () => [{ result: { ok: false, reason: 'no-composer' } }],
        'No message box found on this page. Open a chat and try again.',
      ],
      [
        async () => [{ result: { ok: false, reason: 'not-inserted' } }],
        'The message box did not take the text. Click into it and try again.',
      ],
      [
        async () => {
          throw new Error('Cannot access contents of the page');
        },
        'The page can’t be reached. Reload the tab and try again.',
      ],
      [async () => [{ result: 'something else' }], 'The page can’t be reached. Reload the tab and try again.'],
    ];
    for (const [impl, message] of cases) {
      fakeBrowser.__fake.setExecuteScript(impl);
      expect(await route({ type: 'ui:insert-into-chat', tabId: 9, texts: ['a'] }, POPUP)).toEqual({
        ok: false,
        error: { code: 'unavailable', message },
      });
    }
  });

  it('memories that are only whitespace: nothing to insert', async () => {
    tabAt(CLAUDE);
    const reply = await route({ type: 'ui:insert-into-chat', tabId: 9, texts: [' ', '\n'] }, POPUP);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(fakeBrowser.__fake.executed).toEqual([]);
  });

  it('the message shape is checked: 1 to 20 texts, none empty or over-long; only extension pages may ask', async () => {
    for (const texts of [[], Array.from({ length: 21 }, () => 'a'), [''], ['x'.repeat(100_001)]]) {
      expect(await route({ type: 'ui:insert-into-chat', texts }, POPUP)).toMatchObject({
        ok: false,
        error: { code: 'bad-message' },
      });
    }
    const page: Sender = { id: 'fakeextensionid', url: CLAUDE, frameId: 0, tab: { id: 9, url: CLAUDE } };
    expect(await route({ type: 'ui:insert-into-chat', texts: ['a'] }, page)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(fakeBrowser.__fake.executed).toEqual([]);
  });
});
