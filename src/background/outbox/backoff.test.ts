import { describe, expect, it } from 'vitest';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, BACKOFF_MIN_MS, backoffDelay } from './backoff';

const ALMOST_ONE = 1 - Number.EPSILON;

describe('backoffDelay', () => {
  it('stays within [floor, cap] for attempts 0..40 at both ends of the jitter', () => {
    for (let attempt = 0; attempt <= 40; attempt++) {
      for (const random of [0, 1e-9, 0.25, 0.5, 0.999, ALMOST_ONE]) {
        const delay = backoffDelay(attempt, () => random);
        expect(Number.isInteger(delay), `attempt ${attempt}, random ${random}`).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(BACKOFF_MIN_MS);
        expect(delay).toBeLessThanOrEqual(BACKOFF_CAP_MS);
        expect(delay).toBeLessThanOrEqual(Math.max(BACKOFF_MIN_MS, BACKOFF_BASE_MS * 2 ** attempt));
      }
      // random 0 → the floor, never 0 ms (a dead server is not hit in a tight loop)
      expect(backoffDelay(attempt, () => 0)).toBe(BACKOFF_MIN_MS);
    }
  });

  it('the upper bound doubles from BASE until it reaches the 5 min cap, then stays there', () => {
    const top = (attempt: number) => backoffDelay(attempt, () => ALMOST_ONE);
    expect(top(0)).toBe(BACKOFF_BASE_MS - 1);
    expect(top(1)).toBe(2 * BACKOFF_BASE_MS - 1);
    expect(top(3)).toBe(8 * BACKOFF_BASE_MS - 1);
    let previous = 0;
    for (let attempt = 0; attempt <= 40; attempt++) {
      const current = top(attempt);
      expect(current, `attempt ${attempt}`).toBeGreaterThanOrEqual(previous);
      previous = current;
    }
    // 2 s · 2^8 = 512 s > 300 s
    expect(top(8)).toBe(BACKOFF_CAP_MS - 1);
    expect(top(40)).toBe(BACKOFF_CAP_MS - 1);
    expect(top(1_000_000)).toBe(BACKOFF_CAP_MS - 1);
  });

  it('full jitter: the delay is the random fraction of the current bound', () => {
    expect(backoffDelay(2, () => 0.5)).toBe(4_000);
    expect(backoffDelay(20, () => 0.5)).toBe(BACKOFF_CAP_MS / 2);
  });

  it('a negative attempt counts as the first', () => {
    expect(backoffDelay(-3, () => ALMOST_ONE)).toBe(backoffDelay(0, () => ALMOST_ONE));
  });

  it('uses Math.random by default and stays in bounds', () => {
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelay(i % 12);
      expect(delay).toBeGreaterThanOrEqual(BACKOFF_MIN_MS);
      expect(delay).toBeLessThanOrEqual(BACKOFF_CAP_MS);
    }
  });
});
