/**
 * SERVER_FLAGS in options.ts is the one list of the server's flags: the parser reads exactly those, `--help` shows
 * each, and both READMEs carry the same table. When this fails, paste `flagTableMarkdown()` into the README named
 * and run Prettier on it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PARSE_ARGS_OPTIONS, SERVER_FLAGS, USAGE, flagSyntax, flagTableRows } from './options';

/** The cells of the Markdown table whose header starts with `| Flag`, separator row left out. */
function flagTableOf(file: string): string[][] {
  const lines = readFileSync(new URL(file, import.meta.url), 'utf8').split('\n');
  const header = lines.findIndex((line) => /^\|\s*Flag\s*\|/.test(line));
  expect(header, `${file} has no flag table`).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    );
  }
  return rows;
}

describe('the server flag table', () => {
  it.each(['../README.md', './README.md'])('%s lists exactly SERVER_FLAGS', (file) => {
    expect(flagTableOf(file)).toEqual(flagTableRows());
  });

  it('is what the parser reads (every flag once, a value where the table names one)', () => {
    const { help, ...parsed } = PARSE_ARGS_OPTIONS;
    expect(help.type).toBe('boolean');
    expect(Object.keys(parsed).sort()).toEqual(SERVER_FLAGS.map((flag) => flag.name).sort());
    for (const flag of SERVER_FLAGS) {
      const option = parsed[flag.name as keyof typeof parsed] as { type: string; multiple?: boolean };
      expect(option.type, flag.name).toBe(flag.value === undefined ? 'boolean' : 'string');
      expect(option.multiple ?? false, flag.name).toBe(flag.multiple ?? false);
    }
  });

  it('is what --help shows', () => {
    for (const flag of SERVER_FLAGS) {
      expect(USAGE).toMatch(new RegExp(`^  ${flagSyntax(flag).replace(/[<>]/g, '.')} +${flag.env} `, 'm'));
    }
  });
});
