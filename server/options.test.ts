import { describe, expect, it } from 'vitest';
import { UsageError, parseServerConfig } from './options';

const HOME = '/home/tester';
const CWD = '/work/project';
const parse = (argv: string[], env: Record<string, string> = {}) => parseServerConfig(argv, env, HOME, CWD);

describe('parseServerConfig', () => {
  it('defaults to local mode on 127.0.0.1:3122 with data in ~/.mnueron-local', () => {
    expect(parse([])).toEqual({
      port: 3122,
      host: '127.0.0.1',
      dataDir: '/home/tester/.mnueron-local',
      tokens: null,
      quota: null,
      rateLimit: null,
      idempotency: true,
      testHooks: false,
      testMode: false,
      allowedHosts: [],
      allowedExtensionOrigins: [],
      anyExtension: false,
      profile: 'cloud',
    });
  });

  it('reads every flag', () => {
    const config = parse([
      '--port=0',
      '--host',
      '::1',
      '--data-dir',
      'tmp/data',
      '--require-token',
      'a,b',
      '--require-token',
      'c',
      '--quota-memories',
      '500',
      '--quota-bytes',
      '1000',
      '--rate-limit',
      '5',
      '--no-idempotency',
      '--test-hooks',
    ]);
    expect(config).toEqual({
      port: 0,
      host: '::1',
      dataDir: '/work/project/tmp/data',
      tokens: ['a', 'b', 'c'],
      quota: { memories: 500, bytes: 1000 },
      rateLimit: { max: 5, windowMs: 60_000 },
      idempotency: false,
      testHooks: true,
      testMode: false,
      allowedHosts: [],
      allowedExtensionOrigins: [],
      anyExtension: false,
      profile: 'cloud',
    });
  });

  it('selects the real-local profile by flag or MNUERON_PROFILE, and refuses unknown ones', () => {
    expect(parse(['--profile', 'real-local'])?.profile).toBe('real-local');
    expect(parse([], { MNUERON_PROFILE: 'real-local' })?.profile).toBe('real-local');
    expect(parse(['--profile', 'cloud'], { MNUERON_PROFILE: 'real-local' })?.profile).toBe('cloud');
    expect(() => parse(['--profile', 'mystery'])).toThrow(/--profile/);
  });

  it('reads the environment, and lets a flag win over its variable', () => {
    const env = {
      MNUERON_PORT: '4000',
      MNUERON_HOST: '0.0.0.0',
      MNUERON_DATA_DIR: '/var/mnueron',
      MNUERON_TOKENS: 'x, y',
      MNUERON_QUOTA_BYTES: '52428800',
      MNUERON_RATE_WINDOW_MS: '300',
      MNUERON_IDEMPOTENCY: 'off',
      MNUERON_TEST_HOOKS: '1',
    };
    expect(parse([], env)).toEqual({
      port: 4000,
      host: '0.0.0.0',
      dataDir: '/var/mnueron',
      tokens: ['x', 'y'],
      quota: { bytes: 52428800 },
      rateLimit: { max: 60, windowMs: 300 },
      idempotency: false,
      testHooks: true,
      testMode: false,
      allowedHosts: [],
      allowedExtensionOrigins: [],
      anyExtension: false,
      profile: 'cloud',
    });
    expect(parse(['--port', '5000', '--require-token', 'z', '--rate-limit', '0'], env)).toMatchObject({
      port: 5000,
      tokens: ['z'],
      rateLimit: null,
    });
  });

  it('refuses a non-loopback --host without a token, and reads --allow-host and --test-mode', () => {
    expect(() => parse(['--host', '0.0.0.0'])).toThrow(/token/);
    expect(() => parse([], { MNUERON_HOST: '192.168.1.10' })).toThrow(UsageError);
    expect(parse(['--host', '::1'])?.host).toBe('::1');
    expect(parse(['--host', '0.0.0.0', '--require-token', 't', '--allow-host', 'My-NAS.lan'])).toMatchObject({
      host: '0.0.0.0',
      tokens: ['t'],
      allowedHosts: ['my-nas.lan'],
    });
    expect(parse(['--test-mode'])).toMatchObject({ testMode: true, testHooks: true });
    expect(parse([], { MNUERON_TEST_MODE: '1' })).toMatchObject({ testMode: true });
    expect(parse(['--test-hooks'])).toMatchObject({ testMode: false, testHooks: true });
  });

  it('reads --allow-extension (repeatable) and --any-extension, and refuses a value that is not an extension origin', () => {
    const ours = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
    const firefox = 'moz-extension://0b8c41aa-1234-4f00-9abc-0123456789ab';
    expect(parse(['--allow-extension', ours, '--allow-extension', firefox.toUpperCase()])).toMatchObject({
      allowedExtensionOrigins: [ours, firefox],
      anyExtension: false,
    });
    expect(parse([], { MNUERON_ALLOW_EXTENSIONS: `${ours},${firefox}` })?.allowedExtensionOrigins).toEqual([
      ours,
      firefox,
    ]);
    expect(parse(['--any-extension'])?.anyExtension).toBe(true);
    expect(parse([], { MNUERON_ANY_EXTENSION: '1' })?.anyExtension).toBe(true);
    expect(() => parse(['--allow-extension', 'https://evil.example'])).toThrow(/--allow-extension/);
  });

  it('keeps nothing on disk with --data-dir :memory:', () => {
    expect(parse(['--data-dir', ':memory:'])?.dataDir).toBeNull();
  });

  it('returns null for --help and throws a UsageError for bad input', () => {
    expect(parse(['--help'])).toBeNull();
    expect(() => parse(['--port', '70000'])).toThrow(UsageError);
    expect(() => parse(['--quota-memories', 'lots'])).toThrow(/quota-memories/);
    expect(() => parse(['--rate-window-ms', '0'])).toThrow(UsageError);
    expect(() => parse(['--unknown'])).toThrow(UsageError);
    expect(() => parse([], { MNUERON_PORT: 'abc' })).toThrow(/MNUERON_PORT/);
  });
});
