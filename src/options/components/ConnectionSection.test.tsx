// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { send } from '../../shared/ui-client';
import type { ConnectionInfo, ConnectionTestResult, UiMessage } from '../../shared/messages';
import { requestOriginAccess } from '../../ui/chrome-api';
import { click, flush, mount, statusText, typeInto, unmountAll } from '../../ui/test-dom';
import { screen } from '@testing-library/preact';
import { ConnectionSection } from './ConnectionSection';

vi.mock('../../shared/ui-client', () => ({ send: vi.fn() }));
vi.mock('../../ui/chrome-api', () => ({ openOptionsPage: vi.fn(), requestOriginAccess: vi.fn(), copyText: vi.fn() }));
const sendMock = vi.mocked(send);
const requestMock = vi.mocked(requestOriginAccess);

const local: ConnectionInfo = { mode: 'local', apiUrl: 'http://127.0.0.1:3122/api', hasToken: false, tokenHint: '' };
const cloudWithToken: ConnectionInfo = {
  mode: 'cloud',
  apiUrl: 'https://www.mnueron.com/api',
  hasToken: true,
  tokenHint: 'abcd',
};

/** Order of events across the permission prompt and messages, to prove the prompt comes first. */
let events: string[] = [];

function serve(test: ConnectionTestResult = { result: 'connected', detail: 'ana@example.com' }) {
  sendMock.mockImplementation((async (m: UiMessage) => {
    events.push(m.type);
    if (m.type === 'ui:connection-test') return { ok: true, value: test };
    if (m.type === 'ui:connection-save') {
      const hasToken = m.token === undefined ? cloudWithToken.hasToken : m.token !== null;
      return { ok: true, value: { mode: m.mode, apiUrl: m.apiUrl, hasToken, tokenHint: hasToken ? 'wxyz' : '' } };
    }
    return { ok: false, error: { code: 'bad-message', message: 'unexpected' } };
  }) as never);
}

function sentOf(type: UiMessage['type']) {
  return sendMock.mock.calls.map((c) => c[0]).filter((m) => m.type === type);
}

describe('ConnectionSection', () => {
  beforeEach(() => {
    events = [];
    sendMock.mockReset();
    requestMock.mockReset();
    requestMock.mockImplementation(async () => {
      events.push('permission');
      return true;
    });
  });
  afterEach(unmountAll);

  it('renders the three test results distinctly, each with the next step', async () => {
    const cases: Array<[ConnectionTestResult, RegExp, RegExp]> = [
      [
        { result: 'connected', detail: 'ana@example.com' },
        /^Connected to www\.mnueron\.com as ana@example\.com$/,
        /^$/,
      ],
      [
        { result: 'token-rejected', detail: 'www.mnueron.com rejected the token.' },
        /^The server rejected the token — paste a new one from Account → API tokens\.$/,
        /^$/,
      ],
      [{ result: 'unreachable', detail: 'ECONNREFUSED' }, /^Can't reach www\.mnueron\.com\./, /Check the URL/],
    ];
    const seen = new Set<string>();
    for (const [result, title, next] of cases) {
      serve(result);
      const root = await mount(<ConnectionSection info={cloudWithToken} onSaved={() => {}} />);
      await click(screen.getByRole('button', { name: 'Test connection' }));
      const region = root.querySelector('[aria-label="Connection test result"] .test-result')!;
      expect(region.getAttribute('data-result')).toBe(result.result);
      expect(region.querySelector('.notice-title')!.textContent).toMatch(title);
      expect(region.querySelector('.small')?.textContent ?? '').toMatch(next);
      seen.add(region.textContent ?? '');
      unmountAll();
    }
    expect(seen.size).toBe(3);
  });

  it("uses the background's own sentence when it already says Connected, and explains other errors", async () => {
    serve({ result: 'connected', detail: 'Connected to 127.0.0.1:3122 (local mode, no token needed).' });
    let root = await mount(<ConnectionSection info={local} onSaved={() => {}} />);
    await click(screen.getByRole('button', { name: 'Test connection' }));
    expect(statusText(root, 'Connection test result')).toBe(
      'Connected to 127.0.0.1:3122 (local mode, no token needed).',
    );
    unmountAll();
    serve({ result: 'error', detail: '127.0.0.1:3122 answered HTTP 500. Check the URL.' });
    root = await mount(<ConnectionSection info={local} onSaved={() => {}} />);
    await click(screen.getByRole('button', { name: 'Test connection' }));
    const text = statusText(root, 'Connection test result');
    expect(text).toContain('answered HTTP 500');
    expect(text).not.toContain('[object');
  });

  it('in local mode, an unreachable server points at `npm start`', async () => {
    serve({ result: 'unreachable', detail: 'ECONNREFUSED' });
    const root = await mount(<ConnectionSection info={local} onSaved={() => {}} />);
    await click(screen.getByRole('button', { name: 'Test connection' }));
    const text = statusText(root, 'Connection test result');
    expect(text).toContain("Can't reach 127.0.0.1:3122.");
    expect(text).toContain('Is the local server running? Start it with npm start');
    expect(root.querySelector('[aria-label="Connection test result"] code')?.textContent).toBe('npm start');
    expect(sentOf('ui:connection-test')).toEqual([
      { type: 'ui:connection-test', mode: 'local', apiUrl: 'http://127.0.0.1:3122/api' },
    ]);
  });

  it('refuses to save a plain-http, non-loopback URL with a token', async () => {
    serve();
    const root = await mount(<ConnectionSection info={local} onSaved={() => {}} />);
    await click(screen.getByRole('radio', { name: 'Self-hosted' }));
    await typeInto(screen.getByRole('textbox', { name: 'API URL' }), 'http://memories.example.com/api');
    await typeInto(screen.getByLabelText('API token'), 'mnu_secret');
    await click(screen.getByRole('button', { name: 'Save' }));
    expect(sendMock).not.toHaveBeenCalled();
    expect(requestMock).not.toHaveBeenCalled();
    expect(root.querySelector('#api-url-error')!.textContent).toMatch(/^HTTPS is required to send a token/);
    expect(screen.getByRole('textbox', { name: 'API URL' }).getAttribute('aria-invalid')).toBe('true');
    expect(statusText(root, 'Connection save status')).toMatch(/Not saved/);
  });

  it('allows plain http on loopback with a token, and https anywhere', async () => {
    serve();
    await mount(<ConnectionSection info={local} onSaved={() => {}} />);
    await click(screen.getByRole('radio', { name: 'Self-hosted' }));
    await typeInto(screen.getByRole('textbox', { name: 'API URL' }), 'http://localhost:8080/api/');
    await typeInto(screen.getByLabelText('API token'), 'mnu_secret');
    await click(screen.getByRole('button', { name: 'Save' }));
    expect(sentOf('ui:connection-save')).toEqual([
      { type: 'ui:connection-save', mode: 'self-hosted', apiUrl: 'http://localhost:8080/api', token: 'mnu_secret' },
    ]);
  });

  it('shows an inline error for an invalid URL and sends nothing', async () => {
    serve();
    const root = await mount(<ConnectionSection info={local} onSaved={() => {}} />);
    await click(screen.getByRole('radio', { name: 'Self-hosted' }));
    await typeInto(screen.getByRole('textbox', { name: 'API URL' }), 'memories example');
    await click(screen.getByRole('button', { name: 'Save' }));
    expect(root.querySelector('#api-url-error')!.textContent).toMatch(/Enter a full URL/);
    expect(sendMock).not.toHaveBeenCalled();
  });

  it('self-hosted Save asks Chrome for the origin before sending anything, then says Saved', async () => {
    serve();
    const onSaved = vi.fn();
    const root = await mount(<ConnectionSection info={local} onSaved={onSaved} />);
    await click(screen.getByRole('radio', { name: 'Self-hosted' }));
    await typeInto(screen.getByRole('textbox', { name: 'API URL' }), 'https://memories.example.com/api');
    await typeInto(screen.getByLabelText('API token'), 'mnu_new');
    // Chrome shows the prompt only during the user gesture: the request must happen inside the click itself,
    // not after a microtask, so this checks right after the synchronous dispatch, before anything settles.
    screen.getByRole('button', { name: 'Save' }).click();
    expect(requestMock).toHaveBeenCalledWith('https://memories.example.com');
    await flush();
    expect(events).toEqual(['permission', 'ui:connection-save', 'ui:connection-test']);
    expect(statusText(root, 'Connection save status')).toBe('Saved');
    expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ mode: 'self-hosted', hasToken: true }));
    // A save is followed by a test of what was stored (no draft), shown at once.
    expect(sentOf('ui:connection-test')).toEqual([{ type: 'ui:connection-test' }]);
    expect(statusText(root, 'Connection test result')).toBe('Connected to memories.example.com as ana@example.com');
  });

  it('a denied origin permission is explained and nothing is saved', async () => {
    serve();
    requestMock.mockResolvedValue(false);
    const root = await mount(<ConnectionSection info={local} onSaved={() => {}} />);
    await click(screen.getByRole('radio', { name: 'Self-hosted' }));
    await typeInto(screen.getByRole('textbox', { name: 'API URL' }), 'https://memories.example.com/api');
    await click(screen.getByRole('button', { name: 'Save' }));
    expect(sentOf('ui:connection-save')).toEqual([]);
    expect(statusText(root, 'Connection save status')).toMatch(
      /The browser didn't give Mnueron access to https:\/\/memories\.example\.com/,
    );
  });

  it('token field: omitted when untouched, null after "Remove token", never shown back', async () => {
    serve();
    const root = await mount(<ConnectionSection info={cloudWithToken} onSaved={() => {}} />);
    expect(root.textContent).toContain('Token saved (…abcd)');
    expect(screen.getByLabelText<HTMLInputElement>('API token').value).toBe('');
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'API URL' }).readOnly).toBe(true);
    await click(screen.getByRole('button', { name: 'Save' }));
    expect(sentOf('ui:connection-save')).toEqual([
      { type: 'ui:connection-save', mode: 'cloud', apiUrl: 'https://www.mnueron.com/api' },
    ]);
    // Cloud origins are in the manifest: no prompt.
    expect(requestMock).not.toHaveBeenCalled();
    sendMock.mockClear();
    await click(screen.getByRole('button', { name: 'Remove token' }));
    await click(screen.getByRole('button', { name: 'Save' }));
    expect(sentOf('ui:connection-save')).toEqual([
      { type: 'ui:connection-save', mode: 'cloud', apiUrl: 'https://www.mnueron.com/api', token: null },
    ]);
  });

  it('Show token / Hide token switches the input type; local mode hides the token field', async () => {
    serve();
    const root = await mount(<ConnectionSection info={cloudWithToken} onSaved={() => {}} />);
    const input = screen.getByLabelText<HTMLInputElement>('API token');
    expect(input.type).toBe('password');
    await click(screen.getByRole('button', { name: 'Show token' }));
    expect(input.type).toBe('text');
    await click(screen.getByRole('button', { name: 'Hide token' }));
    expect(input.type).toBe('password');
    await click(screen.getByRole('radio', { name: 'Local' }));
    expect(screen.queryByLabelText('API token')).toBeNull();
    expect(root.textContent).toContain('Local mode needs no token');
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'API URL' }).value).toBe('http://127.0.0.1:3122/api');
  });

  it('editing the draft clears results that were about the old one', async () => {
    serve();
    const root = await mount(<ConnectionSection info={local} onSaved={() => {}} />);
    await click(screen.getByRole('button', { name: 'Test connection' }));
    await click(screen.getByRole('button', { name: 'Save' }));
    expect(statusText(root, 'Connection test result')).toMatch(/^Connected/);
    expect(statusText(root, 'Connection save status')).toBe('Saved');
    await click(screen.getByRole('radio', { name: 'Self-hosted' }));
    await typeInto(screen.getByRole('textbox', { name: 'API URL' }), 'https://other.example.com/api');
    expect(statusText(root, 'Connection test result')).toBe('');
    expect(statusText(root, 'Connection save status')).toBe('');
  });

  it('switching modes prefills each URL and keeps a typed self-hosted one', async () => {
    serve();
    await mount(<ConnectionSection info={local} onSaved={() => {}} />);
    await click(screen.getByRole('radio', { name: 'Cloud' }));
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'API URL' }).value).toBe(
      'https://www.mnueron.com/api',
    );
    await click(screen.getByRole('radio', { name: 'Self-hosted' }));
    await typeInto(screen.getByRole('textbox', { name: 'API URL' }), 'https://m.example.org/api');
    await click(screen.getByRole('radio', { name: 'Cloud' }));
    await click(screen.getByRole('radio', { name: 'Self-hosted' }));
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'API URL' }).value).toBe('https://m.example.org/api');
  });
});
