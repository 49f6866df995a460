/**
 * Command-line flags and MNUERON_* environment variables of `npm run server`. A flag wins over its variable, so a
 * script can set defaults in the environment and a person can still override one on the command line.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
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

/** One command-line flag: the source of `--help`, of the parser's options and of the flag tables in the READMEs. */
export type ServerFlag = {
  /** Without the dashes, as `parseArgs` reads it. */
  name: string;
  /** Placeholder of the value (`<n>`); absent for a switch. */
  value?: string;
  /** Repeatable (and comma-separated, as its variable). */
  multiple?: boolean;
  /** The variable, with the value that means the switch (`MNUERON_TEST_MODE=1`) for switches. */
  env: string;
  /** Markdown: a value in backticks, or none / off / on. */
  default: string;
  /** Markdown, one line. */
  description: string;
};

/** Every flag of `npm run server`, in the order the READMEs and `--help` list them. */
export const SERVER_FLAGS: readonly ServerFlag[] = [
  {
    name: 'port',
    value: '<n>',
    env: 'MNUERON_PORT',
    default: `\`${DEFAULT_PORT}\``,
    description: '`0` picks a free port',
  },
  {
    name: 'host',
    value: '<addr>',
    env: 'MNUERON_HOST',
    default: `\`${DEFAULT_HOST}\``,
    description: 'bind address; anything but loopback requires `--require-token` (the Host guard stays on)',
  },
  {
    name: 'allow-host',
    value: '<name>',
    multiple: true,
    env: 'MNUERON_ALLOW_HOSTS',
    default: 'none',
    description: 'extra `Host` names to answer (repeat or comma-separate), e.g. `my-nas.lan`',
  },
  {
    name: 'data-dir',
    value: '<dir>',
    env: 'MNUERON_DATA_DIR',
    default: `\`~/${DEFAULT_DATA_DIR_NAME}\``,
    description: `where \`mnueron.db\` lives; \`${IN_MEMORY}\` keeps nothing`,
  },
  {
    name: 'require-token',
    value: '<tok>',
    multiple: true,
    env: 'MNUERON_TOKENS',
    default: 'none',
    description: 'bearer tokens to accept (repeat or comma-separate); others get 401',
  },
  {
    name: 'quota-memories',
    value: '<n>',
    env: 'MNUERON_QUOTA_MEMORIES',
    default: 'none',
    description: '402 `memory_quota_exceeded` once n memories exist',
  },
  {
    name: 'quota-bytes',
    value: '<n>',
    env: 'MNUERON_QUOTA_BYTES',
    default: 'none',
    description: '402 `storage_quota_exceeded` past n bytes of content',
  },
  {
    name: 'rate-limit',
    value: '<n>',
    env: 'MNUERON_RATE_LIMIT',
    default: 'off',
    description: `429 + \`Retry-After\` after n writes per window per token (\`0\` = off; ${DEFAULT_RATE_LIMIT.max} if only the window is set)`,
  },
  {
    name: 'rate-window-ms',
    value: '<ms>',
    env: 'MNUERON_RATE_WINDOW_MS',
    default: `\`${DEFAULT_RATE_LIMIT.windowMs}\``,
    description: 'sliding window of the rate limit',
  },
  {
    name: 'no-idempotency',
    env: 'MNUERON_IDEMPOTENCY=0',
    default: 'on',
    description: 'when off, a repeated `metadata.idempotency_key` creates a new memory',
  },
  {
    name: 'test-hooks',
    env: 'MNUERON_TEST_HOOKS=1',
    default: 'off',
    description:
      'serve `/__test__/{requests,memories,faults,options,reset}` for out-of-process tools, behind the origin and token checks',
  },
  {
    name: 'test-mode',
    env: 'MNUERON_TEST_MODE=1',
    default: 'off',
    description: 'test hooks that may also change or drop the tokens (throwaway test servers only)',
  },
  {
    name: 'allow-extension',
    value: '<origin>',
    multiple: true,
    env: 'MNUERON_ALLOW_EXTENSIONS',
    default: 'none',
    description:
      'also serve this extension origin: `chrome-extension://<id>` or `moz-extension://<uuid>` (repeat or comma-separate)',
  },
  {
    name: 'any-extension',
    env: 'MNUERON_ANY_EXTENSION=1',
    default: 'off',
    description: 'serve every extension origin (development with an unpinned build only)',
  },
  {
    name: 'profile',
    value: '<name>',
    env: 'MNUERON_PROFILE',
    default: '`cloud`',
    description:
      "`cloud`: the hosted API's contract; `real-local`: the real local server's behaviour (chunks long content, no de-duplication)",
  },
];

/** `--port <n>`, `--test-mode`. */
export function flagSyntax(flag: ServerFlag): string {
  return flag.value === undefined ? `--${flag.name}` : `--${flag.name} ${flag.value}`;
}

/** The rows of the READMEs' flag table (Flag, Environment, Default, Effect), cells in Markdown. */
export function flagTableRows(): string[][] {
  return SERVER_FLAGS.map((flag) => [`\`${flagSyntax(flag)}\``, `\`${flag.env}\``, flag.default, flag.description]);
}

/** The flag table as Markdown (run it through Prettier to align it), for pasting into the READMEs. */
export function flagTableMarkdown(): string {
  const rows = [['Flag', 'Environment', 'Default', 'Effect'], ['---', '---', '---', '---'], ...flagTableRows()];
  return rows.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

const plainText = (markdown: string): string => markdown.replaceAll('`', '');

export const USAGE = [
  'Usage: npm run server -- [options]',
  ...SERVER_FLAGS.map((flag) => {
    const shown = !['none', 'off', 'on'].includes(flag.default) ? ` (default ${plainText(flag.default)})` : '';
    return `  ${flagSyntax(flag).padEnd(27)} ${flag.env.padEnd(25)} ${plainText(flag.description)}${shown}`;
  }),
  '  --help',
].join('\n');

/** The parser's view of the flags; options.test.ts checks it against SERVER_FLAGS. */
export const PARSE_ARGS_OPTIONS = {
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
} as const satisfies NonNullable<ParseArgsConfig['options']>;

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
      options: PARSE_ARGS_OPTIONS,
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
