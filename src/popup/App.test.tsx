// @vitest-environment happy-dom
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { send } from '../shared/ui-client';
import type { StatusView, UiMessage } from '../shared/messages';
import { openOptionsPage } from '../ui/chrome-api';
import { makeItem, makeSettings, makeStatus, makeTab } from '../ui/test-fixtures';
import { click, flush, mount, statusText, typeInto, unmountAll } from '../ui/test-dom';
import { screen, within } from '@testing-library/preact';
import { App, preloadRest } from './App';
import { tabIdFromSearch } from './tab-param';
import { clockTime } from '../ui/format';

vi.mock('../shared/ui-client', () => ({ send: vi.fn() }));
vi.mock('../ui/chrome-api', () => ({ openOptionsPage: vi.fn(), requestOriginAccess: vi.fn(), copyText: vi.fn() }));
const sendMock = vi.mocked(send);

type Handlers = Partial<Record<UiMessage['type'], (message: never) => unknown>>;

/** Answers each message type from `handlers`; anything else gets the default fixture. */
function serve(handlers: Handlers = {}) {
  const defaults: Handlers = {
    'ui:status': () => makeStatus(),
    'ui:active-tab': () => makeTab(),
    'ui:settings-get': () => makeSettings(),
    'ui:namespaces': () => ['default'],
  };
  sendMock.mockImplementation((async (message: UiMessage) => {
    const handler = handlers[message.type] ?? defaults[message.type];
    if (!handler) return { ok: false, error: { code: 'bad-message', message: `unexpected ${message.type}` } };
    return { ok: true, value: handler(message as never) };
  }) as never);
}

function sent(type: UiMessage['type']): unknown[] {
  return sendMock.mock.calls.map((c) => c[0]).filter((m) => m.type === type);
}

const HOUR = 3_600_000;

describe('popup App', () => {
  // As main.tsx does right after the first render: the components loaded after the first frame are there.
  beforeAll(() => preloadRest());
  beforeEach(() => {
    sendMock.mockReset();
    vi.mocked(openOptionsPage).mockReset();
  });
  afterEach(unmountAll);

  it('asks for the status first, then the active tab (named from ?tab=), so the status answers first', async () => {
    let releaseStatus!: () => void;
    const statusGate = new Promise<void>((r) => (releaseStatus = r));
    serve();
    const plain = sendMock.getMockImplementation()!;
    sendMock.mockImplementation((async (message: UiMessage) => {
      if (message.type === 'ui:status') await statusGate;
      return plain(message as never);
    }) as never);
    const root = await mount(<App tabId={42} />);
    // While the status has not answered, nothing else is asked and the popup says it is loading.
    expect(sent('ui:status')).toHaveLength(1);
    expect(sent('ui:active-tab')).toEqual([]);
    expect(root.textContent).toContain('Loading');
    releaseStatus();
    await flush();
    expect(screen.queryByRole('textbox', { name: 'Memory' })).not.toBeNull();
    expect(sent('ui:active-tab')).toEqual([{ type: 'ui:active-tab', tabId: 42 }]);
    expect(tabIdFromSearch('?tab=42')).toBe(42);
    expect(tabIdFromSearch('?tab=abc')).toBeUndefined();
    expect(tabIdFromSearch('')).toBeUndefined();
  });

  it('uses the status request started before the first render instead of sending another', async () => {
    serve();
    const early = sendMock({ type: 'ui:status' } as never) as never;
    sendMock.mockClear();
    await mount(<App initialStatus={early} />);
    await flush();
    expect(sent('ui:status')).toEqual([]);
    expect(screen.queryByRole('textbox', { name: 'Memory' })).not.toBeNull();
  });

  it('omits tabId when the popup has no ?tab=, and says how it is connected', async () => {
    serve();
    const root = await mount(<App />);
    expect(sent('ui:active-tab')).toEqual([{ type: 'ui:active-tab' }]);
    expect(root.querySelector('.connection-line')!.textContent).toBe('Local · Connected127.0.0.1:3122');
  });

  it('shows the quota meter with plan and an Upgrade link from a status with quota', async () => {
    serve({
      'ui:status': () =>
        makeStatus({
          quota: { used: 480, limit: 500, plan: 'free', upgradeUrl: 'https://www.mnueron.com/account-settings/plan' },
        }),
    });
    const root = await mount(<App />);
    const meter = screen.getByRole('progressbar', { name: 'Quota' });
    expect(meter.getAttribute('aria-valuenow')).toBe('480');
    expect(meter.getAttribute('aria-valuemax')).toBe('500');
    expect(root.textContent).toContain('480 / 500 memories');
    expect(root.textContent).toContain('free plan');
    const link = screen.getByRole<HTMLAnchorElement>('link', { name: 'Upgrade' });
    expect(link.getAttribute('href')).toBe('https://www.mnueron.com/account-settings/plan');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener');
  });

  it('shows no Upgrade link without an upgrade URL, and no meter without quota', async () => {
    serve({ 'ui:status': () => makeStatus({ quota: { used: 1, limit: 500, plan: 'free', upgradeUrl: null } }) });
    await mount(<App />);
    expect(screen.queryByRole('progressbar', { name: 'Quota' })).not.toBeNull();
    expect(screen.queryByRole('link', { name: 'Upgrade' })).toBeNull();
    unmountAll();
    serve();
    const plain = await mount(<App />);
    expect(within(plain).queryByRole('progressbar', { name: 'Quota' })).toBeNull();
  });

  it('explains a 402 pause with the quota meter and a retry', async () => {
    serve({
      'ui:status': () =>
        makeStatus({
          paused: { kind: 'quota', message: "You've used your 500 free memories.", since: Date.now(), retryAt: null },
          quota: { used: 500, limit: 500, plan: 'free', upgradeUrl: 'https://www.mnueron.com/account-settings/plan' },
          pending: 3,
        }),
      'ui:outbox-retry': () => makeStatus(),
    });
    const root = await mount(<App />);
    expect(root.textContent).toContain('Quota reached — sending is paused.');
    expect(root.textContent).toContain("You've used your 500 free memories.");
    expect(screen.queryByRole('progressbar', { name: 'Quota' })).not.toBeNull();
    await click(screen.getByRole('button', { name: 'Try again now' }));
    expect(sent('ui:outbox-retry')).toEqual([{ type: 'ui:outbox-retry' }]);
  });

  it('parked item actions send the right messages', async () => {
    const tooLarge = makeItem({
      id: 'big',
      preview: 'A very long page…',
      bytes: 400_000,
      state: 'parked',
      parked: { reason: 'too-large', status: 413, message: 'too big', maxBytes: 262_144, receivedBytes: 400_000 },
    });
    const rejected = makeItem({
      id: 'bad',
      preview: 'short note',
      bytes: 10,
      state: 'parked',
      parked: { reason: 'rejected', status: 400, message: 'namespace is invalid' },
    });
    serve({
      'ui:status': () => makeStatus({ items: [tooLarge, rejected] }),
      'ui:outbox-retry': () => makeStatus({ items: [tooLarge, rejected] }),
      'ui:outbox-split': () => makeStatus({ items: [rejected] }),
      'ui:outbox-discard': () => makeStatus({ items: [] }),
      'ui:outbox-edit': () => makeStatus({ items: [] }),
    });
    const root = await mount(<App />);
    const [bigItem, badItem] = [...root.querySelectorAll<HTMLElement>('li.outbox-item')];
    expect(bigItem!.textContent).toContain('Too large: 391 KB, the server takes at most 256 KB');
    expect(badItem!.textContent).toContain('The server refused it (HTTP 400): namespace is invalid');
    // Split is offered only for the too-large item.
    expect(within(badItem!).queryByRole('button', { name: 'Split' })).toBeNull();

    await click(within(bigItem!).getByRole('button', { name: 'Retry' }));
    expect(sent('ui:outbox-retry')).toEqual([{ type: 'ui:outbox-retry', id: 'big' }]);

    await click(within(bigItem!).getByRole('button', { name: 'Split' }));
    expect(sent('ui:outbox-split')).toEqual([{ type: 'ui:outbox-split', id: 'big' }]);

    const badNow = [...root.querySelectorAll<HTMLElement>('li.outbox-item')][0]!;
    await click(within(badNow).getByRole('button', { name: 'Edit' }));
    const editor = within(badNow).getByRole<HTMLTextAreaElement>('textbox', { name: 'Edited text' });
    expect(editor.value).toBe('short note');
    await typeInto(editor, 'short note, fixed');
    await click(within(badNow).getByRole('button', { name: 'Save and retry' }));
    expect(sent('ui:outbox-edit')).toEqual([{ type: 'ui:outbox-edit', id: 'bad', content: 'short note, fixed' }]);
    expect(root.textContent).toContain('Everything is sent.');
  });

  it('Discard sends outbox-discard for that item', async () => {
    const item = makeItem({
      id: 'x1',
      state: 'parked',
      parked: { reason: 'expired', message: 'gave up' },
      attempts: 9,
    });
    serve({ 'ui:status': () => makeStatus({ items: [item] }), 'ui:outbox-discard': () => makeStatus() });
    const root = await mount(<App />);
    expect(root.textContent).toContain('Not sent after 9 tries: gave up');
    await click(screen.getByRole('button', { name: 'Discard' }));
    expect(sent('ui:outbox-discard')).toEqual([{ type: 'ui:outbox-discard', id: 'x1' }]);
    expect(statusText(root, 'Action status')).toBe('Discarded.');
  });

  it('warns before editing an item longer than its preview', async () => {
    const item = makeItem({
      id: 'long',
      preview: 'p'.repeat(200),
      bytes: 5000,
      state: 'parked',
      parked: { reason: 'rejected', message: 'x' },
    });
    serve({ 'ui:status': () => makeStatus({ items: [item] }) });
    const root = await mount(<App />);
    await click(screen.getByRole('button', { name: 'Edit' }));
    expect(root.textContent).toContain('Only the first 200 characters are shown here');
  });

  it('explains each paused state with its fix', async () => {
    const now = Date.now();
    serve({
      'ui:status': () => makeStatus({ paused: { kind: 'auth', message: '401', since: now }, pending: 2 }),
    });
    let root = await mount(<App />);
    expect(root.textContent).toContain('Token rejected — reconnect in Settings.');
    await click(screen.getByRole('button', { name: 'Open settings' }));
    expect(openOptionsPage).toHaveBeenCalledOnce();
    unmountAll();

    const at = now + 2 * 60_000;
    const hhmm = clockTime(at);
    serve({ 'ui:status': () => makeStatus({ holdUntil: at, pending: 2 }) });
    root = await mount(<App />);
    expect(root.textContent).toMatch(new RegExp(`Rate-limited, resuming at (tomorrow )?${hhmm}`));
    unmountAll();

    serve({ 'ui:status': () => makeStatus({ retryAt: at, pending: 2, lastError: 'connect ECONNREFUSED' }) });
    root = await mount(<App />);
    expect(root.textContent).toMatch(new RegExp(`Server unreachable, retrying at (tomorrow )?${hhmm}`));
    expect(root.querySelector('.connection-line')!.textContent).toContain('Local · Retrying');
    expect(root.textContent).toContain('Last error: connect ECONNREFUSED');
  });

  it('shows pending count and next attempt time', async () => {
    serve({
      'ui:status': () =>
        makeStatus({
          pending: 3,
          items: [makeItem({ id: 'a' }), makeItem({ id: 'b' }), makeItem({ id: 'c' })],
          nextAttemptAt: Date.now() + HOUR,
        }),
    });
    const root = await mount(<App />);
    expect(root.textContent).toContain('3 memories waiting to send · next try at');
  });

  it("shows an item's own next try (an item a stopped worker left in flight waits for its lease)", async () => {
    const at = Date.now() + 60_000;
    serve({
      'ui:status': () =>
        makeStatus({ pending: 2, items: [makeItem({ id: 'a', nextAttemptAt: at }), makeItem({ id: 'b' })] }),
    });
    const root = await mount(<App />);
    const metas = [...root.querySelectorAll('.outbox-item .item-meta')].map((meta) => meta.textContent ?? '');
    expect(metas).toHaveLength(2);
    expect(metas[0]).toMatch(new RegExp(`next try (tomorrow )?${clockTime(at)}`));
    expect(metas[1]).not.toContain('next try');
  });

  it('shows the first-run screen, and "Use local mode" tests the connection then shows the main view', async () => {
    let tested = false;
    serve({
      'ui:status': () =>
        makeStatus({ connection: { ...makeStatus().connection, lastResult: tested ? 'connected' : null } }),
      'ui:connection-test': () => {
        tested = true;
        return { result: 'connected', detail: 'local mode' };
      },
    });
    const root = await mount(<App />);
    expect(root.textContent).toContain('Remember what matters');
    expect(screen.queryByRole('textbox', { name: 'Memory' })).toBeNull();
    await click(screen.getByRole('button', { name: 'Use local mode' }));
    // Already in local mode at the local URL: nothing to save, only the test.
    expect(sent('ui:connection-save')).toEqual([]);
    expect(sent('ui:connection-test')).toEqual([{ type: 'ui:connection-test' }]);
    expect(screen.queryByRole('textbox', { name: 'Memory' })).not.toBeNull();
  });

  it('first run: an unreachable local server says what to do, and stays on the welcome screen', async () => {
    serve({
      'ui:status': () => makeStatus({ connection: { ...makeStatus().connection, lastResult: null } }),
      'ui:connection-test': () => ({ result: 'unreachable', detail: 'ECONNREFUSED' }),
    });
    const root = await mount(<App />);
    await click(screen.getByRole('button', { name: 'Use local mode' }));
    expect(statusText(root, 'Connection status')).toContain("Can't reach 127.0.0.1:3122.");
    expect(statusText(root, 'Connection status')).toContain('npm start');
    expect(screen.queryByRole('textbox', { name: 'Memory' })).toBeNull();
    await click(screen.getByRole('button', { name: 'Open settings' }));
    expect(openOptionsPage).toHaveBeenCalledOnce();
  });

  it('on a chat site: the capture switch sends a settings update at once, and degraded health is explained', async () => {
    serve({
      'ui:active-tab': () => makeTab({ site: 'claude', url: 'https://claude.ai/chat/1', siteHealth: 'ok' }),
      'ui:status': () => makeStatus({ degradedSites: ['claude'] }),
      'ui:settings-update': (m: { patch: { capture: { sites: unknown } } }) =>
        makeSettings((s) => Object.assign(s.capture.sites, m.patch.capture.sites)),
      'ui:save-this-chat': () => ({ turns: 4, sent: 4, site: 'claude' }),
    });
    const root = await mount(<App tabId={5} />);
    expect(root.textContent).toContain(
      'Capture degraded on Claude: the page changed; saves from this site may be missed',
    );
    const toggle = screen.getByRole<HTMLInputElement>('checkbox', { name: 'Capture chats on Claude' });
    expect(toggle.checked).toBe(false);
    await click(toggle);
    const [update] = sent('ui:settings-update') as Array<{
      patch: { capture: { sites: Record<string, { enabled: boolean }> } };
    }>;
    expect(update!.patch.capture.sites.claude!.enabled).toBe(true);
    // Only this site is sent: the background keeps the others as stored (not as this popup last saw them).
    expect(Object.keys(update!.patch.capture.sites)).toEqual(['claude']);
    expect(toggle.checked).toBe(true);

    await click(screen.getByRole('button', { name: 'Save this chat' }));
    expect(sent('ui:save-this-chat')).toEqual([{ type: 'ui:save-this-chat', tabId: 5 }]);
    expect(statusText(root, 'Chat save status')).toBe('Saved 4 turns.');
  });

  it('says "Capture working" on a healthy chat site, and nothing about sites elsewhere', async () => {
    serve({ 'ui:active-tab': () => makeTab({ site: 'chatgpt', siteHealth: 'ok' }) });
    const root = await mount(<App />);
    expect(root.textContent).toContain('Capture working');
    unmountAll();
    serve();
    const other = await mount(<App />);
    expect(within(other).queryByRole('checkbox', { name: /Capture chats on/ })).toBeNull();
  });

  it('recent saves show namespace and tags, link to the source, and Undo sends recent-undo', async () => {
    const status: StatusView = makeStatus({
      recent: [
        {
          id: 'r1',
          memoryId: 'm1',
          preview: 'Prefers 2-space indentation',
          namespace: 'style',
          tags: ['js'],
          savedAt: Date.now() - 5 * 60_000,
          sourceUrl: 'https://example.com/post',
        },
        {
          id: 'r2',
          memoryId: 'm2',
          preview: 'evil',
          namespace: 'x',
          tags: [],
          savedAt: Date.now(),
          sourceUrl: 'javascript:alert(1)',
        },
      ],
    });
    serve({ 'ui:status': () => status, 'ui:recent-undo': () => makeStatus({ recent: status.recent.slice(1) }) });
    const root = await mount(<App />);
    const first = root.querySelector<HTMLElement>('li.recent-item')!;
    expect(first.textContent).toContain('5 min. ago');
    expect(first.textContent).toContain('style');
    expect(first.textContent).toContain('js');
    expect(within(first).getByRole<HTMLAnchorElement>('link', { name: 'Source' }).href).toBe(
      'https://example.com/post',
    );
    // A non-http source never becomes a link.
    expect(root.querySelectorAll('a.source-link')).toHaveLength(1);
    await click(within(first).getByRole('button', { name: 'Undo' }));
    expect(sent('ui:recent-undo')).toEqual([{ type: 'ui:recent-undo', id: 'r1' }]);
    expect(root.querySelectorAll('li.recent-item')).toHaveLength(1);
  });

  it('a status that cannot load says so in words and can be retried', async () => {
    sendMock.mockResolvedValue({
      ok: false,
      error: { code: 'unavailable', message: "The extension's background is not reachable: Error: x" },
    } as never);
    const root = await mount(<App />);
    expect(root.textContent).toContain("Mnueron couldn't load.");
    expect(root.textContent).toContain("The extension's background is not reachable");
    serve();
    await click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.queryByRole('textbox', { name: 'Memory' })).not.toBeNull();
  });
});
