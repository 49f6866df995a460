import { describe, expect, it } from 'vitest';
import { PACING_MARGIN_MS, nextSendAt, recordWrite, type Pacing } from './pacer';

/** Small seeded PRNG (mulberry32) so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Arrival = 'random' | 'start' | 'end' | 'alternate';

/**
 * One sender, sequential sends: each starts at nextSendAt(log, now) and completes 0–300 ms later; the server sees
 * it arrive somewhere in [start, completion].
 */
function simulate(pacing: Pacing, sends: number, seed: number, arrival: Arrival) {
  const random = prng(seed);
  let log: number[] = [];
  let now = 1_700_000_000_000;
  const arrivals: number[] = [];
  for (let i = 0; i < sends; i++) {
    // the caller may also come back a little late (a wake-up timer firing after its time)
    const start = nextSendAt(log, now, pacing) + (random() < 0.1 ? Math.floor(random() * 50) : 0);
    const completion = start + Math.floor(random() * 301);
    const at =
      arrival === 'start'
        ? start
        : arrival === 'end'
          ? completion
          : arrival === 'alternate'
            ? i % 2 === 0
              ? start
              : completion
            : start + Math.floor(random() * (completion - start + 1));
    arrivals.push(at);
    log = recordWrite(log, completion, pacing);
    now = completion;
  }
  return { arrivals };
}

/** The most arrivals any closed window [x, x + windowMs] contains. */
function maxInAnyWindow(arrivals: number[], windowMs: number): number {
  const sorted = [...arrivals].sort((a, b) => a - b);
  let most = 0;
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    while (sorted[hi]! - sorted[lo]! > windowMs) lo++;
    most = Math.max(most, hi - lo + 1);
  }
  return most;
}

describe('pacer', () => {
  const configs: Pacing[] = [
    { maxWrites: 60, windowMs: 60_000 },
    { maxWrites: 10, windowMs: 5_000 },
    { maxWrites: 3, windowMs: 2_000 },
    { maxWrites: 1, windowMs: 1_000 },
  ];

  for (const pacing of configs) {
    it(`never lets more than ${pacing.maxWrites} arrivals into any ${pacing.windowMs} ms window`, () => {
      for (const arrival of ['random', 'start', 'end', 'alternate'] as const) {
        for (let seed = 1; seed <= 5; seed++) {
          const { arrivals } = simulate(pacing, pacing.maxWrites * 12, seed, arrival);
          expect(maxInAnyWindow(arrivals, pacing.windowMs), `${arrival} seed ${seed}`).toBeLessThanOrEqual(
            pacing.maxWrites,
          );
        }
      }
    });
  }

  it('achieves at least 90% of the allowed rate over a long run (60 writes per minute)', () => {
    const pacing = { maxWrites: 60, windowMs: 60_000 };
    const sends = 60 * 30; // half an hour of steady capture
    const { arrivals } = simulate(pacing, sends, 42, 'random');
    // Every arrival is followed maxWrites arrivals later by one at least a window away; the mean of that span is
    // how long maxWrites writes take on average, so the achieved rate per window is maxWrites · window / span.
    let spans = 0;
    for (let i = 0; i + pacing.maxWrites < arrivals.length; i++)
      spans += arrivals[i + pacing.maxWrites]! - arrivals[i]!;
    const meanSpan = spans / (arrivals.length - pacing.maxWrites);
    const achieved = (pacing.maxWrites * pacing.windowMs) / meanSpan;
    console.info(`pacer: ${achieved.toFixed(2)} writes per window of ${pacing.maxWrites} allowed`);
    expect(achieved).toBeGreaterThanOrEqual(0.9 * pacing.maxWrites);
    expect(achieved).toBeLessThanOrEqual(pacing.maxWrites);
  });

  it('does not wait while the log has room, and waits for the oldest write of the window otherwise', () => {
    const pacing = { maxWrites: 3, windowMs: 1_000 };
    expect(nextSendAt([], 5, pacing)).toBe(5);
    expect(nextSendAt([1, 2], 5, pacing)).toBe(5);
    expect(nextSendAt([100, 200, 300], 400, pacing)).toBe(100 + 1_000 + PACING_MARGIN_MS);
    expect(nextSendAt([100, 200, 300], 5_000, pacing)).toBe(5_000);
    // a log left longer by an earlier, larger maxWrites still counts the newest ones
    expect(nextSendAt([10, 20, 100, 200, 300], 400, pacing)).toBe(100 + 1_000 + PACING_MARGIN_MS);
  });

  it('recordWrite keeps the newest maxWrites completion times, sorted', () => {
    const pacing = { maxWrites: 3, windowMs: 1_000 };
    let log: number[] = [];
    for (const at of [50, 10, 30, 20, 40]) log = recordWrite(log, at, pacing);
    expect(log).toEqual([30, 40, 50]);
    expect(recordWrite([1, 2, 3, 4, 5], 6, { maxWrites: 2, windowMs: 100 })).toEqual([5, 6]);
  });
});
