/**
 * Splits text into parts that fit: `splitText` by UTF-8 bytes (the API's 256 KB per memory), `splitReadable` by
 * characters (a server that chunks long content itself keeps a part within its threshold whole). Both prefer
 * paragraph, then line, then (readable) sentence, then word boundaries, and never cut a surrogate pair.
 * Linear in the text length: each part is scanned once (a 10 MB selection splits in well under a second).
 */

/** End index (UTF-16 units) of the longest run from `start` whose UTF-8 size is ≤ maxBytes. */
function endFitting(text: string, start: number, maxBytes: number): number {
  let bytes = 0;
  let i = start;
  while (i < text.length) {
    const code = text.codePointAt(i)!;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (bytes + size > maxBytes) break;
    bytes += size;
    i += code > 0xffff ? 2 : 1;
  }
  return i;
}

/** Sentence ends: the latest one in the window wins (they are all the same rank). */
const SENTENCE_ENDS = ['. ', '? ', '! ', '.) ', '." ', '.” ', '。', '！', '？'];

function lastSentenceEnd(tail: string): number {
  let best = -1;
  for (const mark of SENTENCE_ENDS) {
    const at = tail.lastIndexOf(mark);
    if (at >= 0 && at + mark.length > best) best = at + mark.length;
  }
  return best;
}

export function splitText(text: string, maxBytes: number): string[] {
  if (maxBytes < 16) throw new Error('maxBytes too small');
  return splitWith(text, (start) => endFitting(text, start, maxBytes), false);
}

/** Parts of at most `maxChars` UTF-16 units, cut at paragraph, line or sentence ends where there is one. */
export function splitReadable(text: string, maxChars: number): string[] {
  if (maxChars < 16) throw new Error('maxChars too small');
  return splitWith(
    text,
    (start) => {
      const end = Math.min(text.length, start + maxChars);
      // Not between the halves of a surrogate pair.
      const code = text.charCodeAt(end - 1);
      return end < text.length && code >= 0xd800 && code <= 0xdbff ? end - 1 : end;
    },
    true,
  );
}

function splitWith(text: string, fit: (start: number) => number, sentences: boolean): string[] {
  const parts: string[] = [];
  let start = 0;
  while (start < text.length) {
    const hard = fit(start);
    if (hard >= text.length) {
      parts.push(text.slice(start));
      break;
    }
    // Prefer a boundary in the second half of the window, so parts stay reasonably full.
    const floor = start + Math.floor((hard - start) / 2);
    // Search only the window's second half (a slice): lastIndexOf on the whole text would walk back to its
    // start whenever a boundary is missing, making the split quadratic.
    const tail = text.slice(floor, hard);
    let cut = -1;
    for (const boundary of ['\n\n', '\n', 'sentence', ' ']) {
      if (boundary === 'sentence') {
        const end = sentences ? lastSentenceEnd(tail) : -1;
        if (end > 0) {
          cut = floor + end;
          break;
        }
        continue;
      }
      const at = tail.lastIndexOf(boundary);
      if (at >= 0) {
        cut = floor + at + boundary.length;
        break;
      }
    }
    if (cut <= start) cut = hard;
    parts.push(text.slice(start, cut));
    start = cut;
  }
  return parts;
}

/**
 * Longest memory sent in one piece, in characters. A server may split longer content itself into overlapping
 * chunks that start and end mid-sentence (the Mnueron local server does above 6,000), so the extension splits
 * first, where a reader would.
 */
export const MAX_PART_CHARS = 6_000;
/** Room left in a part for its "(part i of n)" label and for markers a server's own redaction may add. */
const PART_TEXT_CHARS = MAX_PART_CHARS - 200;

/** The contents to send for `text`: itself when it fits, else readable parts labelled "(part i of n)". */
export function labelledParts(text: string): string[] {
  if (text.length <= MAX_PART_CHARS) return [text];
  const parts = splitReadable(text, PART_TEXT_CHARS)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.length < 2) return parts.length === 1 ? parts : [text];
  return parts.map((part, index) => `(part ${index + 1} of ${parts.length})\n\n${part}`);
}
