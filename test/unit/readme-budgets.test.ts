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

  it('has a recorded figure and result for every README row, and no row that is not a budget', () => {
    const { rows } = readLastResults();
    const keys = readmeRows().map((r) => r.row);
    expect(Object.keys(rows).sort()).toEqual([...keys].sort());
    for (const key of keys) expect(['PASS', 'FAIL', 'n/a'], key).toContain(rows[key]!.result);
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
