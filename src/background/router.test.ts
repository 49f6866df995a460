/** The router's gate: message parsing, sender checks, errors as data, and no token in anything it answers. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '../../test/fakes/browser';
import { CLOUD_API_URL, MAX_CONTENT_BYTES } from '../shared/api-schema';
import {
  MAX_MESSAGE_TEXT,
  uiMessageSchema,
  type DiagnosticEntry,
  type Message,
  type UiMessage,
} from '../shared/messages';
import { db, resetDbForTests, type OutboxItem } from './db';
import { cancelWake } from './outbox/scheduler';
import { addItems, getItem } from './outbox/store';
import { route, senderAllowed, type Sender } from './router';
import { setBoundToken } from './secrets';
import { storeConnection, updateSettings } from './settings-store';
import { settle } from './test-kit';

const EXT_ID = 'fakeextensionid';
const EXT_ORIGIN = `chrome-extension://${EXT_ID}/`;
const POPUP: Sender = { id: EXT_ID, url: `${EXT_ORIGIN}src/popup/index.html` };
const OPTIONS: Sender = { id: EXT_ID, url: `${EXT_ORIGIN}src/options/index.html`, origin: EXT_ORIGIN.slice(0, -1) };

function chatTab(url: string, over: Partial<Sender> = {}): Sender {
  return { id: EXT_ID, url, frameId: 0, tab: { id: 7, url, incognito: false }, ...over };
}
const CHATGPT = chatTab('https://chatgpt.com/c/abc-123');

const turn = (over: Record<string, unknown> = {}) =>
  ({
    type: 'page:chat-turn',
    site: 'chatgpt',
    conversationId: 'abc-123',
    turnKey: 'chatgpt:abc-123:m1',
    messages: [
      { role: 'user', text: 'What is a monad?' },
      { role: 'assistant', text: 'A monoid in the category of endofunctors.' },
    ],
    stopped: false,
    ...over,
  }) as Extract<Message, { type: 'page:chat-turn' }>;

/** What the Diagnostics table shows now, read as the options page reads it. */
async function diagnosticsNow(): Promise<DiagnosticEntry[]> {
  const reply = await route({ type: 'ui:diagnostics' }, OPTIONS);
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.value as DiagnosticEntry[];
}

const health = { type: 'page:chat-health', site: 'chatgpt', state: 'ok', detail: 'thread found' } as const;
const skipped = { type: 'page:chat-skipped', site: 'chatgpt', reason: 'temporary-chat' } as const;

let fetchCalls: Array<{ url: string; method: string; headers: Record<string, string> }> = [];

beforeEach(async () => {
  resetDbForTests();
  fetchCalls = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string | URL | Request, init: RequestInit = {}) => {
      const url = String(input);
      const method = init.method ?? 'GET';
      fetchCalls.push({ url, method, headers: { ...(init.headers as Record<string, string>) } });
      if (method === 'DELETE') return new Response(null, { status: 204 });
      if (url.endsWith('/namespaces')) return Response.json([{ name: 'work' }]);
      if (method === 'GET') return Response.json([]);
      const body = JSON.parse(String(init.body)) as { content: string; metadata: Record<string, unknown> };
      return Response.json(
        { id: `mem-${fetchCalls.length}`, ...body, namespace: 'default', tags: [], created_at: 1, updated_at: 1 },
        { status: 201 },
      );
    }),
  );
  // Node 20 has no navigator; debug-info reads navigator.userAgent as in Chrome.
  vi.stubGlobal('navigator', { userAgent: 'vitest' });
  await updateSettings({ privacy: { redactSecrets: false } });
});

afterEach(async () => {
  await settle();
  await cancelWake();
  vi.unstubAllGlobals();
});

describe('senderAllowed', () => {
  const status = { type: 'ui:status' } as const;

  it('ui:* from the extension’s own pages', () => {
    expect(senderAllowed(status, POPUP, EXT_ID, EXT_ORIGIN)).toBe(true);
    expect(senderAllowed(status, OPTIONS, EXT_ID, EXT_ORIGIN)).toBe(true);
  });

  it('ui:* from a content script, another extension or an unknown page is forbidden', () => {
    expect(senderAllowed(status, CHATGPT, EXT_ID, EXT_ORIGIN)).toBe(false);
    expect(senderAllowed(status, chatTab('https://example.com/'), EXT_ID, EXT_ORIGIN)).toBe(false);
    expect(senderAllowed(status, { ...POPUP, id: 'otherextension' }, EXT_ID, EXT_ORIGIN)).toBe(false);
    expect(senderAllowed(status, { id: EXT_ID }, EXT_ID, EXT_ORIGIN)).toBe(false);
    expect(
      senderAllowed(status, { id: EXT_ID, url: 'chrome-extension://otherextension/popup.html' }, EXT_ID, EXT_ORIGIN),
    ).toBe(false);
    expect(
      senderAllowed(status, { id: EXT_ID, url: `chrome-extension://${EXT_ID}evil/x.html` }, EXT_ID, EXT_ORIGIN),
    ).toBe(false);
    expect(senderAllowed(status, { ...POPUP, id: undefined }, EXT_ID, EXT_ORIGIN)).toBe(false);
  });

  it('page:* from the top frame of a tab of the site it claims', () => {
    for (const message of [turn(), health, skipped]) {
      expect(senderAllowed(message, CHATGPT, EXT_ID, EXT_ORIGIN), message.type).toBe(true);
    }
    expect(senderAllowed(turn(), chatTab('https://chat.openai.com/c/x'), EXT_ID, EXT_ORIGIN)).toBe(true);
    expect(senderAllowed(turn({ site: 'claude' }), chatTab('https://claude.ai/chat/1'), EXT_ID, EXT_ORIGIN)).toBe(true);
  });

  it('page:* claiming another site, from a non-chat tab, a sub-frame, no tab, or another extension is forbidden', () => {
    const cases: Array<[string, Message, Sender]> = [
      ['claims another site', turn({ site: 'claude' }), CHATGPT],
      ['non-chat tab', turn(), chatTab('https://example.com/chatgpt.com')],
      ['look-alike host', turn(), chatTab('https://chatgpt.com.evil.example/c/1')],
      ['plain http', turn(), chatTab('http://chatgpt.com/c/1')],
      ['sub-frame', turn(), { ...CHATGPT, frameId: 3 }],
      ['no tab', turn(), { id: EXT_ID, url: 'https://chatgpt.com/c/1', frameId: 0 }],
      ['tab without id', turn(), { ...CHATGPT, tab: { url: 'https://chatgpt.com/c/1' } }],
      ['TAB_ID_NONE', turn(), { ...CHATGPT, tab: { id: -1, url: 'https://chatgpt.com/c/1' } }],
      ['foreign sender.id', turn(), { ...CHATGPT, id: 'otherextension' }],
      ['extension page', turn(), POPUP],
      ['health for another site', { ...health, site: 'gemini' }, CHATGPT],
      ['skip for another site', { ...skipped, site: 'perplexity' }, CHATGPT],
    ];
    for (const [label, message, sender] of cases) {
      expect(senderAllowed(message, sender, EXT_ID, EXT_ORIGIN), label).toBe(false);
    }
  });
});

describe('route', () => {
  it('malformed, unknown and oversized messages → bad-message', async () => {
    const bad: unknown[] = [
      null,
      undefined,
      'ui:status',
      42,
      [],
      {},
      { type: 'ui:nope' },
      { type: 'tab:collect-chat' },
      { type: 'ui:outbox-discard' },
      { type: 'ui:outbox-discard', id: 7 },
      { type: 'ui:capture-pause', until: { minutes: 0 } },
      { type: 'ui:settings-update', patch: { secrets: { token: 'x' } } },
      { type: 'ui:outbox-discard', id: 'x'.repeat(2_001) },
      { type: 'ui:quick-save', content: 'x'.repeat(MAX_MESSAGE_TEXT + 1) },
      { ...turn(), messages: [] },
      { ...turn(), messages: Array.from({ length: 51 }, () => ({ role: 'user', text: 'x' })) },
      { ...turn(), messages: [{ role: 'system', text: 'x' }] },
      { ...turn(), site: 'bing' },
      { ...turn(), stopped: 'no' },
    ];
    for (const raw of bad) {
      const reply = await route(raw, POPUP);
      expect(reply, JSON.stringify(raw)?.slice(0, 80)).toEqual({
        ok: false,
        error: { code: 'bad-message', message: 'Unknown or malformed message.' },
      });
    }
    expect(fetchCalls).toHaveLength(0);
  });

  it('a forbidden sender gets "forbidden" and nothing happens', async () => {
    await addItems([
      {
        id: 'keep-me',
        createdAt: 1,
        state: 'parked',
        attempts: 0,
        notBefore: 0,
        kind: 'selection',
        body: { content: 'x', metadata: { idempotency_key: 'k' } },
        parked: { reason: 'rejected', message: 'no' },
      } satisfies OutboxItem,
    ]);
    const forbidden = { ok: false, error: { code: 'forbidden', message: 'Not allowed.' } };
    expect(await route({ type: 'ui:outbox-discard', id: 'keep-me' }, CHATGPT)).toEqual(forbidden);
    expect(await route({ type: 'ui:connection-get' }, chatTab('https://example.com/'))).toEqual(forbidden);
    await updateSettings({
      capture: {
        sites: {
          chatgpt: { enabled: true },
          claude: { enabled: true },
          gemini: { enabled: false },
          perplexity: { enabled: false },
        },
      },
    });
    expect(await route(turn({ site: 'claude' }), CHATGPT)).toEqual(forbidden);
    expect(await route(turn(), { ...CHATGPT, frameId: 2 })).toEqual(forbidden);
    expect(await getItem('keep-me')).toBeDefined();
    expect(await (await db()).count('outbox')).toBe(1);
  });

  it('page:chat-turn from its own chat tab is handled', async () => {
    await updateSettings({
      capture: {
        sites: {
          chatgpt: { enabled: true },
          claude: { enabled: false },
          gemini: { enabled: false },
          perplexity: { enabled: false },
        },
      },
    });
    expect(await route(turn(), CHATGPT)).toEqual({ ok: true, value: { accepted: true } });
    await settle();
    expect(fetchCalls.filter((call) => call.method === 'POST')).toHaveLength(1);
  });

  it('handler errors come back as data', async () => {
    expect(await route({ type: 'ui:outbox-discard', id: 'missing' }, POPUP)).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'That capture is no longer in the outbox.' },
    });
    expect(await route({ type: 'ui:quick-save', content: '   ' }, POPUP)).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(await route({ type: 'ui:connection-save', mode: 'self-hosted', apiUrl: 'ftp://x' }, POPUP)).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(await route({ type: 'ui:save-this-chat' }, POPUP)).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });

  it('each ReplyError answers its own code and message', async () => {
    // ReplyError itself (the router's own), InsertError, SaveChatError, PanelError (an ActionError), CaptureError.
    fakeBrowser.__fake.setTabs([{ id: 5, url: 'https://example.com/', title: 'Example' }]); // not a chat site
    expect(await route({ type: 'ui:save-this-chat' }, POPUP)).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'No tab to save from.' },
    });
    expect(await route({ type: 'ui:insert-into-chat', texts: ['a memory'] }, POPUP)).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'No tab to insert into.' },
    });
    expect(await route({ type: 'ui:insert-into-chat', tabId: 5, texts: ['a memory'] }, POPUP)).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(await route({ type: 'ui:save-this-chat', tabId: 5 }, POPUP)).toEqual({
      ok: false,
      error: {
        code: 'unavailable',
        message: 'This tab is not a supported chat site (ChatGPT, Claude, Gemini, Perplexity).',
      },
    });
    expect(await route({ type: 'ui:memory-edit', id: 'mem-1', content: '  ' }, POPUP)).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(await route({ type: 'ui:quick-save', content: '   ' }, POPUP)).toEqual({
      ok: false,
      error: { code: 'invalid', message: 'Nothing to save: the text is empty.' },
    });
    // None of these is a failure of the extension: nothing goes to Diagnostics.
    expect((await diagnosticsNow()).filter((d) => d.kind === 'internal')).toEqual([]);
  });

  it('any other error is logged to Diagnostics, as the generic answer says, and its words stay out of the reply', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockImplementationOnce(() => {
      throw new TypeError('manifest exploded');
    });
    try {
      const reply = await route({ type: 'ui:debug-info' }, POPUP);
      expect(reply).toEqual({
        ok: false,
        error: { code: 'internal', message: 'Something went wrong inside the extension. Details are in Diagnostics.' },
      });
      expect((await diagnosticsNow())[0]).toMatchObject({
        kind: 'internal',
        outcome: 'ui:debug-info',
        detail: 'TypeError: manifest exploded',
      });
      expect(consoleError).toHaveBeenCalled();
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('a secret in an unexpected error’s text is redacted before it reaches Diagnostics', async () => {
    const key = 'sk-proj-' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0';
    vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockImplementationOnce(() => {
      throw new Error(`header value ${key} is invalid`);
    });
    try {
      expect(await route({ type: 'ui:debug-info' }, POPUP)).toMatchObject({ ok: false, error: { code: 'internal' } });
      const [entry] = await diagnosticsNow();
      expect(entry).toMatchObject({ kind: 'internal', outcome: 'ui:debug-info' });
      expect(entry!.detail).toContain('header value');
      expect(entry!.detail).not.toContain(key);
    } finally {
      vi.restoreAllMocks();
    }
  });
});

describe('the token never leaves', () => {
  const TOKEN = 'mnu_live_SECRET_5f3a9c1e7b2d4068a1c3e5f7';

  it('no reply to any ui:* message, nothing sent to a tab and nothing in storage.* contains it', async () => {
    await storeConnection({ mode: 'cloud', apiUrl: CLOUD_API_URL });
    await setBoundToken(TOKEN, CLOUD_API_URL);
    const parked = (id: string, over: Partial<OutboxItem> = {}): OutboxItem => ({
      id,
      createdAt: Date.now() - 1_000,
      state: 'parked',
      attempts: 1,
      notBefore: 0,
      kind: 'selection',
      body: { content: `text of ${id}`, source_ref: 'https://example.com/', metadata: { idempotency_key: `k-${id}` } },
      parked: { reason: 'rejected', status: 400, message: 'The server refused it (400): bad' },
      ...over,
    });
    await addItems([
      parked('p1'),
      parked('p2'),
      parked('p3'),
      {
        ...parked('big'),
        body: { content: 'word '.repeat(MAX_CONTENT_BYTES / 4), metadata: { idempotency_key: 'k-big' } },
        parked: { reason: 'too-large', message: 'Too large', maxBytes: MAX_CONTENT_BYTES },
      },
    ]);
    await (
      await db()
    ).put('recent', {
      id: 'r1',
      memoryId: 'mem-9',
      apiUrl: CLOUD_API_URL,
      preview: 'saved',
      namespace: 'default',
      tags: [],
      savedAt: Date.now(),
    });

    // Every ui:* type, with valid minimal arguments (the Record makes tsc insist on every type).
    const messages: { [T in UiMessage['type']]: Array<Extract<UiMessage, { type: T }>> } = {
      'ui:settings-get': [{ type: 'ui:settings-get' }],
      'ui:settings-update': [{ type: 'ui:settings-update', patch: { defaults: { namespace: 'notes' } } }],
      'ui:connection-get': [{ type: 'ui:connection-get' }],
      'ui:connection-test': [
        { type: 'ui:connection-test' },
        { type: 'ui:connection-test', mode: 'cloud', apiUrl: CLOUD_API_URL },
      ],
      'ui:active-tab': [{ type: 'ui:active-tab' }, { type: 'ui:active-tab', tabId: 5 }],
      'ui:quick-save': [{ type: 'ui:quick-save', content: 'quick note', tabId: 5 }],
      'ui:status': [{ type: 'ui:status' }],
      'ui:outbox-retry': [{ type: 'ui:outbox-retry', id: 'p1' }, { type: 'ui:outbox-retry' }],
      'ui:outbox-discard': [{ type: 'ui:outbox-discard', id: 'p2' }],
      'ui:outbox-edit': [{ type: 'ui:outbox-edit', id: 'p3', content: 'edited' }],
      'ui:outbox-split': [{ type: 'ui:outbox-split', id: 'big' }],
      'ui:recent-undo': [{ type: 'ui:recent-undo', id: 'r1' }],
      'ui:namespaces': [{ type: 'ui:namespaces' }],
      'ui:save-this-chat': [{ type: 'ui:save-this-chat', tabId: 5 }],
      'ui:capture-pause': [{ type: 'ui:capture-pause', until: { minutes: 10 } }],
      'ui:never-capture': [{ type: 'ui:never-capture', conversation: 'claude:abc', never: true }],
      'ui:connection-save': [{ type: 'ui:connection-save', mode: 'cloud', apiUrl: CLOUD_API_URL }],
      'ui:memories-search': [
        { type: 'ui:memories-search', q: 'note' },
        { type: 'ui:memories-search', q: '', view: 'page', tabId: 5, tags: ['a'], namespace: 'work', offset: 20 },
      ],
      'ui:memory-edit': [{ type: 'ui:memory-edit', id: 'mem-1', content: 'changed', tags: ['a'], namespace: 'n' }],
      'ui:memory-delete': [{ type: 'ui:memory-delete', id: 'mem-2', content: 'gone', namespace: 'default', tags: [] }],
      'ui:memory-restore': [{ type: 'ui:memory-restore', content: 'back', namespace: 'default', tags: [] }],
      'ui:insert-into-chat': [{ type: 'ui:insert-into-chat', tabId: 5, texts: ['I prefer TypeScript'] }],
      'ui:diagnostics': [{ type: 'ui:diagnostics' }],
      'ui:debug-info': [{ type: 'ui:debug-info' }],
      'ui:suggest-pending': [{ type: 'ui:suggest-pending' }],
    };
    expect(Object.keys(messages)).toHaveLength(uiMessageSchema().def.options.length);

    const replies: Array<{ type: string; reply: unknown }> = [];
    for (const list of Object.values(messages)) {
      for (const message of list) {
        replies.push({ type: message.type, reply: await route(message, POPUP) });
        await settle();
      }
    }
    // Replay the read-only ones now that sends, undo and edits have happened.
    for (const type of ['ui:status', 'ui:diagnostics', 'ui:debug-info', 'ui:connection-get'] as const) {
      replies.push({ type, reply: await route({ type }, POPUP) });
    }

    // They really ran: the handlers answered, and the token was used where it belongs (the API).
    const failures = replies.filter(({ reply }) => !(reply as { ok: boolean }).ok).map(({ type }) => type);
    // example.com is not a chat site: error replies, still checked
    expect(failures).toEqual(['ui:save-this-chat', 'ui:insert-into-chat']);
    expect(fetchCalls.length).toBeGreaterThan(3);
    expect(fetchCalls.every((call) => call.headers.Authorization === `Bearer ${TOKEN}`)).toBe(true);

    const secretPart = TOKEN.slice(0, -4); // the last four are the intended hint
    for (const { type, reply } of replies) {
      expect(JSON.stringify(reply), type).not.toContain(secretPart);
    }
    expect(JSON.stringify(fakeBrowser.__fake.tabMessages)).not.toContain(secretPart);
    expect(JSON.stringify(fakeBrowser.__fake.executed.map((e) => e.args ?? []))).not.toContain(secretPart);
    for (const area of [fakeBrowser.storage.local, fakeBrowser.storage.session, fakeBrowser.storage.sync]) {
      expect(JSON.stringify([...area.data])).not.toContain(secretPart);
    }
    expect(JSON.stringify(fakeBrowser.__fake.badge)).not.toContain(secretPart);
  });
});

describe('ui:active-tab on a degraded chat site', () => {
  const reply = (reason: unknown) => ({
    site: 'chatgpt',
    url: 'https://chatgpt.com/c/abc-123',
    conversationId: 'abc-123',
    health: 'degraded',
    reason,
  });
  const ask = async (siteInfo: unknown) => {
    fakeBrowser.__fake.setTabs([{ id: 5, title: 'Chat' }]);
    fakeBrowser.__fake.setExecuteScript(async (details) =>
      (details.func as { name?: string } | undefined)?.name === 'siteInfoInTab' ? [{ result: siteInfo }] : [],
    );
    const r = await route({ type: 'ui:active-tab', tabId: 5 }, POPUP);
    if (!r.ok) throw new Error(r.error.message);
    return r.value as { siteHealth: string | null; siteHealthReason: string | null };
  };

  it('passes on the reason code the page names, and never a text of its own', async () => {
    expect(await ask(reply('no-roles'))).toMatchObject({ siteHealth: 'degraded', siteHealthReason: 'no-roles' });
    expect(await ask(reply('Your account is locked: call 555-0100'))).toMatchObject({
      siteHealth: 'degraded',
      siteHealthReason: null,
    });
  });

  it('falls back to the code the canary reported earlier', async () => {
    await route(
      { type: 'page:chat-health', site: 'chatgpt', state: 'degraded', detail: 'no answers', code: 'no-answers' },
      CHATGPT,
    );
    expect(await ask(reply(undefined))).toMatchObject({ siteHealthReason: 'no-answers' });
    expect(await ask({ ...reply(undefined), health: 'ok' })).toMatchObject({
      siteHealth: 'ok',
      siteHealthReason: null,
    });
  });
});

describe('page:chat-reader', () => {
  const reader = { type: 'page:chat-reader', site: 'chatgpt' } as const;

  it('injects the on-demand reader into the top frame of the asking tab, and nothing else', async () => {
    const executed = fakeBrowser.__fake.executed;
    const before = executed.length;
    const reply = await route(reader, CHATGPT);
    expect(reply).toEqual({ ok: true, value: null });
    expect(executed.slice(before)).toEqual([
      { target: { tabId: 7, frameIds: [0] }, files: ['src/content/chat/reader.js'] },
    ]);
  });

  it('is refused from another site, a frame or an extension page', async () => {
    const executed = fakeBrowser.__fake.executed;
    const before = executed.length;
    for (const [message, sender] of [
      [reader, chatTab('https://claude.ai/chat/x')],
      [reader, { ...CHATGPT, frameId: 3 }],
      [reader, POPUP],
      [{ type: 'page:chat-reader', site: 'example' }, CHATGPT],
    ] as const) {
      const reply = await route(message, sender);
      expect(reply.ok, JSON.stringify(message)).toBe(false);
    }
    expect(executed.slice(before)).toEqual([]);
  });

  it('a message cannot choose what is injected or where', async () => {
    const executed = fakeBrowser.__fake.executed;
    const before = executed.length;
    const forged = { ...reader, files: ['evil.js'], tabId: 99, frameIds: [2], func: 'alert(1)' };
    await route(forged, CHATGPT);
    expect(executed.slice(before)).toEqual([
      { target: { tabId: 7, frameIds: [0] }, files: ['src/content/chat/reader.js'] },
    ]);
  });

  it('says so when the tab cannot be scripted', async () => {
    fakeBrowser.__fake.setExecuteScript(async () => {
      throw new Error('Cannot access contents of the page');
    });
    const reply = await route(reader, CHATGPT);
    expect(reply.ok).toBe(false);
    fakeBrowser.__fake.setExecuteScript(async () => []);
  });
});
