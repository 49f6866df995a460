/** Connection settings and "Test connection": URL rules, where the token may go, and what a test proves. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLOUD_API_URL, LOCAL_API_URL } from '../shared/api-schema';
import {
  ConnectionError,
  connectionInfo,
  lastConnectionResult,
  saveConnection,
  testConnection,
  validateConnection,
} from './connection';
import { resetDbForTests } from './db';
import { cancelWake } from './outbox/scheduler';
import { readOutboxState, writeOutboxState } from './outbox/state';
import { getBoundToken, setBoundToken } from './secrets';

const getToken = async () => (await getBoundToken())?.value ?? null;
import { loadSettings, storeConnection } from './settings-store';
import { settle } from './test-kit';

const TOKEN = 'mnu_cloud_token_0123456789';
type Call = { url: string; headers: Record<string, string> };
let calls: Call[] = [];
let answer: (call: Call) => Promise<Response> = async () => Response.json([]);

beforeEach(() => {
  resetDbForTests();
  calls = [];
  answer = async () => Response.json([]);
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string | URL | Request, init: RequestInit = {}) => {
      const call = { url: String(input), headers: { ...(init.headers as Record<string, string>) } };
      calls.push(call);
      return answer(call);
    }),
  );
});

afterEach(async () => {
  await settle();
  await cancelWake();
  vi.unstubAllGlobals();
});

async function connectCloud() {
  await storeConnection({ mode: 'cloud', apiUrl: CLOUD_API_URL });
  await setBoundToken(TOKEN, CLOUD_API_URL);
}

describe('validateConnection', () => {
  it('normalises URLs and fills the default of a mode', () => {
    expect(validateConnection('cloud', '', TOKEN)).toBe(CLOUD_API_URL);
    expect(validateConnection('local', '', null)).toBe(LOCAL_API_URL);
    expect(validateConnection('self-hosted', ' https://m.example.com/api/ ', TOKEN)).toBe('https://m.example.com/api');
  });

  it('refuses non-http URLs, credentials in the URL, and an empty self-hosted URL', () => {
    for (const url of ['', 'ftp://m.example.com/api', 'javascript:alert(1)', 'https://u:p@m.example.com/api']) {
      expect(() => validateConnection('self-hosted', url, null), url).toThrow(ConnectionError);
    }
  });

  it('a token travels over https, or plain http to loopback only', () => {
    expect(() => validateConnection('self-hosted', 'http://m.example.com/api', TOKEN)).toThrow(/HTTPS/);
    expect(validateConnection('self-hosted', 'http://m.example.com/api', null)).toBe('http://m.example.com/api');
    expect(validateConnection('local', 'http://localhost:3122/api', TOKEN)).toBe('http://localhost:3122/api');
    expect(validateConnection('local', 'http://127.0.0.1:3122/api', TOKEN)).toBe('http://127.0.0.1:3122/api');
  });
});

describe('saveConnection', () => {
  it('moving to another origin without entering a token drops the stored one', async () => {
    await connectCloud();
    const info = await saveConnection('self-hosted', 'https://m.example.com/api', undefined);
    expect(info).toMatchObject({ mode: 'self-hosted', apiUrl: 'https://m.example.com/api', hasToken: false });
    expect(await getToken()).toBeNull();
  });

  it('staying on the same origin keeps it; a new one replaces it; null clears it', async () => {
    await connectCloud();
    expect(await saveConnection('cloud', CLOUD_API_URL, undefined)).toMatchObject({
      hasToken: true,
      tokenHint: '6789',
    });
    expect(await getToken()).toBe(TOKEN);
    await saveConnection('cloud', CLOUD_API_URL, '  mnu_new_token_abcdefgh  ');
    expect(await getToken()).toBe('mnu_new_token_abcdefgh');
    await saveConnection('cloud', CLOUD_API_URL, null);
    expect(await getToken()).toBeNull();
  });

  it('lifts a token pause (the user just reconnected) and resets the last test result', async () => {
    await connectCloud();
    await writeOutboxState({ ...(await readOutboxState()), pause: { kind: 'auth', message: 'x', since: 1 } });
    await saveConnection('cloud', CLOUD_API_URL, 'mnu_new_token_abcdefgh');
    expect((await readOutboxState()).pause).toBeNull();
    expect(await lastConnectionResult()).toBeNull();
  });

  it('the answer never carries the token', async () => {
    const info = await saveConnection('cloud', CLOUD_API_URL, TOKEN);
    expect(JSON.stringify(info)).not.toContain(TOKEN.slice(0, -4));
    expect(JSON.stringify(await connectionInfo())).not.toContain(TOKEN.slice(0, -4));
  });
});

describe('testConnection', () => {
  it('tells apart connected, token rejected, unreachable and "not a Mnueron API"', async () => {
    await connectCloud();
    expect(await testConnection({})).toMatchObject({ result: 'connected' });
    expect(calls.at(-1)).toEqual({
      url: `${CLOUD_API_URL}/memories?limit=1`,
      headers: expect.objectContaining({ Authorization: `Bearer ${TOKEN}` }),
    });

    answer = async () => Response.json({ error: 'unauthorized' }, { status: 401 });
    expect(await testConnection({})).toMatchObject({ result: 'token-rejected' });
    // 403 is "authenticated but not allowed" (the API's meaning, and the outbox's): the token is not the problem
    answer = async () => Response.json({ error: 'forbidden' }, { status: 403 });
    expect(await testConnection({})).toMatchObject({ result: 'error', detail: expect.stringMatching(/403/) });
    answer = async () => {
      throw new TypeError('fetch failed');
    };
    expect(await testConnection({})).toMatchObject({ result: 'unreachable' });
    answer = async () => new Response('<html>hello</html>', { status: 200 });
    expect(await testConnection({})).toMatchObject({ result: 'error', detail: expect.stringMatching(/\/api/) });
    answer = async () => new Response('nope', { status: 500 });
    expect(await testConnection({})).toMatchObject({ result: 'error', detail: expect.stringMatching(/500/) });
  });

  it('a local server that is down is explained as such', async () => {
    answer = async () => {
      throw new TypeError('fetch failed');
    };
    expect(await testConnection({})).toMatchObject({
      result: 'unreachable',
      detail: expect.stringMatching(/local Mnueron server/),
    });
  });

  it('testing what is stored records the result and lifts a token pause when connected', async () => {
    await connectCloud();
    await writeOutboxState({ ...(await readOutboxState()), pause: { kind: 'auth', message: 'x', since: 1 } });
    await testConnection({});
    expect(await lastConnectionResult()).toBe('connected');
    expect((await readOutboxState()).pause).toBeNull();
  });

  it('testing a draft records nothing and leaves the settings alone', async () => {
    await connectCloud();
    await testConnection({ mode: 'self-hosted', apiUrl: 'https://m.example.com/api', token: 'mnu_draft_token_xyz' });
    expect(calls.at(-1)).toEqual({
      url: 'https://m.example.com/api/memories?limit=1',
      headers: expect.objectContaining({ Authorization: 'Bearer mnu_draft_token_xyz' }),
    });
    expect(await lastConnectionResult()).toBeNull();
    expect((await loadSettings()).connection.apiUrl).toBe(CLOUD_API_URL);
  });

  // Regression test (was a bug): connection.ts:84 falls back to the STORED token whenever the draft has no token field, whatever server
  // the draft names — and the options page sends exactly such drafts (`{ type: 'ui:connection-test', mode, apiUrl }`,
  // ConnectionSection.tsx). Typing another server's URL and pressing "Test" therefore sends the cloud token to that
  // server before anything is saved, while saveConnection (connection.ts:58-60) deliberately drops the token when
  // the origin changes ("A token belongs to one server"). A draft on another origin should be tested without the
  // stored token (or only with a token typed in the draft).
  it('testing a draft on another origin never sends the stored token there', async () => {
    await connectCloud();
    await testConnection({ mode: 'self-hosted', apiUrl: 'https://other-server.example/api' });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('https://other-server.example/api/memories?limit=1');
    expect(calls[0]!.headers.Authorization).toBeUndefined();
  });
});
