import { describe, expect, it } from 'vitest';
import { CHAT_SITES } from '../../../shared/chat-sites';
import { ADAPTERS_BY_HOST } from './index';

describe('adapters by host', () => {
  it('covers exactly the hosts the manifest injects on, each with its own site adapter', () => {
    const expected = Object.fromEntries(CHAT_SITES.flatMap((s) => s.hosts.map((h) => [h, s.id])));
    const actual = Object.fromEntries(Object.entries(ADAPTERS_BY_HOST).map(([h, a]) => [h, a.site]));
    expect(actual).toEqual(expected);
  });
});
