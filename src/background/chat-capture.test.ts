/** Automatic chat capture, background half: settings gates, dedupe by turn key, formatting, provenance. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatTurnMessage } from '../shared/messages';
import { formatMemoryBlock } from '../shared/memory-block';
import { defaultSettings, type Settings } from '../shared/settings';
import {
  CHAT_TURN_LIMIT,
  beginSaveThisChat,
  handleChatTurn,
  pruneTurnKeys,
  resetChatCaptureForTests,
  saveThisChat,
  type TabSender,
} from './chat-capture';
import { clock } from './clock';
import { db, readDiagnostics, resetDbForTests, type OutboxItem } from './db';
import { cancelWake } from './outbox/scheduler';
import { readOutboxState, writeOutboxState } from './outbox/state';
import { updateSettings } from './settings-store';
import { settle } from './test-kit';
import { fakeBrowser } from '../../test/fakes/browser';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
let t = T0;
const realNow = clock.now;

const URL_FROM_TAB = 'https://chatgpt.com/c/abc-123';
const SENDER: TabSender = { url: URL_FROM_TAB, tab: { id: 7, url: URL_FROM_TAB, incognito: false } };

function turn(over: Partial<ChatTurnMessage> = {}): ChatTurnMessage {
  return {
    type: 'page:chat-turn',
    site: 'chatgpt',
    conversationId: 'abc-123',
    turnKey: 'chatgpt:abc-123:msg-1',
    messages: [
      { role: 'user', text: '  What is a monad?  ' },
      { role: 'assistant', text: 'A monoid in the category of endofunctors.\n' },
    ],
    stopped: false,
    ...over,
  };
}

type SiteSettings = Settings['capture']['sites'];
const sites = (over: Partial<SiteSettings> = {}): SiteSettings => ({ ...defaultSettings().capture.sites, ...over });

async function enable(over: Partial<Settings['capture']> = {}) {
  await updateSettings({ capture: { sites: sites({ chatgpt: { enabled: true } }), ...over } });
}

const items = async (): Promise<OutboxItem[]> => (await db()).getAll('outbox');
const fetchMock = vi.fn(async () => new Response(null, { status: 503 }));

beforeEach(async () => {
  resetDbForTests();
  resetChatCaptureForTests();
  t = T0;
  clock.now = () => t;
  fetchMock.mockClear();
  vi.stubGlobal('fetch', fetchMock);
  await updateSettings({ privacy: { redactSecrets: false } });
  // Sending is not under test here: an auth pause keeps every item in the outbox to be looked at.
  await writeOutboxState({
    ...(await readOutboxState()),
    pause: { kind: 'auth', message: 'held for the test', since: 0 },
  });
});

afterEach(async () => {
  await settle();
  await cancelWake();
  vi.unstubAllGlobals();
  clock.now = realNow;
});

describe('handleChatTurn', () => {
  it('a site that is off: not accepted, nothing queued, the reason is in Diagnostics', async () => {
    expect(await handleChatTurn(turn(), SENDER)).toEqual({ accepted: false });
    expect(await items()).toEqual([]);
    expect(await (await db()).count('turns')).toBe(0);
    expect((await readDiagnostics())[0]).toMatchObject({
      kind: 'skip',
      outcome: 'skipped',
      detail: 'ChatGPT: capture is off for ChatGPT',
    });
  });

  it('an enabled site: one outbox item with the conversation as source_ref and the turn as metadata', async () => {
    await enable();
    const message = {
      ...turn({ stopped: true, replaces: 'chatgpt:abc-123:msg-0', title: 'Monads' }),
      url: 'https://evil.example/not-from-chrome', // a page cannot choose the provenance URL
    } as ChatTurnMessage;
    expect(await handleChatTurn(message, SENDER)).toEqual({ accepted: true });
    await settle();
    const all = await items();
    expect(all).toHaveLength(1);
    const [item] = all;
    expect(item).toMatchObject({ kind: 'chat-turn', state: 'pending' });
    expect(item!.body.source_ref).toBe('chatgpt:abc-123');
    expect(item!.body.content).toBe(
      '**You:**\nWhat is a monad?\n\n**ChatGPT:**\nA monoid in the category of endofunctors.',
    );
    expect(item!.body.metadata).toEqual({
      site: 'chatgpt',
      conversation_id: 'abc-123',
      turn_key: 'chatgpt:abc-123:msg-1',
      roles: ['user', 'assistant'],
      url: URL_FROM_TAB,
      title: 'Monads',
      stopped: true,
      replaces: 'chatgpt:abc-123:msg-0',
      idempotency_key: 'turn:chatgpt:abc-123:msg-1',
      capture_kind: 'chat-turn',
      captured_at: T0,
    });
    expect(await (await db()).get('turns', 'chatgpt:abc-123:msg-1')).toEqual({
      key: 'chatgpt:abc-123:msg-1',
      conversation: 'chatgpt:abc-123',
      at: T0,
    });
  });

  it('a memory block inserted into the chat is taken out of the user message before it is saved', async () => {
    await enable();
    const block = formatMemoryBlock(['I prefer TypeScript', 'My dog is called Rex']);
    const message = turn({
      messages: [
        { role: 'user', text: `${block}\n\nWhat is a monad?` },
        { role: 'assistant', text: 'A monoid in the category of endofunctors.' },
      ],
    });
    expect(await handleChatTurn(message, SENDER)).toEqual({ accepted: true });
    const [item] = await items();
    expect(item!.body.content).toBe(
      '**You:**\nWhat is a monad?\n\n**ChatGPT:**\nA monoid in the category of endofunctors.',
    );
    expect(item!.body.content).not.toContain('Mnueron memories');
  });

  it('a user message that is only a memory block saves nothing for the user side', async () => {
    await enable();
    const block = formatMemoryBlock(['I prefer TypeScript']);
    const onlyBlock = (key: string) =>
      turn({
        turnKey: `chatgpt:abc-123:${key}`,
        messages: [
          { role: 'user', text: block },
          { role: 'assistant', text: 'Noted.' },
        ],
      });
    expect(await handleChatTurn(onlyBlock('a'), SENDER)).toEqual({ accepted: true });
    const [item] = await items();
    expect(item!.body.content).toBe('**ChatGPT:**\nNoted.');
    expect(item!.body.metadata.roles).toEqual(['assistant']);

    await updateSettings({ capture: { content: 'user' } });
    expect(await handleChatTurn(onlyBlock('b'), SENDER)).toEqual({ accepted: false });
    expect(await items()).toHaveLength(1);
  });

  it('the page URL comes from the tab Chrome reports, else from sender.url', async () => {
    await enable();
    await handleChatTurn(turn({ conversationId: 'from-frame', turnKey: 'chatgpt:from-frame:k' }), {
      url: 'https://chatgpt.com/c/from-frame',
      tab: { id: 7 },
    });
    expect((await items())[0]!.body.metadata.url).toBe('https://chatgpt.com/c/from-frame');
  });

  it('the same turn key twice is accepted once', async () => {
    await enable();
    expect(await handleChatTurn(turn(), SENDER)).toEqual({ accepted: true });
    expect(await handleChatTurn(turn({ messages: [{ role: 'user', text: 're-rendered' }] }), SENDER)).toEqual({
      accepted: false,
    });
    expect(await items()).toHaveLength(1);
    expect(await handleChatTurn(turn({ turnKey: 'chatgpt:abc-123:msg-2' }), SENDER)).toEqual({ accepted: true });
    expect(await items()).toHaveLength(2);
  });

  // Regression test (was a bug): chat-capture.ts:58 checks the `turns` store for the key, then awaits the whole capture, and only then
  // (line 84) records the key. Two deliveries of one turn handled concurrently — a re-render or a second injection
  // of the content script firing twice, each message getting its own async handler in the worker — both pass the
  // check and both queue an item. The server may fold them by idempotency key, but the outbox holds and sends a
  // duplicate and both senders are told `accepted: true`. The key should be claimed atomically (one readwrite
  // transaction: get + put) before capturing.
  it('the same turn delivered twice at once is still accepted once', async () => {
    await enable();
    const replies = await Promise.all([handleChatTurn(turn(), SENDER), handleChatTurn(turn(), SENDER)]);
    expect(replies.filter((reply) => reply.accepted)).toHaveLength(1);
    expect(await items()).toHaveLength(1);
  });

  it('paused capture: skipped until the pause ends', async () => {
    await enable({ pausedUntil: T0 + 60_000 });
    expect(await handleChatTurn(turn(), SENDER)).toEqual({ accepted: false });
    expect((await readDiagnostics())[0]).toMatchObject({ kind: 'skip', detail: 'ChatGPT: capture is paused' });
    expect(await items()).toEqual([]);
    t = T0 + 60_001;
    expect(await handleChatTurn(turn(), SENDER)).toEqual({ accepted: true });
  });

  it('an incognito tab is skipped unless incognito capture is allowed', async () => {
    await enable();
    const incognito: TabSender = { url: URL_FROM_TAB, tab: { id: 9, url: URL_FROM_TAB, incognito: true } };
    expect(await handleChatTurn(turn(), incognito)).toEqual({ accepted: false });
    expect((await readDiagnostics())[0]!.detail).toMatch(/incognito/);
    expect(await items()).toEqual([]);
    await updateSettings({ capture: { allowIncognito: true } });
    expect(await handleChatTurn(turn(), incognito)).toEqual({ accepted: true });
  });

  it('a conversation marked "never capture" is skipped, even manually', async () => {
    await enable({ neverConversations: ['chatgpt:abc-123'] });
    expect(await handleChatTurn(turn(), SENDER)).toEqual({ accepted: false });
    expect(await handleChatTurn(turn({ manual: true }), SENDER)).toEqual({ accepted: false });
    expect(await items()).toEqual([]);
  });

  it('a host on the deny list is skipped in the background too, even manually', async () => {
    await enable({ denyHosts: ['chatgpt.com'] });
    expect(await handleChatTurn(turn(), SENDER)).toEqual({ accepted: false });
    expect(await handleChatTurn(turn({ manual: true }), SENDER)).toEqual({ accepted: false });
    expect(await items()).toEqual([]);
    expect((await readDiagnostics()).some((d) => /deny list/.test(d.detail))).toBe(true);
  });

  it('a temporary or incognito chat, told by the URL Chrome reports, is skipped in the background, even manually', async () => {
    await enable();
    beginSaveThisChat(7);
    const at = (url: string): TabSender => ({ url, tab: { id: 7, url, incognito: false } });
    // The page says nothing about it (a stale or forged content script): the background reads the sender's URL.
    const temporary = at(`${URL_FROM_TAB}?temporary-chat=true`);
    expect(await handleChatTurn(turn(), temporary)).toEqual({ accepted: false });
    expect(await handleChatTurn(turn({ manual: true }), temporary)).toEqual({ accepted: false });
    const claude = at('https://claude.ai/chat/0c5e7a2b-41d3-4f6e-9a8b-2d1c3e4f5a6b?incognito');
    const claudeTurn = turn({
      site: 'claude',
      conversationId: '0c5e7a2b-41d3-4f6e-9a8b-2d1c3e4f5a6b',
      turnKey: 'claude:0c5e7a2b-41d3-4f6e-9a8b-2d1c3e4f5a6b:m1',
    });
    await updateSettings({ capture: { sites: sites({ chatgpt: { enabled: true }, claude: { enabled: true } }) } });
    expect(await handleChatTurn(claudeTurn, claude)).toEqual({ accepted: false });
    expect(await items()).toEqual([]);
    expect((await readDiagnostics()).some((d) => /temporary chat/.test(d.detail))).toBe(true);
    // With the skip switched off, the same turn is captured.
    await updateSettings({ capture: { skipTemporary: false } });
    expect(await handleChatTurn(turn(), temporary)).toEqual({ accepted: true });
  });

  it('"Save this chat" refuses a temporary chat from the tab URL without asking the page', async () => {
    await enable();
    const asked = vi.fn(async () => []);
    fakeBrowser.__fake.setExecuteScript(asked);
    await expect(saveThisChat(7, `${URL_FROM_TAB}?temporary-chat=true`)).rejects.toThrow(/temporary chat/i);
    expect(asked).not.toHaveBeenCalled();
  });

  it('"Save this chat" (manual) bypasses the site switch and the pause, not incognito', async () => {
    await updateSettings({ capture: { pausedUntil: T0 + 60_000 } });
    beginSaveThisChat(7);
    beginSaveThisChat(9);
    expect(await handleChatTurn(turn({ manual: true }), SENDER)).toEqual({ accepted: true });
    expect((await items())[0]!.body.metadata).toMatchObject({ manual: true, idempotency_key: expect.any(String) });
    const incognito: TabSender = { tab: { id: 9, url: URL_FROM_TAB, incognito: true } };
    expect(await handleChatTurn(turn({ manual: true, turnKey: 'chatgpt:abc-123:other' }), incognito)).toEqual({
      accepted: false,
    });
  });

  it('a turn read by the generic reader is marked so in its metadata', async () => {
    beginSaveThisChat(7);
    expect(await handleChatTurn(turn({ manual: true, generic: true }), SENDER)).toEqual({ accepted: true });
    expect((await items())[0]!.body.metadata).toMatchObject({ manual: true, reader: 'generic' });
  });

  it('"Save this chat" injects the on-demand collecting script into the tab, then runs it there', async () => {
    await enable();
    const order: string[] = [];
    fakeBrowser.__fake.setExecuteScript(async (details) => {
      if (details.files) {
        order.push(`inject ${JSON.stringify(details.target)} ${details.files.join(',')}`);
        return [];
      }
      order.push(
        `run ${JSON.stringify(details.target)} ${(details.func as () => unknown).name}(${details.args?.join(',')})`,
      );
      return [{ result: { ok: true, site: 'chatgpt', conversationId: 'abc-123', turns: 1, sent: 1 } }];
    });
    expect(await saveThisChat(7, URL_FROM_TAB)).toEqual({ turns: 1, sent: 1, site: 'ChatGPT' });
    expect(order).toEqual([
      'inject {"tabId":7} src/content/chat/save-chat.js',
      'run {"tabId":7} collectChatInTab(__mnueronChat,__mnueronSaveChat)',
    ]);
    // A tab that cannot be scripted is not asked: the user is told to reload it.
    fakeBrowser.__fake.setExecuteScript(async () => {
      throw new Error('Cannot access contents of the page');
    });
    await expect(saveThisChat(7, URL_FROM_TAB)).rejects.toThrow(/reload the tab/i);
    expect(order).toHaveLength(2);
  });

  it('"Save this chat" passes on what the generic reader found, checked; bad counts from the page are dropped', async () => {
    await enable();
    const reply = (generic: unknown) => async (details: { files?: string[] }) =>
      details.files
        ? []
        : [{ result: { ok: true, site: 'chatgpt', conversationId: 'abc-123', turns: 1, sent: 1, generic } }];
    fakeBrowser.__fake.setExecuteScript(reply({ found: 3, unattributed: 1 }));
    expect(await saveThisChat(7, URL_FROM_TAB)).toEqual({
      turns: 1,
      sent: 1,
      site: 'ChatGPT',
      generic: { found: 3, unattributed: 1 },
    });
    fakeBrowser.__fake.setExecuteScript(reply({ found: 'many', unattributed: -1 }));
    expect(await saveThisChat(7, URL_FROM_TAB)).toEqual({ turns: 1, sent: 1, site: 'ChatGPT' });
  });

  it('capture.content "user" or "assistant" keeps only those messages', async () => {
    const exchange = turn({
      messages: [
        { role: 'user', text: 'first question' },
        { role: 'assistant', text: 'first answer' },
        { role: 'user', text: 'follow-up' },
        { role: 'assistant', text: 'second answer' },
      ],
    });
    await enable({ content: 'user' });
    await handleChatTurn({ ...exchange, turnKey: 'chatgpt:abc-123:u' }, SENDER);
    await updateSettings({ capture: { content: 'assistant' } });
    await handleChatTurn({ ...exchange, turnKey: 'chatgpt:abc-123:a' }, SENDER);
    const byKey = new Map((await items()).map((item) => [item.body.metadata.turn_key, item.body.content]));
    expect(byKey.get('chatgpt:abc-123:u')).toBe('first question\n\nfollow-up');
    expect(byKey.get('chatgpt:abc-123:a')).toBe('first answer\n\nsecond answer');

    // nothing of the wanted role: nothing to save
    expect(
      await handleChatTurn(turn({ turnKey: 'only-user', messages: [{ role: 'user', text: 'q' }] }), SENDER),
    ).toEqual({
      accepted: false,
    });
    expect(await items()).toHaveLength(2);
  });

  it('per-site namespace and tags apply, on top of the defaults', async () => {
    await updateSettings({ defaults: { namespace: 'default', tags: ['web'] } });
    await enable();
    await updateSettings({
      capture: { sites: sites({ chatgpt: { enabled: true, namespace: 'chats', tags: ['ai', 'web'] } }) },
    });
    await handleChatTurn(turn(), SENDER);
    expect((await items())[0]!.body).toMatchObject({ namespace: 'chats', tags: ['web', 'ai'] });
  });

  it('a turn over 256 KB is split into parts of the same conversation', async () => {
    await enable();
    const long = 'paragraph of the answer. '.repeat(40) + '\n\n';
    await handleChatTurn(turn({ messages: [{ role: 'assistant', text: long.repeat(300) }] }), SENDER);
    const all = await items();
    expect(all.length).toBeGreaterThan(1);
    for (const item of all) {
      expect(item.body.source_ref).toBe('chatgpt:abc-123');
      expect(item.body.metadata.idempotency_key).toMatch(/^turn:chatgpt:abc-123:msg-1:part-\d+-of-\d+$/);
    }
  });
});

describe('forged captures', () => {
  const many = (n: number, over: (i: number) => Partial<ChatTurnMessage> = () => ({})) =>
    Array.from({ length: n }, (_, i) => turn({ turnKey: `chatgpt:abc-123:forged-${i}`, ...over(i) }));

  it('a page that floods turns gets only a few queued per minute per tab', async () => {
    await enable();
    let accepted = 0;
    for (const message of many(300)) if ((await handleChatTurn(message, SENDER)).accepted) accepted++;
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThanOrEqual(CHAT_TURN_LIMIT.perTab);
    // A minute later the tab may capture again.
    t += 61_000;
    expect((await handleChatTurn(turn({ turnKey: 'chatgpt:abc-123:later' }), SENDER)).accepted).toBe(true);
  });

  it('manual: true is honoured only while the background is saving this chat for that tab', async () => {
    // Capture off for the site: only a real "Save this chat" may capture.
    expect((await handleChatTurn(turn({ manual: true }), SENDER)).accepted).toBe(false);
    const done = beginSaveThisChat(7);
    expect((await handleChatTurn(turn({ manual: true, turnKey: 'chatgpt:abc-123:m2' }), SENDER)).accepted).toBe(true);
    // Another tab is not the one being saved.
    const other: TabSender = { url: URL_FROM_TAB, tab: { id: 8, url: URL_FROM_TAB, incognito: false } };
    expect((await handleChatTurn(turn({ manual: true, turnKey: 'chatgpt:abc-123:m3' }), other)).accepted).toBe(false);
    done();
    expect((await handleChatTurn(turn({ manual: true, turnKey: 'chatgpt:abc-123:m4' }), SENDER)).accepted).toBe(false);
  });

  it("a turn key must belong to the sender's own site and conversation", async () => {
    await enable();
    expect((await handleChatTurn(turn({ turnKey: 'chatgpt:other-conv:msg-1' }), SENDER)).accepted).toBe(false);
    expect(
      await handleChatTurn(turn({ conversationId: 'other-conv', turnKey: 'chatgpt:other-conv:x' }), SENDER),
    ).toEqual({ accepted: false });
    expect((await handleChatTurn(turn({ turnKey: 'claude:abc-123:msg-1' }), SENDER)).accepted).toBe(false);
    expect(await items()).toEqual([]);
    expect((await handleChatTurn(turn(), SENDER)).accepted).toBe(true);
  });

  it('the turn-key store is pruned: old keys and the excess over the cap go', async () => {
    const database = await db();
    for (let i = 0; i < 30; i++)
      await database.put('turns', {
        key: `chatgpt:c:${i}`,
        conversation: 'chatgpt:c',
        at: T0 - (i < 10 ? 400 : 1) * 86_400_000,
      });
    await pruneTurnKeys({ maxAgeMs: 365 * 86_400_000, maxCount: 15 });
    const left = await database.getAllKeys('turns');
    expect(left).toHaveLength(15);
    expect(left.some((k) => Number(String(k).split(':')[2]) < 10)).toBe(false);
  });
});
