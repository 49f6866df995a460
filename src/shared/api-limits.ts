/**
 * The API's fixed numbers and addresses, with no dependency: the popup imports them at run time, and pulling in
 * api-schema.ts (zod) would triple its bundle. api-schema.ts re-exports them for everything else.
 */

/** Largest memory `content` the API accepts, in UTF-8 bytes (256 KB). */
export const MAX_CONTENT_BYTES = 256 * 1024;

/**
 * How long the extension waits for any API request before aborting it (20 s): under Chrome's 30 s kill of a service
 * worker that waits on a fetch. The outbox's lease and the "no answer within 20 s" message follow from it.
 */
export const API_TIMEOUT_MS = 20_000;

export const LOCAL_API_URL = 'http://127.0.0.1:3122/api';
export const CLOUD_API_URL = 'https://www.mnueron.com/api';

/** UTF-8 byte length, the unit of the 256 KB limit, without allocating the encoded copy (selections can be MBs). */
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

/** Longest server-written text (an error message, a plan name) kept or shown; the rest is cut with an ellipsis. */
export const MAX_SERVER_TEXT = 500;

/** `text` cut to `max` characters (never inside a surrogate pair), with "…" when it was longer. */
export function clipText(text: string, max = MAX_SERVER_TEXT): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}
