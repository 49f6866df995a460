import { describe, expect, it } from 'vitest';
import { makeItem } from '../../ui/test-fixtures';
import { parkedReasonText } from './OutboxItem';
import { installFakeI18n } from '../../../test/fakes/i18n';

describe('parkedReasonText', () => {
  it("does not repeat the background's own sentence", () => {
    const text = parkedReasonText(
      makeItem({
        state: 'parked',
        parked: { reason: 'rejected', status: 400, message: 'The server refused it (400): Namespace "x y" is invalid' },
      }),
    );
    expect(text).toBe('The server refused it (400): Namespace "x y" is invalid. Edit it and retry, or discard it.');
  });

  it('puts the status in front of a bare server reason', () => {
    const text = parkedReasonText(
      makeItem({ state: 'parked', parked: { reason: 'rejected', status: 403, message: 'not allowed in this org' } }),
    );
    expect(text).toBe('The server refused it (HTTP 403): not allowed in this org. Edit it and retry, or discard it.');
  });

  it('gives the sizes of a too-large item, rounded up so it never reads as fitting', () => {
    const text = parkedReasonText(
      makeItem({
        bytes: 262_145,
        state: 'parked',
        parked: { reason: 'too-large', status: 413, message: 'Too large', maxBytes: 262_144, receivedBytes: 262_145 },
      }),
    );
    expect(text).toBe('Too large: 257 KB, the server takes at most 256 KB. Split it into parts or shorten it.');
  });

  it('counts the tries with the plural form of the language', () => {
    const expired = (attempts: number) =>
      parkedReasonText(makeItem({ state: 'parked', attempts, parked: { reason: 'expired', status: 0, message: '' } }));
    expect(expired(1)).toBe('Not sent after 1 try. Retry it, or discard it.');
    expect(expired(8)).toBe('Not sent after 8 tries. Retry it, or discard it.');
    installFakeI18n('de');
    expect(expired(1)).toBe('Nach 1 Versuch nicht gesendet. Erneut versuchen oder verwerfen.');
    expect(expired(8)).toBe('Nach 8 Versuchen nicht gesendet. Erneut versuchen oder verwerfen.');
    installFakeI18n('ja');
    expect(expired(8)).toBe('8 回試しても送信できませんでした。再試行するか、破棄してください。');
  });

  it("keeps the background's sentence in any language, telling it apart by the status it names", () => {
    installFakeI18n('de');
    const text = parkedReasonText(
      makeItem({
        state: 'parked',
        parked: { reason: 'rejected', status: 400, message: 'Der Server hat ihn abgelehnt (400): Namespace ungültig' },
      }),
    );
    expect(text).toBe(
      'Der Server hat ihn abgelehnt (400): Namespace ungültig. Bearbeiten und erneut versuchen oder verwerfen.',
    );
  });

  it('recognises the sentence with full-width parentheses too (Japanese, Chinese)', () => {
    installFakeI18n('ja');
    const text = parkedReasonText(
      makeItem({
        state: 'parked',
        parked: { reason: 'rejected', status: 400, message: 'サーバーに拒否されました（400）：Namespace invalid' },
      }),
    );
    expect(text).toBe('サーバーに拒否されました（400）：Namespace invalid. 編集して再試行するか、破棄してください。');
  });
});
