import { describe, expect, it } from 'vitest';
import {
  WriteRateLimiter,
  hostNameOf,
  isAllowedExtensionOrigin,
  isExtensionOrigin,
  isLoopbackBindAddress,
  isLoopbackHostName,
  normalizeExtensionOrigin,
  retryAfterSeconds,
} from './guards';

describe('isExtensionOrigin', () => {
  it('accepts extension schemes only', () => {
    expect(isExtensionOrigin('chrome-extension://abcdefghijklmnopabcdefghijklmnop')).toBe(true);
    expect(isExtensionOrigin('moz-extension://0b8c-41aa')).toBe(true);
    expect(isExtensionOrigin('safari-web-extension://ABCD-1234')).toBe(true);
    for (const origin of ['https://chatgpt.com', 'null', 'chrome-extension://', 'http://chrome-extension.evil', '']) {
      expect(isExtensionOrigin(origin), origin).toBe(false);
    }
  });
});

describe('Host header parsing', () => {
  it('reads the host name without port or brackets', () => {
    expect(hostNameOf('LOCALHOST:3122')).toBe('localhost');
    expect(hostNameOf('127.0.0.1')).toBe('127.0.0.1');
    expect(hostNameOf('[::1]:3122')).toBe('::1');
    expect(hostNameOf('[::1')).toBeNull();
    expect(hostNameOf('[::1]evil')).toBeNull();
  });

  it('treats only loopback names as loopback', () => {
    for (const name of ['localhost', '127.0.0.1', '127.5.6.7', '::1'])
      expect(isLoopbackHostName(name), name).toBe(true);
    for (const name of ['localhost.evil.example', '0.0.0.0', '10.0.0.1', '::', 'example.com', '1270.0.0.1']) {
      expect(isLoopbackHostName(name), name).toBe(false);
    }
  });

  it('knows which bind addresses keep the server on loopback', () => {
    expect(isLoopbackBindAddress('127.0.0.1')).toBe(true);
    expect(isLoopbackBindAddress('::1')).toBe(true);
    expect(isLoopbackBindAddress('[::1]')).toBe(true);
    expect(isLoopbackBindAddress('0.0.0.0')).toBe(false);
    expect(isLoopbackBindAddress('::')).toBe(false);
  });
});

describe('WriteRateLimiter', () => {
  const limit = { max: 3, windowMs: 1000 };

  it('slides over arrival times and says how long until the oldest leaves', () => {
    const limiter = new WriteRateLimiter();
    expect(limiter.take('t', 0, limit)).toBeNull();
    expect(limiter.take('t', 400, limit)).toBeNull();
    expect(limiter.take('t', 800, limit)).toBeNull();
    expect(limiter.take('t', 900, limit)).toBe(100);
    // Refused writes do not count: at 1001 the arrival at 0 has left, so one slot is free.
    expect(limiter.take('t', 1001, limit)).toBeNull();
    expect(limiter.take('t', 1002, limit)).toBe(398);
  });

  it('keeps one window per key and forgets everything on clear', () => {
    const limiter = new WriteRateLimiter();
    for (let i = 0; i < 3; i++) limiter.take('a', i, limit);
    expect(limiter.take('a', 10, limit)).not.toBeNull();
    expect(limiter.take('b', 10, limit)).toBeNull();
    limiter.clear();
    expect(limiter.take('a', 11, limit)).toBeNull();
  });

  it('waits for enough arrivals to leave when the limit was lowered', () => {
    const limiter = new WriteRateLimiter();
    for (const at of [0, 100, 200, 300]) limiter.take('t', at, { max: 10, windowMs: 1000 });
    expect(limiter.take('t', 400, { max: 2, windowMs: 1000 })).toBe(800);
  });
});

describe('retryAfterSeconds', () => {
  it('rounds up to whole seconds and never answers 0', () => {
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(0)).toBe(1);
    expect(retryAfterSeconds(1000)).toBe(1);
    expect(retryAfterSeconds(1001)).toBe(2);
    expect(retryAfterSeconds(59_999)).toBe(60);
  });
});

describe('extension origin allowlist', () => {
  it('normalises chrome-extension and moz-extension origins and refuses anything else', () => {
    expect(normalizeExtensionOrigin('chrome-extension://ABCDEFGHIJKLMNOPABCDEFGHIJKLMNOP')).toBe(
      'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
    );
    expect(normalizeExtensionOrigin('moz-extension://0b8c41aa-1234-4f00-9abc-0123456789ab/')).toBe(
      'moz-extension://0b8c41aa-1234-4f00-9abc-0123456789ab',
    );
    for (const value of ['https://chatgpt.com', 'chrome-extension://', 'abc', 'chrome-extension://a/b', '']) {
      expect(normalizeExtensionOrigin(value), value).toBeNull();
    }
  });

  it('allows only listed extension origins unless any extension is allowed', () => {
    const allowed = new Set(['chrome-extension://abcdefghijklmnopabcdefghijklmnop']);
    expect(isAllowedExtensionOrigin('chrome-extension://abcdefghijklmnopabcdefghijklmnop', allowed, false)).toBe(true);
    expect(isAllowedExtensionOrigin('chrome-extension://ABCDEFGHIJKLMNOPABCDEFGHIJKLMNOP', allowed, false)).toBe(true);
    expect(isAllowedExtensionOrigin('chrome-extension://ppppppppppppppppppppppppppppppp', allowed, false)).toBe(false);
    expect(isAllowedExtensionOrigin('moz-extension://1234', allowed, false)).toBe(false);
    expect(isAllowedExtensionOrigin('moz-extension://1234', allowed, true)).toBe(true);
    expect(isAllowedExtensionOrigin('https://evil.example', allowed, true)).toBe(false);
  });
});
