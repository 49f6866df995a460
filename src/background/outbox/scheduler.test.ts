import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '../../../test/fakes/browser';
import { WAKE_ALARM, cancelWake, scheduleWake } from './scheduler';

const NOW = 1_700_000_000_000;
const alarm = () => fakeBrowser.__fake.alarms.get(WAKE_ALARM);
const asked = () => fakeBrowser.__fake.alarmsAsked.get(WAKE_ALARM);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  fakeBrowser.__fake.setNow(() => NOW);
});

afterEach(async () => {
  await cancelWake();
  vi.useRealTimers();
});

describe('scheduleWake', () => {
  it('a short wait gets an alarm (which Chrome fires no sooner than 30 s) and an in-memory timer', async () => {
    const wake = vi.fn();
    await scheduleWake(NOW + 2_000, NOW, wake);
    expect(asked()?.when).toBe(NOW + 2_000);
    expect(alarm()?.scheduledTime).toBe(NOW + 30_000);
    vi.advanceTimersByTime(1_999);
    expect(wake).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(wake).toHaveBeenCalledTimes(1);
  });

  it('a long wait relies on the alarm alone (it restarts a dead worker)', async () => {
    const wake = vi.fn();
    await scheduleWake(NOW + 60 * 60_000, NOW, wake);
    expect(asked()?.when).toBe(NOW + 60 * 60_000);
    expect(alarm()?.scheduledTime).toBe(NOW + 60 * 60_000);
    vi.advanceTimersByTime(60 * 60_000);
    expect(wake).not.toHaveBeenCalled();
  });

  it('a new schedule replaces the previous one; a time in the past still wakes (alarm at least 1 ms ahead)', async () => {
    const first = vi.fn();
    const second = vi.fn();
    await scheduleWake(NOW + 1_000, NOW, first);
    await scheduleWake(NOW - 5_000, NOW, second);
    expect(asked()?.when).toBe(NOW + 1);
    vi.advanceTimersByTime(5_000);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
    expect(fakeBrowser.__fake.alarms.size).toBe(1);
  });

  it('cancelWake clears both', async () => {
    const wake = vi.fn();
    await scheduleWake(NOW + 1_000, NOW, wake);
    await cancelWake();
    expect(alarm()).toBeUndefined();
    expect(asked()).toBeUndefined();
    vi.advanceTimersByTime(10_000);
    expect(wake).not.toHaveBeenCalled();
  });
});
