/**
 * The pages' one way to the background, through the one fake browser as a page sees it (the global `chrome`):
 * a typed reply comes back; a background that is not there or does not answer becomes an `unavailable` reply.
 */
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from '../../test/fakes/browser';
import { send } from './ui-client';

describe('send', () => {
  it("reaches the extension's listener as a page (no tab) and returns its reply", async () => {
    const seen: Array<{ message: unknown; tab: unknown }> = [];
    fakeBrowser.runtime.onMessage.addListener(async (message, sender) => {
      seen.push({ message, tab: sender.tab });
      return { ok: true, value: { namespaces: ['work'] } };
    });
    expect(await send({ type: 'ui:namespaces' })).toEqual({ ok: true, value: { namespaces: ['work'] } });
    expect(seen).toEqual([{ message: { type: 'ui:namespaces' }, tab: undefined }]);
  });

  it('a background nobody answers for is an unavailable reply, never an exception', async () => {
    const reply = await send({ type: 'ui:namespaces' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(!reply.ok && reply.error.message).toContain('Receiving end does not exist');
  });

  it('a listener that gives no answer is an unavailable reply', async () => {
    fakeBrowser.runtime.onMessage.addListener(() => undefined);
    expect(await send({ type: 'ui:namespaces' })).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});
