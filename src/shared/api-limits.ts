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

const encoder = new TextEncoder();
/** Characters encoded at a time: the scratch buffer holds their UTF-8 (at most 3 bytes per UTF-16 unit). */
const SLICE_CHARS = 16_384;
let scratch: Uint8Array | null = null;

/**
 * UTF-8 byte length, the unit of the 256 KB limit, as TextEncoder counts it (a lone surrogate is U+FFFD, 3 bytes),
 * without allocating the encoded copy (selections can be MBs): encoded natively a slice at a time into one small
 * buffer, never cutting a surrogate pair. A loop over the characters took milliseconds for a 16 KB capture in a
 * freshly woken worker, where it runs unoptimised.
 */
export function utf8Bytes(text: string): number {
  scratch ??= new Uint8Array(SLICE_CHARS * 3);
  let bytes = 0;
  for (let start = 0; start < text.length;) {
    let end = Math.min(text.length, start + SLICE_CHARS);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    bytes += encoder.encodeInto(text.slice(start, end), scratch).written;
    start = end;
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
