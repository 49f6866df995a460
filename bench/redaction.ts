/**
 * Redaction worst cases: CPU time of one `redactSecrets` call on 10 MB of each dense shape (and 256 KB of mixed
 * text), measured in this Node process, not in the browser: the redactor is plain code, and the service worker runs
 * the same V8. CPU time (process.cpuUsage) rather than wall time, best of two, so a neighbour's job does not count.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MAX_CONTENT_BYTES } from '../src/shared/api-limits';
import { redactSecrets } from '../src/shared/redact';
import { MB } from './lib/stats';

const FIXTURES = resolve(import.meta.dirname, '../test/fixtures/redaction');

/** Unit strings repeated to 10 MB: each stresses one rule's worst case (long runs of near-matches). */
export const DENSE_SHAPES: Array<[label: string, unit: string]> = [
  ['a', 'a'],
  ['=', '='],
  ['eyJ', 'eyJ'],
  ['-----BEGIN', '-----BEGIN'],
  ['password=', 'password='],
  ['password: "', 'password: "'],
  ['BEGIN header lines', '-----BEGIN PRIVATE KEY-----\n'],
  ['BEGIN headers with unterminated bodies', `-----BEGIN PRIVATE KEY-----\n${'QUJD'.repeat(250)}`],
  ['JWT-like segments', 'eyJaaaaaaaaaaaa.'],
  ['://a:', 'http://a:'],
  ['Bearer', 'Bearer '],
  ['curl -u', ' -u a:b'],
  ['base64', 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo'],
  ['emoji', '😀'],
  ['curl -u commands', 'curl -u a:b '],
  ['rejected keys', 'mytoken='],
  ['rejected keys with values', 'mytoken=abc:'],
  ['card-like digit groups', '4242 '],
  ['digits', '7'],
  ['percent escapes', '%5F'],
  ['unicode escapes', '\\u005f'],
  ['zero-width characters', 'a\u200b'],
  ['fullwidth characters', 'ｇ'],
  ['wrapped token lines', 'ghp_abcdefgh\n'],
  ['quoted BEGIN lines', '> -----BEGIN PRIVATE KEY-----\n> '],
  ['PuTTY headers', 'PuTTY-User-Key-File-3: x\nComment: y\n'],
  ['server-config Authorization', 'Authorization "'],
  ['cookies', 'Cookie: a=b '],
];

export type RedactionFigure = { label: string; bytes: number; cpuMs: number; secrets: number };

const fill = (unit: string, size: number): string => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

function corpus(): string {
  const files = ['positive', 'negative'].flatMap((dir) =>
    readdirSync(join(FIXTURES, dir)).map((name) => readFileSync(join(FIXTURES, dir, name), 'utf8')),
  );
  return files.join('\n');
}

function cpuOf(text: string): { cpuMs: number; secrets: number } {
  redactSecrets(text.slice(0, 64 * 1024)); // warm the regexes and the JIT on this shape
  let best = Infinity;
  let secrets = 0;
  for (let i = 0; i < 2; i++) {
    const start = process.cpuUsage();
    secrets = redactSecrets(text).count;
    const { user, system } = process.cpuUsage(start);
    best = Math.min(best, (user + system) / 1000);
  }
  return { cpuMs: best, secrets };
}

export function measureRedaction(): RedactionFigure[] {
  const mixed = corpus();
  const out: RedactionFigure[] = [];
  for (const [label, size] of [
    ['256 KB of mixed text', MAX_CONTENT_BYTES],
    ['10 MB of mixed text', 10 * MB],
  ] as const) {
    out.push({ label, bytes: size, ...cpuOf(fill(mixed, size)) });
  }
  for (const [label, unit] of DENSE_SHAPES)
    out.push({ label: `10 MB of ${label}`, bytes: 10 * MB, ...cpuOf(fill(unit, 10 * MB)) });
  return out;
}
