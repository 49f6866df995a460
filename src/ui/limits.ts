/**
 * Limits and fixed URLs the pages need at run time. They mirror src/shared/api-schema.ts, which the popup must not
 * import at run time: it builds zod schemas at module load, and pulling zod would triple the popup's bundle.
 * limits.test.ts fails if the two ever disagree.
 */

/** Largest memory `content` the API accepts, in UTF-8 bytes (256 KB). */
export const MAX_CONTENT_BYTES = 256 * 1024;

export const LOCAL_API_URL = 'http://127.0.0.1:3122/api';
export const CLOUD_API_URL = 'https://www.mnueron.com/api';

/** UTF-8 byte length without allocating the encoded copy (a selection can be megabytes long). */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        // A surrogate pair is one code point: four bytes in UTF-8.
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** How many parts of at most MAX_CONTENT_BYTES a text of `bytes` needs (at least; line breaks may add one). */
export function partsNeeded(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / MAX_CONTENT_BYTES));
}
