/** The `mn` keyword: suggestions come from the server search, escaped for Chrome's XML descriptions. */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import '../../test/fakes/browser';
import { resetDbForTests } from './db';
import { panelUrlFor, suggestFor } from './omnibox';

let urls: string[] = [];

beforeEach(() => {
  resetDbForTests();
  urls = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string) => {
      urls.push(String(input));
      const memory = (id: string, content: string) => ({
        id,
        content,
        namespace: 'default',
        tags: [],
        metadata: {},
        created_at: 1,
        updated_at: 1,
      });
      return Response.json([
        memory('a', 'Use <b> & "quotes"\nwisely'),
        memory('b', 'Use <b> & "quotes" wisely'),
        memory('c', '  '),
      ]);
    }),
  );
});

afterEach(() => vi.unstubAllGlobals());

it('asks the search for five and suggests each distinct memory once, escaped', async () => {
  const suggestions = await suggestFor(' quotes ');
  expect(new URL(urls[0]!).searchParams.get('q')).toBe('quotes');
  expect(new URL(urls[0]!).searchParams.get('limit')).toBe('5');
  expect(suggestions).toEqual([
    { content: 'Use <b> & "quotes" wisely', description: 'Use &#60;b&#62; &#38; &#34;quotes&#34; wisely' },
  ]);
});

it('nothing typed asks nothing', async () => {
  expect(await suggestFor('   ')).toEqual([]);
  expect(urls).toEqual([]);
});

it('a choice opens the panel page with ?q=', () => {
  expect(panelUrlFor('a b&c')).toMatch(/src\/sidepanel\/index\.html\?q=a%20b%26c$/);
});
