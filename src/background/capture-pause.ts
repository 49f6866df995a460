/** Capture switches changed from the popup: the global pause, and never-capture for one conversation. */
import type { Settings } from '../shared/settings';
import { clock } from './clock';
import { loadSettings, updateSettings } from './settings-store';

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

/** Adds or removes one `<site>:<conversation id>` on the never-capture list, from the stored settings. */
export async function setNeverCapture(conversation: string, never: boolean): Promise<Settings> {
  const current = (await loadSettings()).capture.neverConversations.filter((c) => c !== conversation);
  return updateSettings({ capture: { neverConversations: never ? [...current, conversation] : current } });
}
