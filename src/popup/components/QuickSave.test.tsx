// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { send } from '../../shared/ui-client';
import type { SaveResult } from '../../shared/messages';
import { click, mount, pressKey, statusText, typeInto, unmountAll } from '../../ui/test-dom';
import { screen } from '@testing-library/preact';
import { QuickSave } from './QuickSave';
import { labelledParts } from '../../shared/split';

vi.mock('../../shared/ui-client', () => ({ send: vi.fn() }));
const sendMock = vi.mocked(send);

function replyWith(value: SaveResult) {
  sendMock.mockImplementation(async () => ({ ok: true, value }) as never);
}

const props = { defaultNamespace: 'default', namespaces: ['default', 'work'], tagSuggestions: ['style'] };

describe('QuickSave', () => {
  beforeEach(() => sendMock.mockReset());
  afterEach(unmountAll);

  it('prefills Memory with the selection and shows its size against 256 KB', async () => {
    const root = await mount(<QuickSave {...props} initialText={'x'.repeat(1229)} />);
    expect(screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Memory' }).value).toHaveLength(1229);
    expect(root.textContent).toContain('1.2 KB / 256 KB');
    await typeInto(screen.getByRole('textbox', { name: 'Memory' }), 'héllo');
    expect(root.textContent).toContain('6 B / 256 KB');
  });

  it('saves, clears Memory and says Saved', async () => {
    replyWith({ status: 'saved', ids: ['a'], redactedCount: 0 });
    const onSaved = vi.fn();
    const root = await mount(<QuickSave {...props} tabId={7} initialText="" onSaved={onSaved} />);
    await typeInto(screen.getByRole('textbox', { name: 'Memory' }), 'Prefers tabs');
    const tags = screen.getByRole('combobox', { name: 'Tags' });
    await typeInto(tags, 'style');
    await pressKey(tags, 'Enter');
    await typeInto(screen.getByRole('combobox', { name: 'Namespace' }), ' work ');
    await click(screen.getByRole('button', { name: 'Save' }));
    expect(sendMock).toHaveBeenCalledWith({
      type: 'ui:quick-save',
      content: 'Prefers tabs',
      namespace: 'work',
      tags: ['style'],
      tabId: 7,
    });
    expect(screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Memory' }).value).toBe('');
    expect(statusText(root, 'Save status')).toBe('Saved.');
    expect(onSaved).toHaveBeenCalledOnce();
  });

  it('omits namespace, tags and tabId when none are given', async () => {
    replyWith({ status: 'saved', ids: ['a'], redactedCount: 0 });
    await mount(<QuickSave {...props} initialText="note" />);
    await click(screen.getByRole('button', { name: 'Save' }));
    expect(sendMock).toHaveBeenCalledWith({ type: 'ui:quick-save', content: 'note' });
  });

  it('says Queued with the reason and how many secrets were redacted', async () => {
    replyWith({ status: 'queued', reason: 'the server is unreachable', ids: ['a'], redactedCount: 2 });
    const root = await mount(<QuickSave {...props} initialText="key sk-abc" />);
    await click(screen.getByRole('button', { name: 'Save' }));
    expect(statusText(root, 'Save status')).toBe('Queued — the server is unreachable. 2 secrets redacted.');
    expect(screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Memory' }).value).toBe('');
  });

  it('keeps the text and shows a plain error when the save fails', async () => {
    sendMock.mockResolvedValue({ ok: false, error: { code: 'internal', message: '[object Object]' } } as never);
    const root = await mount(<QuickSave {...props} initialText="keep me" />);
    await click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Memory' }).value).toBe('keep me');
    const text = statusText(root, 'Save status');
    expect(text).toMatch(/went wrong/);
    expect(text).not.toContain('[object');
  });

  it('over 256 KB: explains, blocks the plain Save and offers "Save as N parts" with split', async () => {
    const text = 'y'.repeat(256 * 1024 + 10);
    // the count offered is the count the background's split makes
    const n = labelledParts(text).length;
    expect(n).toBeGreaterThan(40);
    replyWith({
      status: 'queued',
      reason: 'sending',
      ids: Array.from({ length: n }, (_, i) => `p${i}`),
      redactedCount: 0,
    });
    const root = await mount(<QuickSave {...props} initialText={text} />);
    expect(root.textContent).toContain('257 KB / 256 KB');
    expect(root.textContent).toMatch(/more than the 256 KB one memory can hold/);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Save' }).disabled).toBe(true);
    await click(screen.getByRole('button', { name: `Save as ${n} parts` }));
    expect(sendMock).toHaveBeenCalledWith(expect.objectContaining({ type: 'ui:quick-save', split: true }));
    expect(statusText(root, 'Save status')).toContain(`Queued as ${n} parts — sending.`);
  });

  it('does not offer a split at exactly 256 KB', async () => {
    await mount(<QuickSave {...props} initialText={'y'.repeat(256 * 1024)} />);
    expect(screen.queryByRole('button', { name: /Save as \d+ parts/ })).toBeNull();
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Save' }).disabled).toBe(false);
  });

  it('Ctrl+Enter saves, including a tag still being typed', async () => {
    replyWith({ status: 'saved', ids: ['a'], redactedCount: 0 });
    await mount(<QuickSave {...props} initialText="fact" />);
    const tags = screen.getByRole('combobox', { name: 'Tags' });
    await typeInto(tags, 'late');
    await pressKey(tags, 'Enter', { ctrlKey: true });
    expect(sendMock).toHaveBeenCalledTimes(1);
    expect(sendMock).toHaveBeenCalledWith({ type: 'ui:quick-save', content: 'fact', tags: ['late'] });
  });

  it('Cmd+Enter in Memory saves too; empty text is refused without a message to the background', async () => {
    replyWith({ status: 'saved', ids: ['a'], redactedCount: 0 });
    const root = await mount(<QuickSave {...props} initialText="" />);
    const memory = screen.getByRole('textbox', { name: 'Memory' });
    await pressKey(memory, 'Enter', { metaKey: true });
    expect(sendMock).not.toHaveBeenCalled();
    expect(statusText(root, 'Save status')).toMatch(/Type or select something/);
    await typeInto(memory, 'fact');
    await pressKey(memory, 'Enter', { metaKey: true });
    expect(sendMock).toHaveBeenCalledOnce();
  });
});
