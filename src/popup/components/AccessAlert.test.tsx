// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../../shared/settings';
import { click, flush, mount, unmountAll } from '../../ui/test-dom';
import { screen } from '@testing-library/preact';
import { stubPermissions } from '../../ui/test-permissions';
import { AccessAlert } from './AccessAlert';

const FIREFOX = 'moz-extension://0b4f6c1e-1111-2222-3333-444455556666';
const SITES = [
  'https://chatgpt.com/*',
  'https://chat.openai.com/*',
  'https://claude.ai/*',
  'https://gemini.google.com/*',
  'https://www.perplexity.ai/*',
];
const API = 'http://127.0.0.1:3122';

function withCaptureOn(...sites: (keyof Settings['capture']['sites'])[]): Settings {
  const settings = structuredClone(defaultSettings());
  for (const site of sites) settings.capture.sites[site] = { ...settings.capture.sites[site], enabled: true };
  return settings;
}

const region = (root: HTMLElement) => root.querySelector('section[aria-label="Site access"]');

describe('AccessAlert', () => {
  afterEach(unmountAll);

  it('shows nothing when the browser granted everything (Chrome and Edge at install)', async () => {
    stubPermissions('chrome-extension://abcdefghijklmnop', ['http://127.0.0.1:3122/*', ...SITES]);
    const root = await mount(<AccessAlert apiUrl={API} settings={withCaptureOn('chatgpt')} firstRun />);
    expect(region(root)).toBeNull();
  });

  it('stays while a site with capture on is refused, says why, and asks for it from the click', async () => {
    const { permissions, set } = stubPermissions(FIREFOX, ['http://127.0.0.1/*', 'https://claude.ai/*']);
    const root = await mount(<AccessAlert apiUrl={API} settings={withCaptureOn('chatgpt', 'claude')} />);
    expect(region(root)?.textContent).toContain("Capture can't work on ChatGPT");
    expect(region(root)?.textContent).toContain('reads a chat site only where you turned capture on');
    // Gemini and Perplexity are refused too, but capture is off there: not asked for, not mentioned.
    expect(region(root)?.textContent).not.toContain('Gemini');

    await click(screen.getByRole('button', { name: 'Allow access' }));
    expect(permissions.request).toHaveBeenCalledWith({
      origins: ['https://chatgpt.com/*', 'https://chat.openai.com/*'],
    });
    expect(set.has('https://chatgpt.com/*')).toBe(true);
    await flush();
    expect(region(root)).toBeNull();
  });

  it('says saves cannot be sent while the API origin is refused', async () => {
    stubPermissions(FIREFOX, SITES);
    const root = await mount(<AccessAlert apiUrl={API} settings={null} />);
    expect(region(root)?.textContent).toContain("No access to 127.0.0.1:3122: saves can't be sent");
    expect(region(root)?.textContent).toContain('wait in the outbox');
  });

  it('keeps the alert and says how to allow it later when the user declines', async () => {
    const { permissions } = stubPermissions(FIREFOX, SITES);
    permissions.request.mockResolvedValueOnce(false);
    const root = await mount(<AccessAlert apiUrl={API} settings={null} />);
    await click(screen.getByRole('button', { name: 'Allow access' }));
    await flush();
    expect(region(root)?.querySelector('[role="status"]')?.textContent).toContain('Access not granted');
    expect(screen.queryByRole('button', { name: 'Allow access' })).not.toBeNull();
  });

  it('offers the chat sites on the first-run screen before any capture is on', async () => {
    const { permissions } = stubPermissions(FIREFOX, ['http://127.0.0.1/*']);
    const root = await mount(<AccessAlert apiUrl={API} settings={withCaptureOn()} firstRun />);
    expect(region(root)?.textContent).toContain('Allow access to the chat sites?');
    expect(region(root)?.textContent).toContain('ChatGPT, Claude, Gemini, and Perplexity');
    await click(screen.getByRole('button', { name: 'Allow access' }));
    expect(permissions.request).toHaveBeenCalledWith({ origins: SITES });
  });

  it('shows nothing on the main view for sites refused while their capture is off', async () => {
    stubPermissions(FIREFOX, ['http://127.0.0.1/*']);
    const root = await mount(<AccessAlert apiUrl={API} settings={withCaptureOn()} />);
    expect(region(root)).toBeNull();
  });

  it('updates when the user revokes access in the browser while the popup is open', async () => {
    const { listeners, set } = stubPermissions(FIREFOX, ['http://127.0.0.1/*', ...SITES]);
    const root = await mount(<AccessAlert apiUrl={API} settings={withCaptureOn('claude')} />);
    expect(region(root)).toBeNull();
    set.delete('https://claude.ai/*');
    for (const listener of listeners) listener();
    await flush();
    expect(region(root)?.textContent).toContain("Capture can't work on Claude");
  });
});
