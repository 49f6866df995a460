// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { withReadingParts } from './reading-parts';
import { collectFixture } from '../test-kit';
import { claudeSite } from './claude';

const a = claudeSite;

describe('claude adapter against its fixtures', () => {
  for (const name of ['conversation', 'streaming', 'finished', 'stopped', 'incognito']) {
    it(`${name}: reads the expected captures`, async () => {
      const { expected, captures, conversationId } = await collectFixture(a, 'claude', name);
      expect(conversationId).toBe(expected.conversationId);
      expect(a.title(document) ?? null).toBe(expected.title);
      expect(captures).toEqual(expected.captures);
    });
  }

  it('incognito: the header label marks the chat; ordinary chats and the ghost button do not', async () => {
    await collectFixture(a, 'claude', 'incognito');
    expect(a.privateChat(new URL(location.href), document)).toBe('incognito-chat');
    await collectFixture(a, 'claude', 'conversation');
    expect(a.privateChat(new URL(location.href), document)).toBeNull();
    const ghost = document.createElement('button');
    ghost.setAttribute('data-testid', 'incognito-toggle');
    ghost.setAttribute('aria-label', 'Incognito chat');
    document.body.append(ghost);
    expect(a.privateChat(new URL(location.href), document)).toBeNull();
    expect(a.privateChat(new URL('https://claude.ai/new?incognito'), document)).toBe('incognito-chat');
  });

  it('incognito: with the thread known, the marker is looked for in the page around it, never inside the turns', async () => {
    await collectFixture(a, 'claude', 'incognito');
    const thread = a.container(document)!;
    expect(a.privateChat(new URL(location.href), document, thread)).toBe('incognito-chat');
    await collectFixture(a, 'claude', 'conversation');
    const other = a.container(document)!;
    expect(a.privateChat(new URL(location.href), document, other)).toBeNull();
    // markup inside a turn is the conversation's, not the page's: it cannot make a chat incognito
    const inside = document.createElement('div');
    inside.setAttribute('data-testid', 'incognito-banner');
    a.turns(other).at(-1)!.append(inside);
    expect(a.privateChat(new URL(location.href), document, other)).toBeNull();
    // …while the same marker in the page's chrome does
    const banner = inside.cloneNode() as Element;
    document.body.prepend(banner);
    expect(a.privateChat(new URL(location.href), document, other)).toBe('incognito-chat');
    // and the thread's walk is not what finds it: a marker in the thread is found only without a thread
    banner.remove();
    expect(a.privateChat(new URL(location.href), document)).toBe('incognito-chat');
  });

  it('long (virtualized): rows carry data-rs-index and the list the total; without scrolling, the mounted rows', async () => {
    const { root, expected, captures } = await collectFixture(a, 'claude', 'long');
    expect(captures).toEqual(expected.captures.slice(22));
    const turns = a.turns(root!);
    expect(turns).toHaveLength(20);
    expect(a.ordinal!(turns[0]!)).toBe(44);
    expect(a.total).toBeUndefined(); // (only "Save this chat" reads it: sites/reading-parts.ts)
    expect(withReadingParts(a).total!(root!)).toBe(64);
    expect(expected.captures).toHaveLength(32);
  });

  it('degraded: no selector matches, so there is no thread container', async () => {
    const { root, conversationId } = await collectFixture(a, 'claude', 'degraded');
    expect(conversationId).not.toBeNull();
    expect(root).toBeNull();
  });

  it('streaming: the last answer is streaming, earlier ones finished', async () => {
    const { root } = await collectFixture(a, 'claude', 'streaming');
    const answers = a.turns(root!).filter((t) => a.role(t) === 'assistant');
    expect(answers.map((t) => [a.streaming(t), a.finished(t)])).toEqual([
      [false, true],
      [false, true],
      [true, false],
    ]);
  });

  it('conversation ids from /chat/<uuid> only', () => {
    const id = (u: string) => a.conversationId(new URL(u));
    expect(id('https://claude.ai/chat/0c5e7a2b-41d3-4f6e-9a8b-2d1c3e4f5a6b')).toBe(
      '0c5e7a2b-41d3-4f6e-9a8b-2d1c3e4f5a6b',
    );
    expect(id('https://claude.ai/new')).toBeNull();
    expect(id('https://claude.ai/project/abc')).toBeNull();
  });
});
