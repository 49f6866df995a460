/**
 * README's "Performance budgets" table is the one generated from the budgets table (bench/budgets.ts) and the last
 * recorded results (bench/last-results.json): `node --import tsx bench/readme-table.ts --write` after a change.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUDGETS } from '../../bench/budgets';
import { readLastResults, readmeRows, updatedResults } from '../../bench/lib/last-results';
import type { Row } from '../../bench/lib/report';
import { README_FILE, budgetsTable, generatedReadme } from '../../bench/readme-table';

describe('README budgets table', () => {
  it('is what bench/readme-table.ts generates', async () => {
    const readme = readFileSync(README_FILE, 'utf8');
    expect(readme).toBe(await generatedReadme(readme));
  });

  it('has a recorded figure and result for every README row (or says it is not measured yet), and no row that is not a budget', () => {
    const results = readLastResults();
    const keys = readmeRows().map((r) => r.row);
    for (const key of Object.keys(results.rows)) expect(keys, key).toContain(key);
    const table = budgetsTable(results);
    for (const { row, budgets } of readmeRows()) {
      const recorded = results.rows[row];
      // A budget added since the last full run has no figure yet; the table says so until `npm run bench` records it.
      if (!recorded) expect(table, row).toContain(' | not measured yet |  |');
      else expect(['PASS', 'FAIL', 'n/a'], row).toContain(recorded.result);
      expect(budgets.length, row).toBeGreaterThan(0);
    }
  });

  it('a README row with no recorded figure is written as not measured yet', () => {
    const results = readLastResults();
    const { typing: _, ...rest } = results.rows;
    expect(budgetsTable({ ...results, rows: rest })).toContain(
      '| Typing in the composer ≤ 10 ms added per keystroke at worst | not measured yet |  |',
    );
  });

  it('writes each budget from the table, so a changed budget changes the README', () => {
    const results = readLastResults();
    expect(budgetsTable(results)).toContain('| Popup rendered ≤ 50 ms median |');
    const changed = BUDGETS.map((b) => (b.id === 'popupInteractive' ? { ...b, budget: 40 } : b));
    expect(budgetsTable(results, changed)).toContain('| Popup rendered ≤ 40 ms median |');
    const tighter = BUDGETS.map((b) => (b.id === 'contentScriptGzip' ? { ...b, budget: 6_000 } : b));
    expect(budgetsTable(results, tighter)).toContain(
      '| Content script per chat site ≤ 19.5 KB minified, ≤ 5.9 KB gzip |',
    );
  });
});

describe('recorded results', () => {
  const row = (budgetId: Row['budgetId'], figure: string, verdict: Row['verdict']): Row => ({
    section: 's',
    metric: 'm',
    figure,
    value: 1,
    ...(budgetId ? { budgetId } : {}),
    ...(verdict ? { verdict } : {}),
  });

  it('replaces a README row only when all its budgets were checked in the run', () => {
    const previous = readLastResults();
    const next = updatedResults(
      previous,
      [
        row('loadScriptAdded', '1.2 ms', 'PASS'),
        row('loadScriptAdded', '3.0 ms', 'FAIL'),
        row('drainRate', '97.0 %', 'PASS'), // drain429 and drainDuplicates not checked
      ],
      '2027-01-01T00:00:00.000Z',
    );
    expect(next.rows.loadScript).toEqual({
      measured: '1.2 ms / 3.0 ms',
      result: 'FAIL',
      date: '2027-01-01T00:00:00.000Z',
    });
    expect(next.rows.drain).toEqual(previous.rows.drain);
    expect(next.rows.popup).toEqual(previous.rows.popup);
  });

  it('joins the budgets of one row with "; " and is n/a when one was not measured', () => {
    const next = updatedResults(
      { rows: {} },
      [row('drainRate', '96.1 %', 'PASS'), row('drain429', '0', 'PASS'), row('drainDuplicates', 'n/a (x)', 'n/a')],
      'd',
    );
    expect(next.rows.drain).toEqual({ measured: '96.1 %; 0; n/a (x)', result: 'n/a', date: 'd' });
  });
});
