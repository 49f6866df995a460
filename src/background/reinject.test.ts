/** After install or update, chat tabs that were already open get the current chat content script. */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from '../../test/fakes/browser';
import { handleInstalled, reinjectChatScripts } from './reinject';

const CONTENT_SCRIPTS = [
  { js: ['src/content/chat/entries/chatgpt.js'], matches: ['https://chatgpt.com/*', 'https://chat.openai.com/*'] },
  { js: ['src/content/chat/entries/claude.js'], matches: ['https://claude.ai/*'] },
];

const TABS = [
  { id: 1, url: 'https://chatgpt.com/c/abc' },
  { id: 2, url: 'https://claude.ai/chat/def' },
  { id: 3, url: 'https://example.com/' },
  { id: 4, url: 'https://chat.openai.com/c/old', discarded: true },
  { id: 5, url: 'https://chat.openai.com/c/ghi' },
];

beforeEach(() => {
  fakeBrowser.__fake.setManifest({ content_scripts: CONTENT_SCRIPTS });
  fakeBrowser.__fake.setTabs(TABS);
});

const injections = () =>
  fakeBrowser.__fake.executed.map((d) => ({ tabId: (d.target as { tabId: number }).tabId, files: d.files }));

describe('reinjectChatScripts', () => {
  it("injects each site's built file into that site's open tabs only, skipping discarded tabs", async () => {
    await reinjectChatScripts();
    expect(injections()).toEqual(
      expect.arrayContaining([
        { tabId: 1, files: ['src/content/chat/entries/chatgpt.js'] },
        { tabId: 5, files: ['src/content/chat/entries/chatgpt.js'] },
        { tabId: 2, files: ['src/content/chat/entries/claude.js'] },
      ]),
    );
    expect(injections()).toHaveLength(3);
  });

  it('one tab that cannot be scripted does not stop the others', async () => {
    fakeBrowser.__fake.setExecuteScript(async (details) => {
      if ((details.target as { tabId: number }).tabId === 1) throw new Error('Frame with ID 0 was removed.');
      return [];
    });
    await expect(reinjectChatScripts()).resolves.toBe(2);
    expect(injections().map((i) => i.tabId)).toEqual(expect.arrayContaining([1, 2, 5]));
  });
});

describe('handleInstalled', () => {
  it('re-injects on update, and on install (opening the options page too)', async () => {
    await handleInstalled({ reason: 'update' });
    expect(injections()).toHaveLength(3);
    expect(fakeBrowser.__fake.openedOptions).toHaveLength(0);
    await handleInstalled({ reason: 'install' });
    expect(injections()).toHaveLength(6);
    expect(fakeBrowser.__fake.openedOptions).toHaveLength(1);
  });

  it('does nothing when only the browser updated', async () => {
    await handleInstalled({ reason: 'chrome_update' });
    expect(injections()).toHaveLength(0);
  });
});
