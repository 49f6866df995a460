/** Identifiers shared by background and pages. */

export function newId(): string {
  return crypto.randomUUID();
}

/** Short, stable, non-cryptographic hash (FNV-1a 32-bit, hex) for turn keys and dedupe of text. */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
