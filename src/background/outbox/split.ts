/**
 * Splits text into parts of at most `maxBytes` UTF-8 bytes, preferring paragraph, then line, then word
 * boundaries, never cutting a surrogate pair. Used when a capture exceeds the API's 256 KB per memory.
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

export function splitText(text: string, maxBytes: number): string[] {
  if (maxBytes < 16) throw new Error('maxBytes too small');
  const parts: string[] = [];
  let start = 0;
  while (start < text.length) {
    const hard = endFitting(text, start, maxBytes);
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
    for (const boundary of ['\n\n', '\n', ' ']) {
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
