/** Helpers shared by the background's unit tests (not bundled: only test files import it). */
import type { OutboxItem } from './db';
import { vi } from 'vitest';
import { clock } from './clock';
import { tryWithSenderLock } from './outbox/lock';
import { cancelWake } from './outbox/scheduler';

/** Waits until the send loop has finished: the sender holds the lock while it works, so a free lock means done. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20_000; i++) {
    if (await tryWithSenderLock(async () => {})) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('the sender never finished');
}

let seq = 0;

/** A pending outbox item with a unique id and idempotency key; `createdAt` is `base` plus a running count. */
export function makeItem(base: number, over: Partial<OutboxItem> = {}, sourceRef = 'https://example.com/'): OutboxItem {
  const id = over.id ?? `item-${++seq}`;
  return {
    id,
    createdAt: base + seq,
    state: 'pending',
    attempts: 0,
    notBefore: 0,
    kind: 'selection',
    body: {
      content: `content of ${id}`,
      namespace: 'default',
      tags: [],
      source: 'chrome-extension',
      source_ref: sourceRef,
      metadata: { idempotency_key: `key-${id}` },
    },
    ...over,
  };
}

const realNow = clock.now;

/** The teardown of every test that runs the sender: let it finish, drop the alarm, undo the stubs and the clock. */
export async function afterSenderTest(): Promise<void> {
  await settle();
  await cancelWake();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  clock.now = realNow;
}
