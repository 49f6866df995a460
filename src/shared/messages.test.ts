import { describe, expect, it } from 'vitest';
import {
  MAX_INSERT_TEXT,
  MAX_MESSAGE_TEXT,
  messageSchema,
  pageMessageSchema,
  parseMessage,
  uiMessageSchema,
} from './messages';

/** Messages that must parse, one or more per type, and near misses that must not. */
const CORPUS: unknown[] = [
  { type: 'ui:settings-get' },
  { type: 'ui:settings-get', extra: 1 },
  { type: 'ui:settings-update', patch: { defaults: { namespace: 'n' } } },
  { type: 'ui:settings-update', patch: { connection: { apiUrl: 'x' } } },
  { type: 'ui:connection-get' },
  { type: 'ui:connection-save', mode: 'cloud', apiUrl: 'https://x', token: null },
  { type: 'ui:connection-save', mode: 'elsewhere', apiUrl: 'https://x' },
  { type: 'ui:connection-test' },
  { type: 'ui:connection-test', mode: 'local', apiUrl: 'http://127.0.0.1', token: 'abc' },
  { type: 'ui:active-tab' },
  { type: 'ui:active-tab', tabId: -1 },
  { type: 'ui:active-tab', tabId: 1.5 },
  { type: 'ui:quick-save', content: 'note', tags: ['a'], namespace: 'n', split: true, tabId: 3 },
  { type: 'ui:quick-save', content: 'x'.repeat(MAX_MESSAGE_TEXT + 1) },
  { type: 'ui:quick-save', content: 'note', tags: Array.from({ length: 101 }, () => 't') },
  { type: 'ui:status' },
  { type: 'ui:outbox-retry' },
  { type: 'ui:outbox-retry', id: 'a' },
  { type: 'ui:outbox-discard' },
  { type: 'ui:outbox-discard', id: 'a' },
  { type: 'ui:outbox-edit', id: 'a', content: 'b' },
  { type: 'ui:outbox-split', id: 'a' },
  { type: 'ui:recent-undo', id: 'a' },
  { type: 'ui:namespaces' },
  { type: 'ui:save-this-chat', tabId: 2 },
  { type: 'ui:capture-pause', until: { minutes: 10 } },
  { type: 'ui:capture-pause', until: 'tomorrow' },
  { type: 'ui:capture-pause', until: null },
  { type: 'ui:capture-pause', until: { minutes: 0 } },
  { type: 'ui:never-capture', conversation: 'claude:abc', never: true },
  { type: 'ui:never-capture', conversation: 'Claude abc', never: true },
  { type: 'ui:memories-search', q: '', view: 'page', tabId: 5, tags: ['a'], namespace: 'work', offset: 20 },
  { type: 'ui:memories-search', q: 'x', view: 'mine' },
  { type: 'ui:memory-edit', id: 'm', content: 'c' },
  { type: 'ui:memory-edit', id: '', content: 'c' },
  { type: 'ui:memory-delete', id: 'm', content: 'c', namespace: 'n', tags: [] },
  { type: 'ui:memory-restore', content: 'c', namespace: 'n', tags: [], outboxId: 'o' },
  { type: 'ui:insert-into-chat', texts: ['a'] },
  { type: 'ui:insert-into-chat', texts: [] },
  { type: 'ui:insert-into-chat', texts: ['x'.repeat(MAX_INSERT_TEXT + 1)] },
  { type: 'ui:diagnostics' },
  { type: 'ui:debug-info' },
  { type: 'ui:suggest-pending' },
  {
    type: 'page:chat-turn',
    site: 'chatgpt',
    conversationId: 'c1',
    turnKey: 'chatgpt:c1:1',
    messages: [{ role: 'user', text: 'hi' }],
    stopped: false,
  },
  { type: 'page:chat-turn', site: 'chatgpt', conversationId: 'c1', turnKey: 'k', messages: [], stopped: false },
  { type: 'page:chat-turn', site: 'nowhere', conversationId: 'c1', turnKey: 'k', messages: [], stopped: false },
  { type: 'page:chat-health', site: 'claude', state: 'degraded', detail: 'd', code: 'no-turns', counts: [['a', 1]] },
  { type: 'page:chat-health', site: 'claude', state: 'ok', detail: 'd' },
  { type: 'page:chat-reader', site: 'chatgpt' },
  { type: 'page:chat-reader', site: 'bing' },
  { type: 'page:chat-skipped', site: 'gemini', reason: 'paused' },
  { type: 'page:chat-skipped', site: 'gemini', reason: 'bored' },
  { type: 'page:suggest-count', site: 'claude', draft: 'indentation' },
  { type: 'page:suggest-count', site: 'claude', draft: '' },
  { type: 'page:suggest-open', site: 'perplexity', draft: 'espresso' },
  { type: 'page:suggest-open', site: 'nowhere', draft: 'espresso' },
  { type: 'tab:site-info' },
  { type: 'ui:unknown' },
  { type: 'toString' },
  { type: '__proto__' },
  { type: 'constructor' },
  { type: 7 },
  {},
  [],
  null,
  undefined,
  'ui:status',
  42,
];

describe('parseMessage', () => {
  it('accepts and refuses exactly what the whole message schema does, with the same data', () => {
    let accepted = 0;
    for (const raw of CORPUS) {
      const whole = messageSchema().safeParse(raw);
      const fast = parseMessage(raw);
      expect(fast.success, JSON.stringify(raw)).toBe(whole.success);
      if (whole.success && fast.success) {
        accepted++;
        expect(fast.data).toEqual(whole.data);
      }
    }
    // Both branches occur: a parser that refused (or accepted) everything would fail here.
    expect(accepted).toBeGreaterThan(20);
    expect(CORPUS.length - accepted).toBeGreaterThan(15);
  });

  it('is checked against every message type of the unions', () => {
    const types = [...uiMessageSchema().def.options, ...pageMessageSchema().def.options].map(
      (option) => (option.def.shape.type as unknown as { def: { values: string[] } }).def.values[0],
    );
    const accepted = new Set(
      CORPUS.filter((raw) => parseMessage(raw).success).map((raw) => (raw as { type: string }).type),
    );
    expect(types.length).toBe(31);
    expect([...accepted].sort()).toEqual([...types].sort());
  });
});
