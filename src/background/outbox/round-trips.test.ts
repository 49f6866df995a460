/**
 * How many IndexedDB transactions the outbox's steps open: each one is a round trip to the browser's storage
 * backend and work in the worker, so a send step reads everything it decides on in one, writes the lease in one,
 * and its outcome with its Diagnostics entry in one.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import '../../../test/fakes/browser';
import { clock } from '../clock';
import { readDiagnostics, resetDbForTests } from '../db';
import { captureToOutbox } from '../capture';
import { handleChatTurn, resetChatCaptureForTests } from '../chat-capture';
import { defaultSettings } from '../../shared/settings';
import { setBoundToken } from '../secrets';
import { storeConnection, updateSettings } from '../settings-store';
import { drainOutbox } from './sender';
import { addItems, getItem, listRecent } from './store';
import { afterSenderTest, makeItem, settle } from '../test-kit';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
let opened: string[] = [];
const realTransaction = IDBDatabase.prototype.transaction;

function countTransactions(): void {
  opened = [];
  vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (
    this: IDBDatabase,
    ...args: Parameters<IDBDatabase['transaction']>
  ) {
    const [names, mode] = args;
    opened.push(`${[names].flat().join('+')} ${mode ?? 'readonly'}`);
    return realTransaction.apply(this, args);
  });
}

const memory = (body: { content: string; metadata: Record<string, unknown> }, id: string) => ({
  id,
  content: body.content,
  namespace: 'default',
  tags: [],
  metadata: body.metadata,
  created_at: T0,
  updated_at: T0,
});

beforeEach(async () => {
  resetDbForTests();
  resetChatCaptureForTests();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  clock.now = () => T0;
  await updateSettings({ privacy: { redactSecrets: false } });
  await storeConnection({ mode: 'cloud', apiUrl: 'https://api.example.com/api' });
  await setBoundToken('tok_12345678', 'https://api.example.com/api');
  let n = 0;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_input: string | URL | Request, init: RequestInit = {}) => {
      const body = JSON.parse(String(init.body)) as { content: string; metadata: Record<string, unknown> };
      return new Response(JSON.stringify(memory(body, `mem-${++n}`)), { status: 201 });
    }),
  );
});

afterEach(afterSenderTest);

describe('IndexedDB transactions per outbox step', () => {
  it('one item sent: its reads, its lease, its outcome with the Diagnostics entry, then one read that finds nothing', async () => {
    const item = makeItem(T0);
    await addItems([item]);
    countTransactions();
    await drainOutbox();
    await settle();
    vi.mocked(IDBDatabase.prototype.transaction).mockRestore();
    expect(await getItem(item.id)).toBeUndefined();
    expect((await listRecent()).map((r) => r.memoryId)).toEqual(['mem-1']);
    expect((await readDiagnostics())[0]).toMatchObject({ kind: 'send', outcome: 'saved', status: 201 });
    expect(opened).toEqual([
      'kv+outbox+secrets readonly',
      'outbox readwrite',
      'outbox+recent+kv+diagnostics readwrite',
      'kv+outbox+secrets readonly',
    ]);
  });

  it('three parts sent: three transactions a part and one to end', async () => {
    const items = [0, 1, 2].map(() => makeItem(T0));
    await addItems(items);
    countTransactions();
    await drainOutbox();
    await settle();
    vi.mocked(IDBDatabase.prototype.transaction).mockRestore();
    expect(opened).toHaveLength(3 * 3 + 1);
    for (const item of items) expect(await getItem(item.id)).toBeUndefined();
  });

  it('a capture: the settings, its items with their Diagnostics entry, the state (probe and reason); then the send', async () => {
    countTransactions();
    const result = await captureToOutbox({ content: 'remember this', kind: 'selection', sourceRef: 'https://e.com/' });
    await settle();
    vi.mocked(IDBDatabase.prototype.transaction).mockRestore();
    expect(result.status).toBe('saved');
    expect(opened.slice(0, 3)).toEqual(['kv readonly', 'outbox+diagnostics readwrite', 'kv readwrite']);
    expect(opened).toHaveLength(3 + 4);
    expect((await readDiagnostics()).some((d) => d.kind === 'capture' && d.outcome === 'queued')).toBe(true);
  });

  it('a chat turn of three parts: the settings read once, then as a capture, then three transactions a part', async () => {
    await updateSettings({ capture: { sites: { ...defaultSettings().capture.sites, chatgpt: { enabled: true } } } });
    const url = 'https://chatgpt.com/c/abc-123';
    countTransactions();
    const answer = 'A sentence of a long answer, long enough to be sent as parts. '.repeat(250);
    const accepted = await handleChatTurn(
      {
        type: 'page:chat-turn',
        site: 'chatgpt',
        conversationId: 'abc-123',
        turnKey: 'chatgpt:abc-123:msg-1',
        messages: [
          { role: 'user', text: 'Tell me at length.' },
          { role: 'assistant', text: answer },
        ],
        stopped: false,
      },
      { url, tab: { id: 7, url, incognito: false } },
    );
    await settle();
    vi.mocked(IDBDatabase.prototype.transaction).mockRestore();
    expect(accepted).toEqual({ accepted: true });
    expect((await listRecent())[0]?.parts).toBe(3);
    expect(opened.slice(0, 4)).toEqual([
      'kv readonly',
      'turns readwrite',
      'outbox+diagnostics readwrite',
      'kv readwrite',
    ]);
    expect(opened).toHaveLength(4 + 3 * 3 + 1);
  });
});
