import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS, MIN_RETRY_AFTER_MS, parseRetryAfter } from './retry-after';

const NOW = Date.UTC(2026, 0, 1, 0, 0, 0); // Thursday, 1 January 2026, 00:00:00 UTC

describe('parseRetryAfter: delta-seconds', () => {
  it('turns seconds into milliseconds', () => {
    expect(parseRetryAfter('5', NOW)).toBe(5_000);
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(' 7 ', NOW)).toBe(7_000);
    expect(parseRetryAfter('0005', NOW)).toBe(5_000);
  });

  it('clamps to 1 s – 1 h', () => {
    expect(parseRetryAfter('0', NOW)).toBe(MIN_RETRY_AFTER_MS);
    expect(parseRetryAfter('1', NOW)).toBe(1_000);
    expect(parseRetryAfter('3600', NOW)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('3601', NOW)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('86400', NOW)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('999999999999', NOW)).toBe(MAX_RETRY_AFTER_MS);
  });

  // Regression test (was a bug): retry-after.ts:16 accepts at most 12 digits, so a longer delta-seconds value falls through to the date
  // check and comes back null ("no usable header"): the outbox then backs off for 1–2 s and hits a server that
  // asked for a long wait. RFC 9110 §10.2.3 takes delta-seconds from RFC 9111 §1.2.2, which says a value too large
  // to represent is to be treated as 2^31 s, i.e. here the 1 h clamp.
  it('treats a delta-seconds value too large to represent as "very long" (clamped to 1 h), not as garbage', () => {
    expect(parseRetryAfter('99999999999999', NOW)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('18446744073709551616', NOW)).toBe(MAX_RETRY_AFTER_MS);
  });

  it('refuses negative, decimal, signed and decorated numbers', () => {
    for (const value of ['-5', '-0', '+5', '1.5', '5.0', '.5', '5s', '5 s', '5,6', '0x10', '1e3', 'Infinity', 'NaN']) {
      expect(parseRetryAfter(value, NOW), value).toBeNull();
    }
  });
});

describe('parseRetryAfter: HTTP-date', () => {
  it('IMF-fixdate', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:10:00 GMT', NOW)).toBe(600_000);
  });

  it('obsolete RFC 850 form (two-digit year, full weekday)', () => {
    expect(parseRetryAfter('Thursday, 01-Jan-26 00:00:30 GMT', NOW)).toBe(30_000);
  });

  it('obsolete asctime form (space-padded day, no zone)', () => {
    // asctime dates are UTC like every HTTP-date (RFC 9110 §5.6.7).
    expect(parseRetryAfter('Thu Jan  1 00:00:30 2026', NOW)).toBe(30_000);
    expect(parseRetryAfter('Thu Jan 15 00:00:00 2026', Date.UTC(2026, 0, 14, 23, 59, 0))).toBe(60_000);
  });

  // Regression test (was a bug): retry-after.ts:25 hands the asctime form (no zone) to Date.parse, which reads a zone-less date-time as
  // LOCAL time. HTTP-dates are always UTC (RFC 9110 §5.6.7), so in any time zone but UTC the wait is off by the UTC
  // offset: in Tokyo a date 30 s ahead becomes 9 h in the past (clamped to 1 s: the server is hit at once), in New
  // York it becomes 5 h ahead (clamped to 1 h: the outbox stalls for an hour). The unit-test workers run in UTC,
  // so this runs the real function in a child process with another TZ.
  it('asctime dates are read as UTC whatever the local time zone', () => {
    const modulePath = fileURLToPath(new URL('./retry-after.ts', import.meta.url));
    // One child process; Node re-reads process.env.TZ when it is assigned on the main thread.
    const script = `import(${JSON.stringify(modulePath)}).then((m) => {
      const out = {};
      for (const tz of ['Asia/Tokyo', 'America/New_York']) {
        process.env.TZ = tz;
        out[tz] = [m.parseRetryAfter('Thu Jan  1 00:00:30 2026', ${NOW}), m.parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', ${NOW})];
      }
      console.log(JSON.stringify(out));
    })`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ 'Asia/Tokyo': [30_000, 30_000], 'America/New_York': [30_000, 30_000] });
  });

  it('a date in the past waits the 1 s minimum', () => {
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', NOW)).toBe(MIN_RETRY_AFTER_MS);
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', NOW)).toBe(MIN_RETRY_AFTER_MS);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:00 GMT', NOW)).toBe(MIN_RETRY_AFTER_MS);
  });

  it('a date far in the future waits the 1 h maximum', () => {
    expect(parseRetryAfter('Fri, 01 Jan 2100 00:00:00 GMT', NOW)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('Thu, 01 Jan 2026 01:00:01 GMT', NOW)).toBe(MAX_RETRY_AFTER_MS);
  });

  it('refuses dates in other shapes or zones, and impossible dates', () => {
    for (const value of [
      'Thu, 01 Jan 2026 00:00:30', // no zone
      'Thu, 01 Jan 2026 00:00:30 PST',
      'Thu, 01 Jan 2026 00:00:30 +0000',
      '2026-01-01T00:00:30Z',
      '01 Jan 2026 00:00:30 GMT',
      'Thu, 01 Foo 2026 00:00:30 GMT',
      'Thu, 99 Jan 2026 00:00:30 GMT',
      'Thu Foo  1 00:00:30 2026',
    ]) {
      expect(parseRetryAfter(value, NOW), value).toBeNull();
    }
  });
});

describe('parseRetryAfter: nothing usable', () => {
  it('missing, empty and garbage headers are null (the caller backs off)', () => {
    for (const value of [null, undefined, '', '   ', 'soon', 'later please', '-', 'GMT', '<script>', '５']) {
      expect(parseRetryAfter(value, NOW), String(value)).toBeNull();
    }
  });
});
