import { afterEach, describe, expect, it, vi } from 'vitest';
import { stubPermissions } from './test-permissions';
import { missingAccess, onHostAccessChange, originPattern, patternsFor, requestHostAccess } from './host-access';

const ALL_SITES = [
  'https://chatgpt.com/*',
  'https://chat.openai.com/*',
  'https://claude.ai/*',
  'https://gemini.google.com/*',
  'https://www.perplexity.ai/*',
];
const CHROME = 'chrome-extension://abcdefghijklmnop';
const FIREFOX = 'moz-extension://0b4f6c1e-1111-2222-3333-444455556666';

afterEach(() => vi.restoreAllMocks());

describe('originPattern', () => {
  it('keeps the port on Chrome and drops it on Firefox', () => {
    stubPermissions(CHROME, []);
    expect(originPattern('http://127.0.0.1:3122')).toBe('http://127.0.0.1:3122/*');
    stubPermissions(FIREFOX, []);
    expect(originPattern('http://127.0.0.1:3122')).toBe('http://127.0.0.1/*');
    expect(originPattern('https://www.mnueron.com/api')).toBe('https://www.mnueron.com/*');
  });
});

describe('missingAccess', () => {
  it('finds nothing missing when everything is granted (Chrome after install)', async () => {
    stubPermissions(FIREFOX, ['http://127.0.0.1/*', ...ALL_SITES]);
    expect(await missingAccess('http://127.0.0.1:3122')).toEqual({ api: null, sites: [] });
  });

  it('names the API pattern and the sites the user refused', async () => {
    stubPermissions(FIREFOX, ['https://claude.ai/*', 'https://gemini.google.com/*', 'https://chatgpt.com/*']);
    expect(await missingAccess('http://127.0.0.1:3122')).toEqual({
      api: 'http://127.0.0.1/*',
      // ChatGPT has two hosts: one refused is enough to miss its chats there.
      sites: ['chatgpt', 'perplexity'],
    });
  });

  it('does not count an API URL the browser cannot match as missing', async () => {
    const { permissions } = stubPermissions(FIREFOX, ALL_SITES);
    expect(await missingAccess('not a url')).toEqual({ api: null, sites: [] });
    permissions.contains.mockRejectedValueOnce(new Error('Invalid url pattern'));
    expect((await missingAccess('https://my-nas.lan')).api).toBeNull();
  });
});

describe('requestHostAccess', () => {
  it('asks for the API and every host of the missing sites at once', async () => {
    const { permissions } = stubPermissions(FIREFOX, []);
    const patterns = patternsFor({ api: 'http://127.0.0.1/*', sites: ['chatgpt', 'claude'] });
    expect(await requestHostAccess(patterns)).toBe(true);
    expect(permissions.request).toHaveBeenCalledWith({
      origins: ['http://127.0.0.1/*', 'https://chatgpt.com/*', 'https://chat.openai.com/*', 'https://claude.ai/*'],
    });
  });

  it('tells listeners of grants and revocations until they unsubscribe', () => {
    const { listeners } = stubPermissions(FIREFOX, []);
    const listener = vi.fn();
    const stop = onHostAccessChange(listener);
    for (const l of listeners) l();
    expect(listener).toHaveBeenCalledOnce();
    stop();
    expect(listeners.size).toBe(0);
  });
});
