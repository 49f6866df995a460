import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { CHAT_SITE_IDS } from '../../../shared/chat-sites';
import { lateReader } from '../late-reader';
import { readerOf } from '../test-kit';
import { ADAPTERS } from './index';

describe('site adapters', () => {
  it('one adapter per chat site, each naming its own site', () => {
    expect(Object.keys(ADAPTERS).sort()).toEqual([...CHAT_SITE_IDS].sort());
    for (const id of CHAT_SITE_IDS) expect(ADAPTERS[id].site).toBe(id);
  });

  it('each site has an entry that starts capture with its own adapter and reader (as the unit tests run it)', () => {
    for (const id of CHAT_SITE_IDS) {
      const path = `src/content/chat/entries/${id}.ts`;
      expect(existsSync(path), path).toBe(true);
      const code = readFileSync(path, 'utf8');
      expect(code).toContain(`from '../sites/${id}'`);
      const reader = readerOf(id) === lateReader ? 'lateReader' : 'exchangeAt';
      expect(code).toContain(`runChatCapture(${id}Site, ${reader})`);
    }
  });
});

describe('site Markdown rules', () => {
  it('the reading parts hold each adapter’s own hook; ChatGPT’s adapter carries none (its script never writes Markdown)', async () => {
    const { withReadingParts } = await import('./reading-parts');
    for (const id of CHAT_SITE_IDS) {
      const a = ADAPTERS[id];
      const rules = withReadingParts(a).markdown;
      if (id === 'chatgpt') {
        expect(a.markdown).toBeUndefined();
        expect(rules).toBeTypeOf('function');
      } else expect(rules, id).toBe(a.markdown);
    }
  });
});
