import { beforeEach, describe, expect, it } from 'vitest';
import { resetDbForTests } from './db';
import { pauseUntil, setNeverCapture } from './capture-pause';
import { loadSettings, updateSettings } from './settings-store';

beforeEach(() => resetDbForTests());

describe('capture switches', () => {
  it('never-capture edits the stored list, keeping entries added elsewhere meanwhile', async () => {
    await setNeverCapture('claude:a', true);
    // Another page adds one while the popup is open.
    await updateSettings({ capture: { neverConversations: ['claude:a', 'chatgpt:b'] } });
    await setNeverCapture('gemini:c', true);
    expect((await loadSettings()).capture.neverConversations).toEqual(['claude:a', 'chatgpt:b', 'gemini:c']);
    await setNeverCapture('claude:a', false);
    await setNeverCapture('gemini:c', true); // twice: still once
    expect((await loadSettings()).capture.neverConversations).toEqual(['chatgpt:b', 'gemini:c']);
  });

  it('pauses for minutes, until local midnight, or not at all', () => {
    const now = new Date(2026, 10, 21, 15, 30).getTime();
    expect(pauseUntil({ minutes: 15 }, now)).toBe(now + 15 * 60_000);
    expect(pauseUntil('tomorrow', now)).toBe(new Date(2026, 10, 22, 0, 0).getTime());
    expect(pauseUntil(null, now)).toBeNull();
  });
});
