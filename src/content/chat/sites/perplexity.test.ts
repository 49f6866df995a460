// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { collectFixture } from '../test-kit';
import { perplexitySite } from './perplexity';

const a = perplexitySite;

describe('perplexity adapter against its fixtures', () => {
  for (const name of ['conversation', 'streaming', 'finished', 'stopped', 'long']) {
    it(`${name}: reads the expected captures`, async () => {
      const { expected, captures, conversationId } = await collectFixture(a, 'perplexity', name);
      expect(conversationId).toBe(expected.conversationId);
      expect(a.title(document) ?? null).toBe(expected.title);
      expect(captures).toEqual(expected.captures);
    });
  }

  it('the answer turn holds both the markdown box and the .prose beside it; mutations map to it', async () => {
    const { root } = await collectFixture(a, 'perplexity', 'conversation');
    const turns = a.turns(root!);
    expect(turns.map((t) => a.role(t))).toEqual(['user', 'assistant', 'user', 'assistant']);
    const prose = turns[3]!.querySelector(':scope > .prose')!;
    expect(a.turnOf(prose.querySelector('li')!)).toBe(turns[3]);
    expect(a.turnOf(turns[0]!.querySelector('span.select-text')!)).toBe(turns[0]);
    expect(a.turnOf(root!)).toBeNull();
  });

  it('streaming: the spinner marks the last answer as streaming', async () => {
    const { root } = await collectFixture(a, 'perplexity', 'streaming');
    const last = a.turns(root!).at(-1)!;
    expect([a.streaming(last), a.finished(last)]).toEqual([true, false]);
  });

  it('degraded: no selector matches, so there is no thread container', async () => {
    const { root, conversationId } = await collectFixture(a, 'perplexity', 'degraded');
    expect(conversationId).not.toBeNull();
    expect(root).toBeNull();
  });

  it('conversation ids from /search/<slug>', () => {
    const id = (u: string) => a.conversationId(new URL(u));
    expect(id('https://www.perplexity.ai/search/what-is-x-Ab.Cd')).toBe('what-is-x-Ab.Cd');
    expect(id('https://www.perplexity.ai/')).toBeNull();
    expect(id('https://www.perplexity.ai/discover')).toBeNull();
  });
});
