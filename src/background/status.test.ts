import { beforeEach, describe, expect, it } from 'vitest';
import { db, logDiagnostic, readDiagnostics, resetDbForTests } from './db';
import { buildStatus } from './status';
import { makeItem } from './test-kit';

beforeEach(() => resetDbForTests());

describe('status and diagnostics views are bounded whatever was stored', () => {
  it('cuts stored server messages (an item saved by an older version, or a hostile reply)', async () => {
    const huge = 'm'.repeat(1_000_000);
    await (
      await db()
    ).put(
      'outbox',
      makeItem(Date.now(), {
        state: 'parked',
        parked: { reason: 'rejected', status: 400, message: huge },
        lastError: huge,
      }),
    );
    const status = await buildStatus();
    expect(status.items[0]!.parked!.message.length).toBeLessThanOrEqual(500);
    expect(status.items[0]!.lastError!.length).toBeLessThanOrEqual(500);
    expect(JSON.stringify(status).length).toBeLessThan(20_000);
  });

  it('cuts diagnostics details', async () => {
    await logDiagnostic({ at: 1, kind: 'send', outcome: 'rejected', detail: 'd'.repeat(100_000) });
    expect((await readDiagnostics())[0]!.detail.length).toBeLessThanOrEqual(500);
  });
});
