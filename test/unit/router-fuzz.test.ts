/**
 * Fuzz of the one message router: thousands of malformed, oversized and spoofed messages. The router must never
 * throw, never write anything (no outbox item, no setting, no token change), and never answer a rejected message
 * with anything but a bare error that says nothing about state.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '../fakes/browser';
import { resetDbForTests } from '../../src/background/db';
import { route, type Sender } from '../../src/background/router';
import { countByState } from '../../src/background/outbox/store';
import { getBoundToken, setBoundToken } from '../../src/background/secrets';
import { loadSettings } from '../../src/background/settings-store';
import { LOCAL_API_URL } from '../../src/shared/api-schema';

import { SETTINGS_KEY } from '../../src/shared/settings';

const getToken = async () => (await getBoundToken())?.value ?? null;

const TOKEN = 'mnu_fuzz_secret_token_4242424242';

/** A small deterministic PRNG so a failure can be reproduced from the seed. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = [
  'ui:settings-update',
  'ui:connection-save',
  'ui:quick-save',
  'ui:outbox-discard',
  'ui:outbox-edit',
  'ui:recent-undo',
  'ui:capture-pause',
  'page:chat-turn',
  'page:chat-health',
  'page:chat-skipped',
  'page:chat-reader',
  'tab:collect-chat',
  'ui:settings',
  '__proto__',
  'constructor',
  '',
];

function randomValue(rand: () => number, depth = 0): unknown {
  const pick = Math.floor(rand() * 12);
  switch (pick) {
    case 0:
      return null;
    case 1:
      return undefined;
    case 2:
      return rand() > 0.5;
    case 3:
      return Math.floor(rand() * 2 ** 40) * (rand() > 0.5 ? 1 : -1);
    case 4:
      return Number.NaN;
    case 5:
      return 'x'.repeat(Math.floor(rand() * 64));
    case 6:
      return '\u202e\u0000\ud800 <script>alert(1)</script> 🧠';
    case 7:
      return depth > 3 ? [] : Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
    case 8:
      return depth > 3
        ? {}
        : { content: randomValue(rand, depth + 1), site: 'chatgpt', patch: randomValue(rand, depth + 1) };
    case 9:
      return { __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } };
    case 10:
      return TYPES[Math.floor(rand() * TYPES.length)];
    default:
      return {};
  }
}

function randomMessage(rand: () => number): unknown {
  // One in ten is well formed, so the accepted branch is exercised too (a parser that refused all would fail).
  if (rand() < 0.1)
    return { type: 'page:chat-health', site: 'chatgpt', state: rand() > 0.5 ? 'ok' : 'degraded', detail: 'fuzz' };
  const message: Record<string, unknown> = { type: TYPES[Math.floor(rand() * TYPES.length)] };
  for (const key of [
    'content',
    'id',
    'patch',
    'mode',
    'apiUrl',
    'token',
    'site',
    'messages',
    'turnKey',
    'until',
    'state',
  ]) {
    if (rand() > 0.6) message[key] = randomValue(rand);
  }
  return rand() > 0.9 ? randomValue(rand) : message;
}

const contentScriptSender = (url: string, tabId = 7): Sender => ({
  id: 'fakeextensionid',
  url,
  frameId: 0,
  tab: { id: tabId, url },
});

/** Senders that must never be served ui:* messages, nor page:* for a site they are not on. */
const SPOOFED: Sender[] = [
  contentScriptSender('https://chatgpt.com/c/abc'),
  contentScriptSender('https://evil.example/'),
  { id: 'another-extension-id', url: 'chrome-extension://another-extension-id/popup.html' },
  { id: 'fakeextensionid', url: 'https://evil.example/', frameId: 3, tab: { id: 2, url: 'https://chatgpt.com/' } },
  { id: 'fakeextensionid' },
  {},
];

beforeEach(async () => {
  resetDbForTests();
  await setBoundToken(TOKEN, LOCAL_API_URL);
});

describe('router fuzz', () => {
  it('survives thousands of malformed and spoofed messages without writing or leaking', async () => {
    const fetchSpy = vi.fn(async () => new Response('{}', { status: 500 }));
    vi.stubGlobal('fetch', fetchSpy);
    const rand = prng(20261121);
    const trustedBefore = JSON.stringify(await loadSettings());
    const settingsBefore = JSON.stringify(await fakeBrowser.storage.local.get(SETTINGS_KEY));
    // Which branches the run took: a parser that refused everything must not pass.
    const seen = { accepted: 0, forbidden: 0, malformed: 0 };
    for (let i = 0; i < 3_000; i++) {
      const sender = SPOOFED[i % SPOOFED.length]!;
      const reply = await route(randomMessage(rand), sender);
      const text = JSON.stringify(reply);
      expect(text).not.toContain(TOKEN);
      // Content-script and foreign senders never get a success for ui:* or a site they are not on.
      if (reply.ok) {
        seen.accepted++;
        expect(sender.tab?.url).toMatch(/^https:\/\/chatgpt\.com\//);
      } else {
        if (reply.error.code === 'forbidden') seen.forbidden++;
        else seen.malformed++;
        expect(['bad-message', 'forbidden']).toContain(reply.error.code);
        expect(text.length).toBeLessThan(200);
      }
    }
    expect(seen.accepted).toBeGreaterThan(0);
    expect(seen.forbidden).toBeGreaterThan(0);
    expect(seen.malformed).toBeGreaterThan(0);
    expect(await countByState()).toEqual({ pending: 0, inflight: 0, parked: 0 });
    expect(JSON.stringify(await fakeBrowser.storage.local.get(SETTINGS_KEY))).toBe(settingsBefore);
    expect(JSON.stringify(await loadSettings())).toBe(trustedBefore);
    expect(await getToken()).toBe(TOKEN);
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    vi.unstubAllGlobals();
  });

  it('refuses oversized bodies as malformed, not by truncating them', async () => {
    const reply = await route(
      { type: 'ui:quick-save', content: 'x'.repeat(16 * 1024 * 1024 + 1) },
      { id: 'fakeextensionid', url: 'chrome-extension://fakeextensionid/src/popup/index.html' },
    );
    expect(reply).toEqual({ ok: false, error: { code: 'bad-message', message: 'Unknown or malformed message.' } });
    expect(await countByState()).toEqual({ pending: 0, inflight: 0, parked: 0 });
  });

  it('takes a chat capture only from a top frame of a tab on the site it names', async () => {
    const turn = {
      type: 'page:chat-turn',
      site: 'claude',
      conversationId: 'abc',
      turnKey: 'claude:abc:1',
      messages: [{ role: 'user', text: 'hi' }],
      stopped: false,
    };
    expect((await route(turn, contentScriptSender('https://chatgpt.com/c/abc'))).ok).toBe(false);
    expect((await route(turn, { ...contentScriptSender('https://claude.ai/chat/abc'), frameId: 2 })).ok).toBe(false);
    expect((await route(turn, { id: 'fakeextensionid', url: 'https://claude.ai/chat/abc' })).ok).toBe(false);
    expect(await countByState()).toEqual({ pending: 0, inflight: 0, parked: 0 });
  });
});
