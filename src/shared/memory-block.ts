/**
 * The block "Insert into chat" puts into a chat composer: the chosen memories framed as reference context, so the
 * assistant (and the user) can tell them from the question. Chat capture strips such blocks again before saving the
 * user's message, so inserted memories never come back as new memories.
 */

export const MEMORY_BLOCK_HEAD = 'From my Mnueron memories:';
export const MEMORY_BLOCK_END = '(End of Mnueron memories)';

/** One memory as one "- " line: its own line breaks and runs of spaces become single spaces. */
function asLine(text: string): string {
  return text.replace(/[\s\u00a0\u200b]+/g, ' ').trim();
}

/** The memories as one block, first and last line fixed; empty memories are left out ('' when none is left). */
export function formatMemoryBlock(texts: string[]): string {
  const lines = texts.map(asLine).filter((line) => line.length > 0);
  if (lines.length === 0) return '';
  return [MEMORY_BLOCK_HEAD, ...lines.map((line) => `- ${line}`), MEMORY_BLOCK_END].join('\n');
}

/** Whitespace as editors leave it: spaces, NBSP, zero-width spaces, line and paragraph breaks. */
const WS = '[\\s\\u00a0\\u200b\\ufeff]';
/** The fixed words with any whitespace between them, optional Markdown emphasis and escapes around them. */
const words = (phrase: string) =>
  phrase
    .split(' ')
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, (c) => `\\\\?\\${c}`))
    .join(`${WS}+`);
const DECOR = '[*_\\\\]*';
const BLOCK = new RegExp(
  `${WS}*${DECOR}${words(MEMORY_BLOCK_HEAD)}${DECOR}[\\s\\S]*?${DECOR}${words(MEMORY_BLOCK_END)}${DECOR}${WS}*`,
  'gi',
);

/**
 * `text` without the memory blocks in it, however an editor reflowed them (changed whitespace and line breaks,
 * bullets turned into list items, NBSP). Text around a block stays as it was, joined by one blank line. A head
 * without its end line is not a block and stays.
 */
export function stripMemoryBlocks(text: string): string {
  return text.replace(BLOCK, (match: string, offset: number) => {
    const atStart = offset === 0;
    const atEnd = offset + match.length === text.length;
    return atStart || atEnd ? '' : '\n\n';
  });
}
