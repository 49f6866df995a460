/**
 * One sender at a time. Web Locks (`navigator.locks`) where available — the service worker — so two wake-ups
 * (an alarm and a new capture) never run the send loop concurrently; a promise chain elsewhere (unit tests on
 * Node 20, which has no navigator.locks).
 */
const LOCK_NAME = 'mnueron-outbox-sender';

type LockManagerLike = {
  request(name: string, options: { ifAvailable: boolean }, cb: (lock: unknown) => Promise<void>): Promise<void>;
};

let held = false;

/** Runs `fn` if no sender is running; returns false when another one holds the lock. */
export async function tryWithSenderLock(fn: () => Promise<void>): Promise<boolean> {
  const locks = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks;
  if (locks) {
    let ran = false;
    await locks.request(LOCK_NAME, { ifAvailable: true }, async (lock) => {
      if (!lock) return;
      ran = true;
      await fn();
    });
    return ran;
  }
  if (held) return false;
  held = true;
  try {
    await fn();
  } finally {
    held = false;
  }
  return true;
}
