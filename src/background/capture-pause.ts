/** Global pause of automatic capture: for some minutes, until tomorrow 00:00 local, or resumed. */
import type { Settings } from '../shared/settings';
import { clock } from './clock';
import { updateSettings } from './settings-store';

export function pauseUntil(until: { minutes: number } | 'tomorrow' | null, now: number): number | null {
  if (until === null) return null;
  if (until === 'tomorrow') {
    const date = new Date(now);
    date.setHours(24, 0, 0, 0);
    return date.getTime();
  }
  return now + until.minutes * 60_000;
}

export async function pauseCapture(until: { minutes: number } | 'tomorrow' | null): Promise<Settings> {
  return updateSettings({ capture: { pausedUntil: pauseUntil(until, clock.now()) } });
}
