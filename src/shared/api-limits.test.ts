import { describe, expect, it } from 'vitest';
import { utf8Bytes } from './api-limits';

describe('utf8Bytes', () => {
  it('counts exactly what TextEncoder produces, for every kind of character', () => {
    for (const text of [
      '',
      'ascii',
      'é',
      '日本語',
      '🧠',
      'a🧠b',
      '\ud800 lone high',
      'lone low \udc00',
      '\u0000',
      'x'.repeat(1000),
      // Long texts are counted in slices of 16,384 units: a pair across a slice end is still four bytes, a lone
      // surrogate there still three.
      'a'.repeat(16_383) + '🧠' + 'b',
      'a'.repeat(16_383) + '\ud800' + 'b',
      'a'.repeat(16_384) + '\udc00',
      '日本語 🧠 é. '.repeat(9_000),
    ]) {
      expect(utf8Bytes(text), JSON.stringify(text)).toBe(new TextEncoder().encode(text).length);
    }
  });
});
