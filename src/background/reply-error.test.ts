/** Errors as one family: every error meant for the user is a ReplyError; anything else is logged, then answered. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DiagnosticEntry } from '../shared/messages';
import { CaptureError } from './capture';
import { SaveChatError } from './chat-capture';
import { ConnectionError } from './connection';
import { InsertError } from './insert-into-chat';
import { PanelError } from './memories-panel';
import { ActionError } from './outbox/actions';
import { ReplyError, internalReply, replyForError } from './reply-error';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('ReplyError', () => {
  it('every error meant for the user is one, and answers its own code and message', async () => {
    const cases: Array<[ReplyError, string]> = [
      [new ReplyError('not-found', 'gone'), 'not-found'],
      [new ActionError('unavailable', 'busy'), 'unavailable'],
      [new PanelError('invalid', 'empty'), 'invalid'],
      [new CaptureError('too-large', 'big'), 'too-large'],
      [new ConnectionError('bad url'), 'invalid'],
      [new InsertError('not-found', 'no tab'), 'not-found'],
      [new SaveChatError('not a chat'), 'unavailable'],
    ];
    const log = vi.spyOn(console, 'error');
    for (const [err, code] of cases) {
      expect(err).toBeInstanceOf(ReplyError);
      expect(await replyForError('ui:status', err)).toEqual({ ok: false, error: { code, message: err.message } });
    }
    expect(log).not.toHaveBeenCalled();
  });

  it('is named after its class, so a log line says which one', () => {
    expect(new SaveChatError('x').name).toBe('SaveChatError');
    expect(new PanelError('invalid', 'x').name).toBe('PanelError');
  });
});

describe('internalReply', () => {
  it('writes the failure to Diagnostics, then says so', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const entries: DiagnosticEntry[] = [];
    const reply = await internalReply('ui:status', new RangeError('out of range'), async (entry) => {
      entries.push(entry);
    });
    expect(entries).toEqual([
      { at: expect.any(Number), kind: 'internal', outcome: 'ui:status', detail: 'RangeError: out of range' },
    ]);
    expect(reply).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Something went wrong inside the extension. Details are in Diagnostics.' },
    });
  });

  it('does not point to Diagnostics when the entry could not be written', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const reply = await internalReply('ui:status', 'a thrown string', async () => {
      throw new Error('IndexedDB is gone');
    });
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'internal',
        message: 'Something went wrong inside the extension, and it could not be recorded. Try again.',
      },
    });
    expect(reply.ok || reply.error.message).not.toContain('Diagnostics');
  });
});
