/**
 * Wake-ups that outlive the service worker: a `chrome.alarms` alarm for every wait (it restarts a dead worker),
 * plus an in-memory timer for short waits, because alarms may be clamped to 30 s for packed extensions while a
 * 429 or pacing wait is often a second or two.
 */
import browser from '../browser';

export const WAKE_ALARM = 'outbox-wake';
/** Waits shorter than this also get an in-memory timer. */
const TIMER_LIMIT_MS = 5 * 60_000;

let timer: ReturnType<typeof setTimeout> | null = null;

export async function scheduleWake(at: number, now: number, wake: () => void): Promise<void> {
  if (timer) clearTimeout(timer);
  timer = null;
  const delay = Math.max(0, at - now);
  if (delay < TIMER_LIMIT_MS) {
    timer = setTimeout(() => {
      timer = null;
      wake();
    }, delay);
  }
  await browser.alarms.create(WAKE_ALARM, { when: Math.max(at, now + 1) });
}

export async function cancelWake(): Promise<void> {
  if (timer) clearTimeout(timer);
  timer = null;
  await browser.alarms.clear(WAKE_ALARM);
}
