import { describe, expect, it } from 'vitest';
import { makeItem } from '../../ui/test-fixtures';
import { parkedReasonText } from './OutboxItem';

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
});
