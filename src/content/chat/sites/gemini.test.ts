// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { collectFixture } from '../test-kit';
import { geminiSite } from './gemini';

const a = geminiSite;

describe('gemini adapter against its fixtures', () => {
  for (const name of ['conversation', 'streaming', 'finished', 'stopped', 'long']) {
    it(`${name}: reads the expected captures`, async () => {
      const { expected, captures, conversationId } = await collectFixture(a, 'gemini', name);
      expect(conversationId).toBe(expected.conversationId);
      expect(a.title(document) ?? null).toBe(expected.title);
      expect(captures).toEqual(expected.captures);
    });
  }

  it('observes the history scroller and finds both roles in each exchange', async () => {
    const { root } = await collectFixture(a, 'gemini', 'long');
    expect(root?.tagName).toBe('INFINITE-SCROLLER');
    const turns = a.turns(root!);
    expect(turns).toHaveLength(56);
    expect(turns.slice(0, 2).map((t) => a.role(t))).toEqual(['user', 'assistant']);
  });

  it('degraded: no selector matches, so there is no thread container', async () => {
    const { root, conversationId } = await collectFixture(a, 'gemini', 'degraded');
    expect(conversationId).not.toBeNull();
    expect(root).toBeNull();
  });

  it('conversation ids from /app/<id>, also for a second account', () => {
    const id = (u: string) => a.conversationId(new URL(u));
    expect(id('https://gemini.google.com/app/5f1c2b3a4d5e6f70')).toBe('5f1c2b3a4d5e6f70');
    expect(id('https://gemini.google.com/u/1/app/5f1c2b3a4d5e6f70?hl=en')).toBe('5f1c2b3a4d5e6f70');
    expect(id('https://gemini.google.com/app')).toBeNull();
  });
});
