import { beforeEach, describe, expect, it } from 'vitest';
import { db, logDiagnostic, readDiagnostics, resetDbForTests } from './db';
import { clock } from './clock';
import { buildStatus } from './status';
import { addItems, recoverInflight } from './outbox/store';
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

describe('an item that may not be sent yet says when it will be', () => {
  it("a dead worker's in-flight item waits for its lease: its next try is the lease end, and gone once passed", async () => {
    const now = Date.UTC(2026, 0, 1, 12);
    const realNow = clock.now;
    let t = now;
    clock.now = () => t;
    try {
      await addItems([makeItem(now, { id: 'orphan', state: 'inflight', attempts: 1, leaseUntil: now + 20_000 })]);
      await addItems([makeItem(now, { id: 'fresh' })]);
      await recoverInflight();
      const before = await buildStatus();
      expect(before.items.find((i) => i.id === 'orphan')?.nextAttemptAt).toBe(now + 20_000);
      expect(before.items.find((i) => i.id === 'fresh')?.nextAttemptAt).toBeNull();
      t = now + 20_000;
      expect((await buildStatus()).items.find((i) => i.id === 'orphan')?.nextAttemptAt).toBeNull();
    } finally {
      clock.now = realNow;
    }
  });
});
