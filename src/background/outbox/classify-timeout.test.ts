/**
 * The timeout message states the client's timeout, not a number of its own: with a different API_TIMEOUT_MS the
 * sentence changes with it (the 20 s is named once, in src/shared/api-limits.ts).
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../shared/api-limits', async (original) => ({
  ...(await original<typeof import('../../shared/api-limits')>()),
  API_TIMEOUT_MS: 7_000,
}));

const { classify } = await import('./classify');

describe('timeout message', () => {
  it('names the seconds of API_TIMEOUT_MS', () => {
    expect(classify({ kind: 'timeout' }, 0)).toEqual({
      action: 'retry',
      message: 'Server unreachable (no answer within 7 s), retrying',
    });
  });
});
