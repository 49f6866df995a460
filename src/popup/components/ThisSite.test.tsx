// @vitest-environment happy-dom
/** "This site" in the popup: why capture is degraded here, and what "Save this chat" read on a degraded page. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { send } from '../../shared/ui-client';
import { HEALTH_CODES } from '../../shared/chat-sites';
import { installFakeI18n } from '../../../test/fakes/i18n';
import { click, flush, mount, statusText, unmountAll } from '../../ui/test-dom';
import { screen } from '@testing-library/preact';
import { ThisSite } from './ThisSite';

vi.mock('../../shared/ui-client', () => ({ send: vi.fn() }));
const sendMock = vi.mocked(send);

const site = (over: Partial<Parameters<typeof ThisSite>[0]> = {}) => (
  <ThisSite siteLabel="ChatGPT" enabled health="degraded" tabId={3} onToggle={() => {}} {...over} />
);
const healthText = (root: HTMLElement) => root.querySelector('.site-health')?.textContent ?? '';

describe('ThisSite', () => {
  beforeEach(() => sendMock.mockReset());
  afterEach(unmountAll);

  it.each([
    ['no-thread', 'chat thread'],
    ['no-roles', 'who wrote'],
    ['no-answers', 'answers'],
    ['no-signal', 'finished'],
  ] as const)('says why capture is degraded (%s)', async (reason, words) => {
    const root = await mount(site({ reason }));
    expect(healthText(root)).toContain('Capture degraded on ChatGPT');
    expect(healthText(root).toLowerCase()).toContain(words);
  });

  it('every reason has its own sentence, in every language', async () => {
    for (const lang of ['en', 'de', 'es', 'fr', 'ja', 'zh_CN']) {
      installFakeI18n(lang);
      const seen = new Set<string>();
      for (const reason of HEALTH_CODES) {
        const root = await mount(site({ reason }));
        const text = healthText(root);
        expect(text, `${lang} ${reason}`).not.toMatch(/degraded_|site_/);
        seen.add(text);
        unmountAll();
      }
      expect(seen.size, lang).toBe(HEALTH_CODES.length);
    }
  });

  it('without a known reason, says only that the page changed', async () => {
    const root = await mount(site());
    expect(healthText(root)).toContain('Capture degraded on ChatGPT');
    expect(healthText(root)).not.toMatch(/Why:/);
  });

  it('after a save by the generic reader, says how many turns it found and how many had no known author', async () => {
    sendMock.mockResolvedValue({
      ok: true,
      value: { turns: 2, sent: 2, site: 'ChatGPT', generic: { found: 5, unattributed: 2 } },
    } as never);
    const root = await mount(site({ reason: 'no-roles' }));
    await click(screen.getByRole('button', { name: 'Save this chat' }));
    await flush();
    const text = statusText(root, 'Chat save status');
    expect(text).toContain('Saved 2 turns.');
    expect(text).toContain('5');
    expect(text).toContain('2');
    expect(text).toMatch(/without|author|role/i);
  });
});
