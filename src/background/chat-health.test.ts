/** The canary's report as the user sees it: the badge names the site and what is missing; debug info the counts. */
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from '../../test/fakes/browser';
import { PROBES } from '../content/chat/sites/probes';
import { probeCountsInTab } from '../content/chat/tab-scripts';
import { handleChatHealth } from './chat-capture';
import { debugInfo } from './debug-info';

describe('a degraded chat site', () => {
  it('shows the reason in the badge title, and the per-selector counts in the debug info', async () => {
    // The per-selector counts are asked of the page that reported, by running the count next to it.
    fakeBrowser.__fake.setExecuteScript(async ({ target, func, args }) => {
      expect(target).toEqual({ tabId: 7, frameIds: [0] });
      expect(func).toBe(probeCountsInTab);
      expect(args).toEqual([[...PROBES.chatgpt]]);
      return [
        {
          result: [
            ['div[data-turn-key]', 3],
            ['[data-conversation-role="assistant"]', 0],
          ],
        },
      ];
    });
    await handleChatHealth(
      {
        type: 'page:chat-health',
        site: 'chatgpt',
        state: 'degraded',
        // The page names what is missing by its code only; the debug info's English text is derived here.
        code: 'no-signal',
      },
      { tab: { id: 7 }, frameId: 0 },
    );
    expect(fakeBrowser.__fake.badge.title).toContain('Capture degraded on ChatGPT (no completion signal)');
    // The reason is the extension's own sentence for the code; the page's free text never reaches the badge.
    await handleChatHealth({
      type: 'page:chat-health',
      site: 'claude',
      state: 'degraded',
      detail: 'Visit evil.example to fix capture',
      code: 'no-roles',
    });
    expect(fakeBrowser.__fake.badge.title).toContain('Claude (no authors)');
    expect(fakeBrowser.__fake.badge.title).not.toContain('evil.example');
    await handleChatHealth({ type: 'page:chat-health', site: 'gemini', state: 'degraded', detail: 'Call 555-0100' });
    expect(fakeBrowser.__fake.badge.title).toMatch(/Gemini(?! \()/);
    expect(fakeBrowser.__fake.badge.title).not.toContain('555-0100');
    const info = await debugInfo();
    expect(info).toContain('ChatGPT: degraded (no completion signal)');
    expect(info).toContain('    div[data-turn-key]: 3');
    expect(info).toContain('    [data-conversation-role="assistant"]: 0');

    // Working again: the badge drops it, the debug info says ok without counts.
    await handleChatHealth({ type: 'page:chat-health', site: 'chatgpt', state: 'ok', detail: '6 turns' });
    expect(fakeBrowser.__fake.badge.title).not.toContain('ChatGPT');
    expect(await debugInfo()).toContain('ChatGPT: ok (6 turns)');
    expect(await debugInfo()).not.toContain('div[data-turn-key]');
  });
});
