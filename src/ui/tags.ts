/**
 * Tag rules as the settings schema states them (trimmed, 1–100 characters, no comma), without importing zod into
 * the popup. tags.test.ts checks these agree with `tagSchema` in src/shared/settings.ts.
 */
export const MAX_TAG_LENGTH = 100;

/** The tag a typed fragment becomes, or null when it is not a valid tag. */
export function cleanTag(raw: string): string | null {
  const tag = raw.trim();
  if (!tag || tag.length > MAX_TAG_LENGTH || tag.includes(',')) return null;
  return tag;
}

/** Adds tags from comma-separated text, skipping invalid ones and duplicates (case-insensitive). */
export function addTags(current: readonly string[], text: string): string[] {
  const next = [...current];
  const seen = new Set(current.map((t) => t.toLowerCase()));
  for (const part of text.split(',')) {
    const tag = cleanTag(part);
    if (tag && !seen.has(tag.toLowerCase())) {
      seen.add(tag.toLowerCase());
      next.push(tag);
    }
  }
  return next;
}
