import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { redactSecrets, redactSecretsInSlices } from './index';

// redactSecretsInSlices pauses the one scan between steps (rules, every 4096 matches, every 8192 rebuilt spans); it
// never cuts the text into chunks, so there is no seam for a secret to straddle. These tests pause at every step
// boundary and check that nothing the straight run finds is lost, moved or doubled.

const FIXTURES = new URL('../../../test/fixtures/redaction/', import.meta.url);
const corpus = ['positive/', 'negative/'].flatMap((dir) =>
  readdirSync(new URL(dir, FIXTURES))
    .filter((name) => name !== 'expected.json')
    .map((name): [string, string] => [`${dir}${name}`, readFileSync(new URL(`${dir}${name}`, FIXTURES), 'utf8')]),
);
const fill = (unit: string, size: number): string => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
const mixed = corpus.map(([, text]) => text).join('\n');

/** Pauses at every step (sliceMs 0) and counts them. */
async function everyStep(text: string): Promise<{ result: ReturnType<typeof redactSecrets>; pauses: number }> {
  let pauses = 0;
  const result = await redactSecretsInSlices(text, {
    sliceMs: 0,
    pause: () => {
      pauses++;
      return Promise.resolve();
    },
  });
  return { result, pauses };
}

describe('redaction in slices', () => {
  it.each(corpus)('%s: the same result as one straight run', async (_name, text) => {
    expect((await everyStep(text)).result).toEqual(redactSecrets(text));
  });

  it.each([
    ['mixed text', mixed],
    ['curl -u commands (a hit every 12 characters)', 'curl -u a:b '],
    ['password: " (a rejected match every 11 characters)', 'password: "'],
    ['quoted PEM lines', '> -----BEGIN PRIVATE KEY-----\n> '],
    ['wrapped token lines', `ghp_EXAMPLE0000abcdEXAMPLE0000ab\ncdEXAMPL ghp_${'a1'.repeat(20)}\n`],
    ['disguised tokens', `x ghp_\u200bEXAMPLE0000abcdEXAMPLE0000abcdEXAMPL y %5F `],
  ])('%s, 1 MB, paused inside scans and the rebuild: the same result', async (_label, unit) => {
    const text = fill(unit, 1024 * 1024);
    const straight = redactSecrets(text);
    const { result, pauses } = await everyStep(text);
    expect(result).toEqual(straight);
    expect(pauses).toBeGreaterThan(20); // at least one pause per rule
  });

  it('pauses inside one rule scan, not only between rules, on input dense with matches', async () => {
    const text = fill('curl -u a:b ', 1024 * 1024); // ~87,000 hits of one rule
    const { result, pauses } = await everyStep(text);
    expect(result.count).toBe(redactSecrets(text).count);
    expect(result.count).toBeGreaterThan(80_000);
    // 40-odd rule boundaries, plus one pause per 4096 matches and per 8192 rebuilt spans.
    expect(pauses).toBeGreaterThan(40 + 80_000 / 4096);
  });

  it('two redactions interleaved (they share the rules) each get their own result', async () => {
    // Both reach the curl rule at the same step and pause inside it, at different offsets.
    const a = fill('curl -u a:b ', 256 * 1024);
    const b = fill(`curl -u a:b ${'x'.repeat(24)} `, 1024 * 1024);
    const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
    const [ra, rb] = await Promise.all([
      redactSecretsInSlices(a, { sliceMs: 0, pause: tick }),
      redactSecretsInSlices(b, { sliceMs: 0, pause: tick }),
    ]);
    expect(ra).toEqual(redactSecrets(a));
    expect(rb).toEqual(redactSecrets(b));
  });

  it('lets the event loop run between slices', async () => {
    const text = fill(mixed, 4 * 1024 * 1024);
    let ticks = 0;
    let done = false;
    const timer = (): void => {
      if (done) return;
      ticks++;
      setTimeout(timer, 0);
    };
    setTimeout(timer, 0);
    const result = await redactSecretsInSlices(text, { sliceMs: 10 });
    done = true;
    expect(ticks).toBeGreaterThan(3);
    expect(result).toEqual(redactSecrets(text));
  });

  it('slices by the clock it is given: no pause while a slice is within its time', async () => {
    let pauses = 0;
    const result = await redactSecretsInSlices(fill(mixed, 256 * 1024), {
      sliceMs: 1_000_000,
      now: () => 0,
      pause: () => {
        pauses++;
        return Promise.resolve();
      },
    });
    expect(pauses).toBe(0);
    expect(result.count).toBeGreaterThan(0);
  });
});
