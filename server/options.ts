/**
 * Command-line flags and MNUERON_* environment variables of `npm run server`. A flag wins over its variable, so a
 * script can set defaults in the environment and a person can still override one on the command line.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ServerOptions, ServerProfile } from './app';
import { isLoopbackBindAddress, normalizeExtensionOrigin } from './guards';
import { CHROME_EXTENSION_ID } from '../src/shared/extension-id';

/**
 * The Chrome ids of the Mnueron extension (pinned with the manifest `key`, so unpacked and store builds share one).
 * The server always serves these; other extension origins (Firefox's per-install moz-extension:// UUID, another
 * build) only when configured.
 */
export const MNUERON_EXTENSION_IDS: readonly string[] = [CHROME_EXTENSION_ID];
/** The origins the pinned ids send. */
export const DEFAULT_EXTENSION_ORIGINS: readonly string[] = MNUERON_EXTENSION_IDS.map(
  (id) => `chrome-extension://${id}`,
);

export const DEFAULT_PORT = 3122;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DATA_DIR_NAME = '.mnueron-local';
/** The cloud's pace; used when only one of --rate-limit / --rate-window-ms is given. */
export const DEFAULT_RATE_LIMIT = { max: 60, windowMs: 60_000 };
const PROFILES: readonly ServerProfile[] = ['cloud', 'real-local'];
/** `--data-dir :memory:` keeps nothing on disk. */
export const IN_MEMORY = ':memory:';

export type ServerConfig = ServerOptions & { host: string; port: number; dataDir: string | null };

/** A mistake in the flags or environment; main prints the message and the usage, and exits with 2. */
export class UsageError extends Error {}

export const USAGE = `Usage: npm run server -- [options]
  --port <n>              MNUERON_PORT            port (default ${DEFAULT_PORT}; 0 picks a free one)
  --host <addr>           MNUERON_HOST            bind address (default ${DEFAULT_HOST}); beyond loopback needs a token
  --allow-host <name>     MNUERON_ALLOW_HOSTS     extra Host names to answer (repeatable or comma-separated)
  --data-dir <dir>        MNUERON_DATA_DIR        SQLite folder (default ~/${DEFAULT_DATA_DIR_NAME}; ${IN_MEMORY} = none)
  --require-token <tok>   MNUERON_TOKENS          accepted bearer tokens, repeatable or comma-separated
  --quota-memories <n>    MNUERON_QUOTA_MEMORIES  402 once n memories are stored
  --quota-bytes <n>       MNUERON_QUOTA_BYTES     402 once stored content would exceed n bytes
  --rate-limit <n>        MNUERON_RATE_LIMIT      429 after n writes per window per token (0 = off)
  --rate-window-ms <ms>   MNUERON_RATE_WINDOW_MS  rate-limit window (default ${DEFAULT_RATE_LIMIT.windowMs})
  --no-idempotency        MNUERON_IDEMPOTENCY=0   a repeated metadata.idempotency_key creates a new memory
  --test-hooks            MNUERON_TEST_HOOKS=1    serve /__test__/* control routes (behind the token)
  --test-mode             MNUERON_TEST_MODE=1     test hooks that may also change or drop the tokens
  --allow-extension <o>   MNUERON_ALLOW_EXTENSIONS  also serve this extension origin (chrome-extension://<id>,
                                                  moz-extension://<uuid>); repeatable or comma-separated
  --any-extension         MNUERON_ANY_EXTENSION=1 serve every extension origin (development only)
  --profile <name>        MNUERON_PROFILE         cloud (default, the hosted contract) or real-local
  --help`;

function integer(name: string, value: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | null {
  if (value === undefined || value === '') return null;
  if (!/^\d+$/.test(value.trim()) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`${name} must be an integer between ${min} and ${max}, got "${value}".`);
  }
  return Number(value);
}

function flagOrEnv(flag: string | undefined, env: string | undefined): string | undefined {
  return flag !== undefined ? flag : env;
}

/** A repeatable, comma-separated flag, or its variable when the flag is absent. */
function listOf(flags: string[] | undefined, env: string | undefined): string[] {
  return (flags ?? (env !== undefined ? [env] : []))
    .flatMap((value) => value.split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function isTruthy(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());
}

function isFalsy(value: string | undefined): boolean {
  return value !== undefined && /^(0|false|no|off)$/i.test(value.trim());
}

/** Returns null when --help was asked for. Throws UsageError on a bad flag or value. */
export function parseServerConfig(
  argv: string[],
  env: Record<string, string | undefined>,
  home: string = homedir(),
  cwd: string = process.cwd(),
): ServerConfig | null {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        'require-token': { type: 'string', multiple: true },
        'quota-memories': { type: 'string' },
        'quota-bytes': { type: 'string' },
        'rate-limit': { type: 'string' },
        'rate-window-ms': { type: 'string' },
        'no-idempotency': { type: 'boolean' },
        'test-hooks': { type: 'boolean' },
        'test-mode': { type: 'boolean' },
        'allow-host': { type: 'string', multiple: true },
        'allow-extension': { type: 'string', multiple: true },
        'any-extension': { type: 'boolean' },
        profile: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return null;

  const port = integer('--port / MNUERON_PORT', flagOrEnv(values.port, env.MNUERON_PORT), 0, 65535) ?? DEFAULT_PORT;
  const host = flagOrEnv(values.host, env.MNUERON_HOST) || DEFAULT_HOST;

  const dataDirValue = flagOrEnv(values['data-dir'], env.MNUERON_DATA_DIR);
  const dataDir =
    dataDirValue === IN_MEMORY ? null : dataDirValue ? resolve(cwd, dataDirValue) : join(home, DEFAULT_DATA_DIR_NAME);

  const tokens = listOf(values['require-token'], env.MNUERON_TOKENS);

  if (!isLoopbackBindAddress(host) && tokens.length === 0) {
    throw new UsageError(
      `--host ${host} makes the server reachable from other machines; give it a token with --require-token.`,
    );
  }
  const allowedHosts = listOf(values['allow-host'], env.MNUERON_ALLOW_HOSTS).map((name) => name.toLowerCase());

  const allowedExtensionOrigins = listOf(values['allow-extension'], env.MNUERON_ALLOW_EXTENSIONS).map((value) => {
    const origin = normalizeExtensionOrigin(value);
    if (origin === null) {
      throw new UsageError(
        `--allow-extension / MNUERON_ALLOW_EXTENSIONS takes chrome-extension://<id> or moz-extension://<uuid>, got "${value}".`,
      );
    }
    return origin;
  });

  const quotaMemories = integer(
    '--quota-memories / MNUERON_QUOTA_MEMORIES',
    flagOrEnv(values['quota-memories'], env.MNUERON_QUOTA_MEMORIES),
    0,
  );
  const quotaBytes = integer(
    '--quota-bytes / MNUERON_QUOTA_BYTES',
    flagOrEnv(values['quota-bytes'], env.MNUERON_QUOTA_BYTES),
    0,
  );
  const quota =
    quotaMemories === null && quotaBytes === null
      ? null
      : {
          ...(quotaMemories !== null && { memories: quotaMemories }),
          ...(quotaBytes !== null && { bytes: quotaBytes }),
        };

  const rateMax = integer(
    '--rate-limit / MNUERON_RATE_LIMIT',
    flagOrEnv(values['rate-limit'], env.MNUERON_RATE_LIMIT),
    0,
  );
  const rateWindow = integer(
    '--rate-window-ms / MNUERON_RATE_WINDOW_MS',
    flagOrEnv(values['rate-window-ms'], env.MNUERON_RATE_WINDOW_MS),
    1,
  );
  const rateLimit =
    rateMax === 0 || (rateMax === null && rateWindow === null)
      ? null
      : { max: rateMax ?? DEFAULT_RATE_LIMIT.max, windowMs: rateWindow ?? DEFAULT_RATE_LIMIT.windowMs };

  const profileValue = flagOrEnv(values.profile, env.MNUERON_PROFILE) || 'cloud';
  const profile = PROFILES.find((name) => name === profileValue);
  if (profile === undefined) {
    throw new UsageError(`--profile / MNUERON_PROFILE must be one of ${PROFILES.join(', ')}, got "${profileValue}".`);
  }

  const testMode = Boolean(values['test-mode']) || isTruthy(env.MNUERON_TEST_MODE);

  return {
    port,
    host,
    dataDir,
    tokens: tokens.length > 0 ? tokens : null,
    quota,
    rateLimit,
    idempotency: !(values['no-idempotency'] || isFalsy(env.MNUERON_IDEMPOTENCY)),
    testHooks: testMode || Boolean(values['test-hooks']) || isTruthy(env.MNUERON_TEST_HOOKS),
    testMode,
    allowedHosts,
    allowedExtensionOrigins,
    anyExtension: Boolean(values['any-extension']) || isTruthy(env.MNUERON_ANY_EXTENSION),
    profile,
  };
}
