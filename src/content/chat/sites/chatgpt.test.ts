// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { collectFixture } from '../test-kit';
import { chatgptSite } from './chatgpt';

const a = chatgptSite;

describe('chatgpt adapter against its fixtures', () => {
  for (const name of ['conversation', 'streaming', 'finished', 'stopped', 'temporary', 'long']) {
    it(`${name}: reads the expected captures`, async () => {
      const { expected, captures, conversationId } = await collectFixture(a, 'chatgpt', name);
      expect(conversationId).toBe(expected.conversationId);
      expect(a.title(document) ?? null).toBe(expected.title);
      expect(captures).toEqual(expected.captures);
    });
  }

  it('long: uses the conversation-wide conversation-turn-N ordinals', async () => {
    const { root } = await collectFixture(a, 'chatgpt', 'long');
    const turns = a.turns(root!);
    expect(turns).toHaveLength(60);
    expect(turns.map((t) => a.ordinal!(t))).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });

  it('streaming: the stop button is found inside the composer, without scanning the thread', async () => {
    await collectFixture(a, 'chatgpt', 'streaming');
    const composer = a.composer!(document);
    expect(composer?.tagName).toBe('FORM');
    expect(composer!.querySelector(a.stop)).toBe(document.querySelector(a.stop));
  });

  it('temporary: the URL flag marks the chat temporary', async () => {
    await collectFixture(a, 'chatgpt', 'temporary');
    expect(a.privateChat(new URL(location.href), document)).toBe('temporary-chat');
    expect(a.privateChat(new URL('https://chatgpt.com/c/x'), document)).toBeNull();
  });

  it('degraded: no selector matches, so there is no thread container', async () => {
    const { root, conversationId } = await collectFixture(a, 'chatgpt', 'degraded');
    expect(conversationId).not.toBeNull();
    expect(root).toBeNull();
  });

  it('completion is judged inside the assistant turn only (user turns carry copy buttons too)', async () => {
    const { root } = await collectFixture(a, 'chatgpt', 'streaming');
    const turns = a.turns(root!);
    const [user, answer] = turns.slice(-2);
    expect(a.role(user!)).toBe('user');
    expect(a.finished(answer!)).toBe(false);
    expect(a.streaming(answer!)).toBe(true);
  });

  it('conversation ids from /c/<id> and /g/<gpt>/c/<id>; none elsewhere', () => {
    const id = (u: string) => a.conversationId(new URL(u));
    expect(id('https://chatgpt.com/c/abc-123')).toBe('abc-123');
    expect(id('https://chatgpt.com/g/g-p-67aa-project/c/abc-123?model=x')).toBe('abc-123');
    expect(id('https://chat.openai.com/c/abc-123')).toBe('abc-123');
    expect(id('https://chatgpt.com/')).toBeNull();
    expect(id('https://chatgpt.com/gpts')).toBeNull();
  });
});
