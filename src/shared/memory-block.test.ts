/** The memory block put into chat composers, and taking it out of captured messages again. */
import { describe, expect, it } from 'vitest';
import { MEMORY_BLOCK_END, MEMORY_BLOCK_HEAD, formatMemoryBlock, stripMemoryBlocks } from './memory-block';

describe('formatMemoryBlock', () => {
  it('frames the memories: head line, one "- " line each, end line', () => {
    expect(formatMemoryBlock(['I prefer TypeScript', 'My dog is called Rex'])).toBe(
      'From my Mnueron memories:\n- I prefer TypeScript\n- My dog is called Rex\n(End of Mnueron memories)',
    );
  });

  it('one line per memory: its line breaks become spaces; empty memories are left out', () => {
    expect(formatMemoryBlock(['  first\nsecond\n\n third ', '   ', 'x'])).toBe(
      `${MEMORY_BLOCK_HEAD}\n- first second third\n- x\n${MEMORY_BLOCK_END}`,
    );
    expect(formatMemoryBlock(['', ' \n'])).toBe('');
  });
});

describe('stripMemoryBlocks', () => {
  const block = formatMemoryBlock(['I prefer TypeScript', 'My dog is called Rex']);

  it('takes the block out and keeps the draft around it', () => {
    expect(stripMemoryBlocks(`${block}\n\nWhat should I name my cat?`)).toBe('What should I name my cat?');
    expect(stripMemoryBlocks(`What should I name my cat?\n${block}`)).toBe('What should I name my cat?');
    expect(stripMemoryBlocks(`Before ${block} after`)).toBe('Before\n\nafter');
  });

  it('a message that is only a block leaves nothing', () => {
    expect(stripMemoryBlocks(block)).toBe('');
    expect(stripMemoryBlocks(`\n  ${block}\n\n`)).toBe('');
  });

  it('tolerates what editors do: paragraphs, list items, NBSP, changed spacing', () => {
    const asParagraphs =
      'From my Mnueron memories:\n\n- I prefer TypeScript\n\n- My dog is called Rex\n\n(End of Mnueron memories)';
    const asList =
      'From my Mnueron memories:\n\n* I prefer TypeScript\n* My dog is called Rex\n\n(End of Mnueron memories)';
    const asNumbered =
      'From my Mnueron memories:\n1. I prefer TypeScript\n2. My dog\u00a0is called Rex\n(End of Mnueron memories)';
    const nbsp =
      'From\u00a0my\u00a0Mnueron memories:\u00a0\n-\u00a0I prefer TypeScript\n(End\u00a0of Mnueron\u00a0memories)';
    const reflowed =
      'From my   Mnueron\nmemories: - I prefer TypeScript - My dog is called Rex (End of Mnueron\nmemories)';
    const escaped = '**From my Mnueron memories:**\n- I prefer TypeScript\n\\(End of Mnueron memories\\)';
    for (const variant of [asParagraphs, asList, asNumbered, nbsp, reflowed, escaped]) {
      expect(stripMemoryBlocks(`Question one?\n\n${variant}\n\nQuestion two?`), variant).toBe(
        'Question one?\n\nQuestion two?',
      );
    }
  });

  it('several blocks all go, and only they', () => {
    expect(stripMemoryBlocks(`${block}\nA\n${formatMemoryBlock(['z'])}\nB`)).toBe('A\n\nB');
  });

  it('text without a whole block stays exactly as it was', () => {
    for (const text of [
      'Tell me about memories.',
      `${MEMORY_BLOCK_HEAD}\n- only a head, no end`,
      `only an end ${MEMORY_BLOCK_END}`,
      '  spaced  \n\n\ntext  ',
    ]) {
      expect(stripMemoryBlocks(text)).toBe(text);
    }
  });

  it('is case-insensitive about the fixed lines', () => {
    expect(stripMemoryBlocks('from my mnueron memories:\n- a\n(end of mnueron memories)\nQ')).toBe('Q');
  });
});
