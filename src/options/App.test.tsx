// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { send } from '../shared/ui-client';
import type { DiagnosticEntry, UiMessage } from '../shared/messages';
import { applySettingsPatch, type Settings, type SettingsPatch } from '../shared/settings';
import { copyText } from '../ui/chrome-api';
import { makeSettings } from '../ui/test-fixtures';
import { click, commit, mount, pressKey, statusText, typeInto, unmountAll } from '../ui/test-dom';
import { screen } from '@testing-library/preact';
import { App } from './App';
import { parseDenyHosts } from './components/PrivacySection';
import { clockTime } from '../ui/format';
import { installFakeI18n } from '../../test/fakes/i18n';

vi.mock('../shared/ui-client', () => ({ send: vi.fn() }));
vi.mock('../ui/chrome-api', () => ({ openOptionsPage: vi.fn(), requestOriginAccess: vi.fn(), copyText: vi.fn() }));
const sendMock = vi.mocked(send);

let settings: Settings;
let diagnostics: DiagnosticEntry[];

/** A background that keeps settings the way the real one does (one-level deep merge). */
function serve(overrides: Partial<Record<UiMessage['type'], (m: never) => unknown>> = {}) {
  sendMock.mockImplementation((async (m: UiMessage) => {
    const custom = overrides[m.type];
    if (custom) return { ok: true, value: custom(m as never) };
    switch (m.type) {
      case 'ui:settings-get':
        return { ok: true, value: settings };
      case 'ui:connection-get':
        return {
          ok: true,
          value: { mode: 'local', apiUrl: 'http://127.0.0.1:3122/api', hasToken: false, tokenHint: '' },
        };
      case 'ui:namespaces':
        return { ok: true, value: ['default', 'work'] };
      case 'ui:settings-update':
        settings = applySettingsPatch(settings, m.patch as SettingsPatch);
        return { ok: true, value: settings };
      case 'ui:diagnostics':
        return { ok: true, value: diagnostics };
      case 'ui:debug-info':
        return { ok: true, value: 'Mnueron 0.1.0 · local · 3 pending' };
      default:
        return { ok: false, error: { code: 'bad-message', message: `unexpected ${m.type}` } };
    }
  }) as never);
}

function updates(): SettingsPatch[] {
  return sendMock.mock.calls
    .map((c) => c[0])
    .filter((m): m is Extract<UiMessage, { type: 'ui:settings-update' }> => m.type === 'ui:settings-update')
    .map((m) => m.patch as SettingsPatch);
}

describe('options App', () => {
  beforeEach(() => {
    settings = makeSettings();
    diagnostics = [];
    sendMock.mockReset();
    vi.mocked(copyText).mockReset();
  });
  afterEach(unmountAll);

  it('speaks the browser language: German labels, German notices', async () => {
    installFakeI18n('de');
    serve();
    const root = await mount(<App />);
    const nav = root.querySelector('nav[aria-label="Abschnitte"]');
    expect([...(nav?.querySelectorAll('a') ?? [])].map((a) => a.textContent)).toEqual([
      'Verbindung',
      'Standardwerte',
      'Erfassung',
      'Datenschutz',
      'Diagnose',
    ]);
    await click(screen.getByRole('checkbox', { name: 'Chats auf ChatGPT erfassen' }));
    expect(statusText(root, 'Erfassungsstatus')).toBe('Gespeichert');
    expect(root.textContent).toContain('Verbindung testen');
  });

  it('a capture checkbox sends settings-update at once, with no Save button involved', async () => {
    serve();
    const root = await mount(<App />);
    const box = screen.getByRole<HTMLInputElement>('checkbox', { name: 'Capture chats on ChatGPT' });
    expect(box.checked).toBe(false);
    await click(box);
    const [patch] = updates();
    expect(patch?.capture?.sites?.chatgpt?.enabled).toBe(true);
    expect(Object.keys(patch?.capture?.sites ?? {})).toEqual(['chatgpt']); // the others stay as stored
    expect(box.checked).toBe(true);
    expect(settings.capture.sites.chatgpt.enabled).toBe(true);
    expect(statusText(root, 'Capture status')).toBe('Saved');
    for (const label of ['Capture chats on Claude', 'Capture chats on Gemini', 'Capture chats on Perplexity']) {
      expect(screen.getByRole('checkbox', { name: label })).toBeTruthy();
    }
  });

  it('a failed update puts the checkbox back and says why', async () => {
    serve();
    const root = await mount(<App />);
    sendMock.mockImplementationOnce((async () => ({
      ok: false,
      error: { code: 'unavailable', message: 'The extension did not answer. Try again.' },
    })) as never);
    const box = screen.getByRole<HTMLInputElement>('checkbox', { name: 'Capture chats on Gemini' });
    await click(box);
    expect(box.checked).toBe(false);
    expect(statusText(root, 'Capture status')).toBe('Not saved: The extension did not answer. Try again.');
  });

  it('per-site overrides send the namespace and tags for that site only', async () => {
    serve();
    await mount(<App />);
    const ns = screen.getByRole('combobox', { name: 'Namespace for Claude' });
    await typeInto(ns, 'claude-notes');
    await commit(ns);
    const tags = screen.getByRole('textbox', { name: 'Tags for Claude' });
    await typeInto(tags, 'ai');
    await pressKey(tags, 'Enter');
    expect(settings.capture.sites.claude).toEqual({ enabled: false, namespace: 'claude-notes', tags: ['ai'] });
    expect(settings.capture.sites.chatgpt).toEqual({ enabled: false });
  });

  it('what-to-capture radios and pause buttons send their messages', async () => {
    const pauses: unknown[] = [];
    serve({
      'ui:capture-pause': (m: { until: unknown }) => {
        pauses.push(m.until);
        settings = {
          ...settings,
          capture: { ...settings.capture, pausedUntil: m.until === null ? null : Date.now() + 15 * 60_000 },
        };
        return settings;
      },
    });
    const root = await mount(<App />);
    await click(screen.getByRole('radio', { name: 'My messages only' }));
    expect(updates()).toEqual([{ capture: { content: 'user' } }]);

    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Resume' }).disabled).toBe(true);
    await click(screen.getByRole('button', { name: 'Pause 15 min' }));
    const at = settings.capture.pausedUntil!;
    const hhmm = clockTime(at);
    expect(root.textContent).toMatch(new RegExp(`Capture paused until (tomorrow )?${hhmm}`));
    await click(screen.getByRole('button', { name: 'Pause 1 hour' }));
    await click(screen.getByRole('button', { name: 'Pause until tomorrow' }));
    await click(screen.getByRole('button', { name: 'Resume' }));
    expect(pauses).toEqual([{ minutes: 15 }, { minutes: 60 }, 'tomorrow', null]);
    expect(root.textContent).not.toContain('Capture paused until');
  });

  it('privacy switches default to redact on, skip temporary on, incognito off, and send updates', async () => {
    serve();
    await mount(<App />);
    const redact = screen.getByRole<HTMLInputElement>('checkbox', { name: 'Redact secrets before saving' });
    const skip = screen.getByRole<HTMLInputElement>('checkbox', { name: 'Skip temporary and incognito chats' });
    const incognito = screen.getByRole<HTMLInputElement>('checkbox', { name: 'Capture in incognito windows' });
    expect([redact.checked, skip.checked, incognito.checked]).toEqual([true, true, false]);
    await click(redact);
    await click(incognito);
    expect(updates()).toEqual([{ privacy: { redactSecrets: false } }, { capture: { allowIncognito: true } }]);
  });

  it('the deny list is saved as hosts, and bad lines are pointed at', async () => {
    serve();
    const root = await mount(<App />);
    const list = screen.getByRole('textbox', { name: 'Never capture on these sites' });
    await typeInto(list, 'chat.example.com\nhttps://Internal.Example.org/x\n\nnot a host');
    await click(screen.getByRole('button', { name: 'Save list' }));
    expect(updates()).toEqual([]);
    expect(root.textContent).toContain('Line 4 is not a host name');
    await typeInto(list, 'chat.example.com\nhttps://Internal.Example.org/x');
    await click(screen.getByRole('button', { name: 'Save list' }));
    expect(updates()).toEqual([{ capture: { denyHosts: ['chat.example.com', 'internal.example.org'] } }]);
    expect(parseDenyHosts('*.corp.example\nlocalhost')).toEqual({ hosts: ['corp.example', 'localhost'] });
  });

  it('never-capture conversations can be removed one by one', async () => {
    settings = makeSettings((s) => (s.capture.neverConversations = ['chatgpt:abc', 'claude:def']));
    serve();
    const root = await mount(<App />);
    await click(screen.getByRole('button', { name: 'Remove ChatGPT · abc' }));
    expect(updates()).toEqual([{ capture: { neverConversations: ['claude:def'] } }]);
    expect(root.textContent).not.toContain('ChatGPT · abc');
  });

  it('defaults: namespace and tags save through settings-update', async () => {
    serve();
    const root = await mount(<App />);
    const ns = screen.getByRole('combobox', { name: 'Default namespace' });
    await typeInto(ns, 'work');
    await commit(ns);
    const tags = screen.getByRole('textbox', { name: 'Default tags' });
    await typeInto(tags, 'web,');
    expect(updates()).toEqual([{ defaults: { namespace: 'work' } }, { defaults: { tags: ['web'] } }]);
    expect(statusText(root, 'Defaults status')).toBe('Saved');
  });

  it('diagnostics: a compact table, and Copy debug info puts it on the clipboard', async () => {
    diagnostics = [
      { at: Date.now(), kind: 'send', outcome: 'failed', status: 503, detail: 'Service Unavailable' },
      { at: Date.now() - 1000, kind: 'capture', outcome: 'queued', detail: 'chatgpt turn' },
    ];
    vi.mocked(copyText).mockResolvedValue(true);
    serve();
    const root = await mount(<App />);
    const rows = [...root.querySelectorAll('table.diagnostics tbody tr')].map((r) =>
      [...r.querySelectorAll('td')].slice(1).map((td) => td.textContent),
    );
    expect(rows).toEqual([
      ['send', 'failed', '503', 'Service Unavailable'],
      ['capture', 'queued', '—', 'chatgpt turn'],
    ]);
    await click(screen.getByRole('button', { name: 'Copy debug info' }));
    expect(copyText).toHaveBeenCalledWith('Mnueron 0.1.0 · local · 3 pending');
    expect(statusText(root, 'Debug info status')).toBe('Copied');
  });

  it('when the clipboard is refused, the debug info is shown to copy by hand', async () => {
    vi.mocked(copyText).mockResolvedValue(false);
    serve();
    await mount(<App />);
    await click(screen.getByRole('button', { name: 'Copy debug info' }));
    expect(screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Debug info' }).value).toBe(
      'Mnueron 0.1.0 · local · 3 pending',
    );
  });
});
