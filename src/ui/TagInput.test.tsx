// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { useState } from 'preact/hooks';
import { TagInput } from './TagInput';
import { click, mount, pressKey, typeInto, unmountAll } from './test-dom';
import { screen } from '@testing-library/preact';

/** A parent that owns the tags, as the popup and the options page do; exposes every change for assertions. */
function Harness({ initial = [], log }: { initial?: string[]; log: string[][] }) {
  const [tags, setTags] = useState(initial);
  return (
    <TagInput
      label="Tags"
      tags={tags}
      suggestions={['work', 'style']}
      onChange={(next) => {
        log.push(next);
        setTags(next);
      }}
    />
  );
}

function chips(root: HTMLElement): string[] {
  return [...root.querySelectorAll('.chip-text')].map((c) => c.textContent ?? '');
}

describe('TagInput', () => {
  afterEach(unmountAll);

  it('adds the typed tag on Enter and clears the input', async () => {
    const log: string[][] = [];
    const root = await mount(<Harness log={log} />);
    const input = screen.getByRole<HTMLInputElement>('combobox', { name: 'Tags' });
    await typeInto(input, ' typescript ');
    const event = await pressKey(input, 'Enter');
    expect(chips(root)).toEqual(['typescript']);
    expect(input.value).toBe('');
    // Enter must not submit the surrounding form.
    expect(event.defaultPrevented).toBe(true);
  });

  it('adds on comma, and splits pasted comma-separated text', async () => {
    const log: string[][] = [];
    const root = await mount(<Harness log={log} />);
    const input = screen.getByRole<HTMLInputElement>('combobox', { name: 'Tags' });
    await typeInto(input, 'alpha');
    await pressKey(input, ',');
    expect(chips(root)).toEqual(['alpha']);
    await typeInto(input, 'beta, gamma,delta');
    expect(chips(root)).toEqual(['alpha', 'beta', 'gamma']);
    expect(input.value).toBe('delta');
  });

  it('ignores duplicates (case-insensitive) and empty input', async () => {
    const log: string[][] = [];
    const root = await mount(<Harness initial={['Work']} log={log} />);
    const input = screen.getByRole<HTMLInputElement>('combobox', { name: 'Tags' });
    await typeInto(input, 'work');
    await pressKey(input, 'Enter');
    await typeInto(input, '   ');
    await pressKey(input, 'Enter');
    expect(chips(root)).toEqual(['Work']);
    expect(log).toEqual([]);
  });

  it('removes the last tag on Backspace only when the input is empty', async () => {
    const log: string[][] = [];
    const root = await mount(<Harness initial={['a', 'b']} log={log} />);
    const input = screen.getByRole<HTMLInputElement>('combobox', { name: 'Tags' });
    await typeInto(input, 'x');
    await pressKey(input, 'Backspace');
    expect(chips(root)).toEqual(['a', 'b']);
    await typeInto(input, '');
    await pressKey(input, 'Backspace');
    expect(chips(root)).toEqual(['a']);
  });

  it('has a remove button per chip named "Remove tag X"', async () => {
    const log: string[][] = [];
    const root = await mount(<Harness initial={['one', 'two', 'three']} log={log} />);
    await click(screen.getByRole('button', { name: 'Remove tag two' }));
    expect(chips(root)).toEqual(['one', 'three']);
    expect(screen.queryByRole('button', { name: 'Remove tag two' })).toBeNull();
  });

  it('offers suggestions not already chosen', async () => {
    const root = await mount(<Harness initial={['work']} log={[]} />);
    const options = [...root.querySelectorAll('datalist option')].map((o) => o.getAttribute('value'));
    expect(options).toEqual(['style']);
  });
});
