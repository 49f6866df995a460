// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { send } from '../shared/ui-client';
import type { LiveMessage, MemoriesPage, MemoryView, UiMessage } from '../shared/messages';
import { makeItem } from '../ui/test-fixtures';
import { click, flush, mount, statusText, typeInto, unmountAll } from '../ui/test-dom';
import { screen } from '@testing-library/preact';
import { App, opening } from './App';
import { render } from 'preact';

vi.mock('../shared/ui-client', () => ({ send: vi.fn() }));
const sendMock = vi.mocked(send);

const memory = (id: string, over: Partial<MemoryView> = {}): MemoryView => ({
  id,
  content: `text of ${id}`,
  truncated: false,
  namespace: 'work',
  tags: ['a'],
  sourceRef: 'https://example.com/page',
  createdAt: Date.now() - 3_600_000,
  updatedAt: Date.now(),
  ...over,
});

const page = (over: Partial<MemoriesPage> = {}): MemoriesPage => ({
  memories: [memory('m1')],
  nextOffset: null,
  outbox: [],
  pageUrl: null,
  error: null,
  ...over,
});

function serve(search: (m: Extract<UiMessage, { type: 'ui:memories-search' }>) => MemoriesPage = () => page()) {
  sendMock.mockImplementation((async (message: UiMessage) => {
    if (message.type === 'ui:memories-search') return { ok: true, value: search(message) };
    if (message.type === 'ui:memory-edit' || message.type === 'ui:memory-delete')
      return { ok: true, value: { outboxId: 'ob-1' } };
    if (message.type === 'ui:memory-restore') return { ok: true, value: { restored: 'cancelled' } };
    if (message.type === 'ui:insert-into-chat')
      return { ok: true, value: { inserted: message.texts.length, site: 'Claude' } };
    return { ok: false, error: { code: 'bad-message', message: 'unexpected' } };
  }) as never);
}

const sent = (type: UiMessage['type']) => sendMock.mock.calls.map((c) => c[0]).filter((m) => m.type === type);
const wait = async (ms: number) => {
  await new Promise((r) => setTimeout(r, ms));
  await flush();
};

describe('side panel App', () => {
  beforeEach(() => {
    sendMock.mockReset();
  });
  afterEach(unmountAll);

  it('sends its first search as it first renders, not after the browser has painted (opening budget 100 ms)', () => {
    serve();
    const container = document.createElement('div');
    document.body.append(container);
    // No act(): effects that wait for a painted frame have not run when render() returns.
    try {
      render(<App tabId={7} />, container);
      expect(sent('ui:memories-search')).toHaveLength(1);
    } finally {
      render(null, container);
      container.remove();
    }
  });

  it('opening: the "This page" search goes out with the question for a clicked suggestion, not after its answer', async () => {
    serve();
    let answer: (value: unknown) => void = () => {};
    const base = sendMock.getMockImplementation()!;
    sendMock.mockImplementation(((message: UiMessage) =>
      message.type === 'ui:suggest-pending' ? new Promise((r) => (answer = r)) : base(message)) as never);
    const started = opening(new URLSearchParams('tab=7'), 7);
    expect(sent('ui:memories-search')).toEqual([{ type: 'ui:memories-search', q: '', view: 'page', tabId: 7 }]);
    answer({ ok: true, value: null });
    const { initialQuery, firstSearch } = await started;
    expect(initialQuery).toBe('');
    // The panel takes that reply for its first load: no second search.
    const root = await mount(<App tabId={7} initialQuery={initialQuery} firstSearch={firstSearch} />);
    await wait(300);
    expect(sent('ui:memories-search')).toHaveLength(1);
    expect(root.textContent).toContain('text of m1');
  });

  it('opening: a clicked suggestion’s query, or ?q=, is searched instead (the early search is not used)', async () => {
    serve();
    const base = sendMock.getMockImplementation()!;
    sendMock.mockImplementation(((message: UiMessage) =>
      message.type === 'ui:suggest-pending' ? Promise.resolve({ ok: true, value: 'cats' }) : base(message)) as never);
    expect(await opening(new URLSearchParams(''), undefined)).toEqual({ initialQuery: 'cats' });
    sendMock.mockClear();
    expect(await opening(new URLSearchParams('q=dogs'), 3)).toEqual({ initialQuery: 'dogs' });
    expect(sendMock).not.toHaveBeenCalled();
  });

  it('starts on this page’s memories of the named tab and shows text, namespace, tags, source and age', async () => {
    serve();
    const root = await mount(<App tabId={7} />);
    await wait(300);
    expect(sent('ui:memories-search')[0]).toEqual({ type: 'ui:memories-search', q: '', view: 'page', tabId: 7 });
    // One search on opening, not a second from the fields' debounce.
    expect(sent('ui:memories-search')).toHaveLength(1);
    const text = root.textContent ?? '';
    expect(text).toContain('text of m1');
    expect(text).toContain('work');
    expect(text).toContain('#a');
    expect(text).toContain('https://example.com/page');
    expect(text).toMatch(/1 h|hour|60 min/);
  });

  it('says in words where a memory without a page address came from (popup quick save, chat turn)', async () => {
    serve(() =>
      page({
        memories: [
          memory('popup', { sourceRef: 'chrome-extension:popup' }),
          memory('chat', { sourceRef: 'claude:0f4c2a' }),
          memory('other', { sourceRef: 'notes:kept as it is' }),
        ],
      }),
    );
    const root = await mount(<App />);
    await wait(300);
    const text = root.textContent ?? '';
    expect(text).toContain('Saved from the toolbar popup');
    expect(text).toContain('From a Claude chat');
    expect(text).not.toContain('chrome-extension:popup');
    expect(text).not.toContain('claude:0f4c2a');
    expect(text).toContain('notes:kept as it is');
  });

  it('search is debounced: typing quickly sends one search with the last text, filters included', async () => {
    serve();
    await mount(<App />);
    await wait(300);
    sendMock.mockClear();
    const field = screen.getByRole('textbox', { name: 'Search memories' });
    await typeInto(field, 'ca');
    await typeInto(field, 'caf');
    await typeInto(screen.getByRole('textbox', { name: /Filter by namespace/ }), 'work');
    await typeInto(screen.getByRole('textbox', { name: /Filter by tags/ }), 'a, b');
    await wait(350);
    expect(sent('ui:memories-search')).toEqual([
      { type: 'ui:memories-search', q: 'caf', view: 'page', namespace: 'work', tags: ['a', 'b'] },
    ]);
  });

  it('views switch, and More asks for the next offset and appends', async () => {
    serve((m) => (m.offset ? page({ memories: [memory('m2')] }) : page({ nextOffset: 20 })));
    const root = await mount(<App />);
    await wait(300);
    await click(screen.getByRole('button', { name: 'Recent' }));
    expect(sent('ui:memories-search').at(-1)).toMatchObject({ view: 'recent' });
    await click(screen.getByRole('button', { name: 'More' }));
    expect(sent('ui:memories-search').at(-1)).toMatchObject({ offset: 20 });
    expect(root.textContent).toContain('text of m1');
    expect(root.textContent).toContain('text of m2');
    expect(screen.queryByRole('button', { name: 'More' })).toBeNull();
  });

  it('lists the outbox’s pending and parked items, marked as such', async () => {
    serve(() =>
      page({
        outbox: [
          makeItem({ id: 'o1', preview: 'queued edit', op: 'edit', state: 'pending' }),
          makeItem({ id: 'o2', preview: 'stuck save', state: 'parked' }),
        ],
      }),
    );
    const root = await mount(<App />);
    await wait(300);
    const text = root.textContent ?? '';
    expect(text).toContain('Waiting to be sent · change');
    expect(text).toContain('queued edit');
    expect(text).toContain('Needs you');
  });

  it('Insert into chat sends that memory for the named tab; selected ones go together, or are copied as a prompt', async () => {
    serve(() => page({ memories: [memory('m1'), memory('m2'), memory('m3')] }));
    const root = await mount(<App tabId={7} />);
    await wait(300);
    await click(screen.queryAllByRole('button', { name: 'Insert into chat' })[1]!);
    expect(sent('ui:insert-into-chat')).toEqual([{ type: 'ui:insert-into-chat', texts: ['text of m2'], tabId: 7 }]);
    expect(statusText(root)).toContain('Claude');
    expect(screen.queryByRole('button', { name: 'Insert selected into chat' })).toBeNull();

    const boxes = screen.queryAllByRole('checkbox', { name: 'Select' }) as HTMLInputElement[];
    await click(boxes[0]!);
    await click(boxes[2]!);
    await click(screen.getByRole('button', { name: 'Insert selected into chat' }));
    expect(sent('ui:insert-into-chat')[1]).toEqual({
      type: 'ui:insert-into-chat',
      texts: ['text of m1', 'text of m3'],
      tabId: 7,
    });

    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await click(screen.getByRole('button', { name: 'Copy as prompt' }));
    expect(writeText).toHaveBeenCalledWith(
      'From my Mnueron memories:\n- text of m1\n- text of m3\n(End of Mnueron memories)',
    );
    expect(statusText(root)).toContain('Copied as a prompt.');

    // The browser refuses the clipboard: the panel says so in its own words, not the browser's English error.
    const refused = vi.fn(async () => {
      throw new DOMException('Document is not focused.', 'NotAllowedError');
    });
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: refused }, configurable: true });
    await click(screen.getByRole('button', { name: 'Copy as prompt' }));
    expect(root.textContent).toContain('The browser did not allow copying.');
    expect(root.textContent).not.toContain('Document is not focused');
  });

  it('Edit shows Memory, Tags and Namespace; Save sends the change', async () => {
    serve();
    const root = await mount(<App />);
    await wait(300);
    await click(screen.getByRole('button', { name: 'Edit' }));
    await typeInto(screen.getByRole('textbox', { name: 'Memory' }), 'fixed text');
    await typeInto(screen.getByRole('textbox', { name: 'Tags' }), 'x, y');
    await typeInto(screen.getByRole('textbox', { name: 'Namespace' }), 'notes');
    await click(screen.getByRole('button', { name: 'Save' }));
    expect(sent('ui:memory-edit')).toEqual([
      { type: 'ui:memory-edit', id: 'm1', content: 'fixed text', tags: ['x', 'y'], namespace: 'notes' },
    ]);
    expect(root.textContent).toContain('fixed text');
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
  });

  it('Delete removes it from the list and offers Undo, which restores with the same fields', async () => {
    serve();
    const root = await mount(<App />);
    await wait(300);
    await click(screen.getByRole('button', { name: 'Delete' }));
    expect(sent('ui:memory-delete')).toEqual([
      {
        type: 'ui:memory-delete',
        id: 'm1',
        content: 'text of m1',
        namespace: 'work',
        tags: ['a'],
        sourceRef: 'https://example.com/page',
      },
    ]);
    expect(screen.queryAllByRole('button', { name: 'Edit' })).toHaveLength(0);
    expect(statusText(root)).toContain('Deleted');
    await click(screen.getByRole('button', { name: 'Undo' }));
    expect(sent('ui:memory-restore')).toEqual([
      {
        type: 'ui:memory-restore',
        outboxId: 'ob-1',
        content: 'text of m1',
        namespace: 'work',
        tags: ['a'],
        sourceRef: 'https://example.com/page',
      },
    ]);
  });

  it('a push from the background reloads the list', async () => {
    serve();
    let push!: (message: LiveMessage) => void;
    const subscribe = (onChange: (message: LiveMessage) => void) => {
      push = onChange;
      return () => undefined;
    };
    await mount(<App subscribe={subscribe} />);
    await wait(300);
    const before = sent('ui:memories-search').length;
    push({ type: 'bg:changed' });
    await flush();
    expect(sent('ui:memories-search').length).toBe(before + 1);
  });

  it.each([
    ['reloads "This page" when the panel is not pinned to a tab', undefined, 1],
    ['changes nothing when the panel is pinned to a tab (?tab=)', 7, 0],
  ] as const)('a tab switch %s', async (_name, tabId, reloads) => {
    serve();
    let push!: (message: LiveMessage) => void;
    const subscribe = (onChange: (message: LiveMessage) => void) => {
      push = onChange;
      return () => undefined;
    };
    await mount(<App tabId={tabId} subscribe={subscribe} />);
    await wait(300);
    const before = sent('ui:memories-search').length;
    push({ type: 'bg:tab' });
    await flush();
    expect(sent('ui:memories-search').length).toBe(before + reloads);
  });
});
