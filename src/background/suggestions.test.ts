/** The suggestion script is registered for exactly the opted-in sites, and nothing at all while none is. */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from '../../test/fakes/browser';
import { suggestQuery, syncSuggestions, SUGGEST_SCRIPT_ID } from './suggestions';

const TABS = [
  { id: 1, url: 'https://chatgpt.com/c/abc' },
  { id: 2, url: 'https://claude.ai/chat/def' },
];

beforeEach(() => {
  fakeBrowser.__fake.setTabs(TABS);
});

const registered = () => [...fakeBrowser.__fake.registeredScripts.values()];

describe('syncSuggestions', () => {
  it('registers nothing and injects nothing while no site is opted in', async () => {
    await syncSuggestions({ suggestions: { sites: [] } });
    expect(registered()).toEqual([]);
    expect(fakeBrowser.__fake.executed).toEqual([]);
  });

  it('registers for the opted-in site only, injects into its open tabs, and stops them when switched off', async () => {
    await syncSuggestions({ suggestions: { sites: ['chatgpt'] } });
    expect(registered()).toEqual([
      expect.objectContaining({
        id: SUGGEST_SCRIPT_ID,
        matches: ['https://chatgpt.com/*', 'https://chat.openai.com/*'],
        js: ['src/content/suggest/suggest.js'],
      }),
    ]);
    expect(fakeBrowser.__fake.executed).toEqual([{ target: { tabId: 1 }, files: ['src/content/suggest/suggest.js'] }]);

    // The same settings again (every worker start): nothing changes, nothing injected twice.
    await syncSuggestions({ suggestions: { sites: ['chatgpt'] } });
    expect(fakeBrowser.__fake.executed).toHaveLength(1);

    await syncSuggestions({ suggestions: { sites: [] } });
    expect(registered()).toEqual([]);
    expect(fakeBrowser.__fake.executed).toHaveLength(2);
    expect(fakeBrowser.__fake.executed[1]).toMatchObject({ target: { tabId: 1 }, args: ['mnueron-suggest-stop'] });
  });
});

describe('suggestQuery', () => {
  it('collapses whitespace and keeps the end of a long draft', () => {
    expect(suggestQuery('  my   espresso\n machine ')).toBe('my espresso machine');
    const long = `${'a'.repeat(500)} the end`;
    expect(suggestQuery(long).length).toBeLessThanOrEqual(200);
    expect(suggestQuery(long).endsWith('the end')).toBe(true);
  });
});
