import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { CHROME_EXTENSION_ID, EXTENSION_KEY } from './extension-id';

describe('pinned extension id', () => {
  it('is the id Chrome derives from the manifest key', () => {
    const hex = createHash('sha256').update(Buffer.from(EXTENSION_KEY, 'base64')).digest('hex').slice(0, 32);
    const id = [...hex].map((d) => String.fromCharCode(97 + parseInt(d, 16))).join('');
    expect(id).toBe(CHROME_EXTENSION_ID);
  });
});
