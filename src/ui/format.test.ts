import { describe, expect, it } from 'vitest';
import * as apiSchema from '../shared/api-schema';
import { tagSchema } from '../shared/settings';
import { clockTime, errorText, formatBytes, relativeTime, safeHttpUrl, untilText } from './format';
import { CLOUD_API_URL, LOCAL_API_URL, MAX_CONTENT_BYTES, partsNeeded, utf8Bytes } from './limits';
import { labelledParts } from '../shared/split';
import { addTags, cleanTag } from './tags';
import { installFakeI18n } from '../../test/fakes/i18n';

describe('limits mirror the API contract (the popup cannot import it at run time)', () => {
  it('uses the same byte limit and URLs as api-schema.ts', () => {
    expect(MAX_CONTENT_BYTES).toBe(apiSchema.MAX_CONTENT_BYTES);
    expect(LOCAL_API_URL).toBe(apiSchema.LOCAL_API_URL);
    expect(CLOUD_API_URL).toBe(apiSchema.CLOUD_API_URL);
  });

  it('counts UTF-8 bytes exactly like TextEncoder, emoji and lone surrogates included', () => {
    for (const text of ['', 'abc', 'é', '€', '日本語', '😀 ok', 'x\uD800y', '\uDC00', 'a😀\uD83D']) {
      expect(utf8Bytes(text), JSON.stringify(text)).toBe(apiSchema.utf8Bytes(text));
    }
  });

  it('counts exactly the parts the background sends', () => {
    expect(partsNeeded('short')).toBe(1);
    const big = 'A sentence about code review habits and indentation. '.repeat(5_000); // ~270 KB
    expect(partsNeeded(big)).toBe(labelledParts(big).length);
    expect(partsNeeded(big)).toBeGreaterThan(40);
    expect(MAX_CONTENT_BYTES).toBe(256 * 1024);
  });
});

describe('tag rules agree with the settings schema', () => {
  it.each(['ok', '  padded  ', '', '   ', 'a,b', 'x'.repeat(100), 'x'.repeat(101)])('%j', (raw) => {
    const parsed = tagSchema().safeParse(raw);
    expect(cleanTag(raw)).toBe(parsed.success ? parsed.data : null);
  });

  it('addTags splits on commas and skips duplicates', () => {
    expect(addTags(['a'], 'b, A ,c,,b')).toEqual(['a', 'b', 'c']);
  });
});

describe('formatting', () => {
  it('formats sizes the way the counter shows them', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1229)).toBe('1.2 KB');
    expect(formatBytes(256 * 1024)).toBe('256 KB');
    expect(formatBytes(3.4 * 1024 * 1024)).toBe('3.4 MB');
    expect(formatBytes(256 * 1024 + 10)).toBe('256 KB');
    expect(formatBytes(256 * 1024 + 10, true)).toBe('257 KB');
    expect(formatBytes(1229, true)).toBe('1.3 KB');
  });

  it('shows sizes with the number and unit of the UI language', () => {
    installFakeI18n('de');
    expect(formatBytes(1229)).toBe('1,2 KB');
    installFakeI18n('fr');
    expect(formatBytes(3.4 * 1024 * 1024)).toBe('3,4 Mo');
    expect(formatBytes(512)).toBe('512 o');
  });

  it('shows times in the clock style of the UI language, naming the day when it is not today', () => {
    const now = new Date(2026, 10, 21, 14, 0).getTime();
    // ICU versions differ in the space before AM/PM (narrow no-break or plain).
    const spaced = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');
    expect(spaced(clockTime(new Date(2026, 10, 21, 9, 5).getTime()))).toBe('9:05 AM');
    expect(clockTime(new Date(2026, 10, 21, 9, 5).getTime())).not.toContain(' '); // never wraps before "AM"
    expect(spaced(untilText(new Date(2026, 10, 21, 14, 15).getTime(), now))).toBe('2:15 PM');
    expect(spaced(untilText(new Date(2026, 10, 22, 0, 0).getTime(), now))).toBe('tomorrow 12:00 AM');
    expect(spaced(untilText(new Date(2026, 10, 25, 8, 30).getTime(), now))).toBe('Nov 25, 8:30 AM');
    installFakeI18n('de');
    expect(spaced(untilText(new Date(2026, 10, 21, 14, 15).getTime(), now))).toBe('14:15');
    expect(spaced(untilText(new Date(2026, 10, 22, 0, 0).getTime(), now))).toBe('morgen 0:00');
    expect(spaced(untilText(new Date(2026, 10, 25, 8, 30).getTime(), now))).toBe('25. Nov., 8:30');
    installFakeI18n('ja');
    expect(spaced(untilText(new Date(2026, 10, 25, 8, 30).getTime(), now))).toBe('11月25日 8:30');
  });

  it('says relative times in words of the UI language', () => {
    const now = 1_000_000_000;
    expect(relativeTime(now - 10_000, now)).toBe('just now');
    expect(relativeTime(now - 5 * 60_000, now)).toBe('5 min. ago');
    expect(relativeTime(now - 3 * 3_600_000, now)).toBe('3 hr. ago');
    expect(relativeTime(now - 86_400_000, now)).toBe('yesterday');
    expect(relativeTime(now - 3 * 86_400_000, now)).toBe('3 days ago');
    installFakeI18n('de');
    expect(relativeTime(now - 10_000, now)).toBe('gerade eben');
    expect(relativeTime(now - 5 * 60_000, now)).toBe('vor 5 Min.');
    expect(relativeTime(now - 3 * 86_400_000, now)).toBe('vor 3 Tagen');
    installFakeI18n('zh_CN');
    expect(relativeTime(now - 86_400_000, now)).toBe('昨天');
  });

  it('never shows [object Object] or a stack trace as an error', () => {
    expect(errorText({ code: 'invalid', message: 'Namespace is too long.' })).toBe('Namespace is too long.');
    expect(errorText({ code: 'internal', message: '[object Object]' })).not.toContain('[object');
    expect(errorText({ code: 'internal', message: 'TypeError: x\n    at foo (bg.js:1:2)' })).toBe('TypeError: x');
    expect(errorText({ code: 'not-found', message: '' })).toMatch(/no longer exists/);
    expect(errorText('weird')).toMatch(/went wrong/);
    installFakeI18n('ja');
    expect(errorText({ code: 'not-found', message: '' })).toBe(
      'この項目はもう存在しません。すでに送信または破棄された可能性があります。',
    );
  });

  it('only lets http(s) URLs become links', () => {
    expect(safeHttpUrl('https://example.com/a')).toBe('https://example.com/a');
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl('/account-settings/plan')).toBeNull();
    expect(safeHttpUrl(null)).toBeNull();
  });
});
