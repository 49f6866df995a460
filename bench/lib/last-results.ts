/**
 * The last recorded results behind the README's "Performance budgets" table: bench/last-results.json, committed.
 * `npm run bench` updates the README rows whose budgets it measured (the others keep their last figures), and
 * `node --import tsx bench/readme-table.ts --write` renders the table from it and the budgets table.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BUDGETS, type Budget } from '../budgets';
import type { Row, Verdict } from './report';

export const LAST_RESULTS_FILE = resolve(import.meta.dirname, '..', 'last-results.json');

export type RecordedRow = {
  /** The "Measured" cell: the figures, and what a reader needs to weigh them. */
  measured: string;
  /** PASS, FAIL or n/a; empty when the figures were not all checked in one run. */
  result: Verdict | '';
  /** When these figures were measured (ISO date). */
  date: string;
};

export type LastResults = { rows: Record<string, RecordedRow> };

export function readLastResults(file = LAST_RESULTS_FILE): LastResults {
  return JSON.parse(readFileSync(file, 'utf8')) as LastResults;
}

/** The README rows of the budgets table, in order, each with its budgets. */
export function readmeRows(budgets: readonly Budget[] = BUDGETS): Array<{ row: string; budgets: Budget[] }> {
  const rows: Array<{ row: string; budgets: Budget[] }> = [];
  for (const b of budgets) {
    if (!b.readme) continue;
    const found = rows.find((r) => r.row === b.readme!.row);
    if (found) found.budgets.push(b);
    else rows.push({ row: b.readme.row, budgets: [b] });
  }
  return rows;
}

/**
 * The recorded rows after a run: a README row is replaced when every one of its budgets was checked in this run
 * (figures of one budget, e.g. ChatGPT and Claude, joined by " / "; budgets by "; ").
 */
export function updatedResults(previous: LastResults, reportRows: readonly Row[], date: string): LastResults {
  const rows = { ...previous.rows };
  for (const { row, budgets } of readmeRows()) {
    const checked = budgets.map((b) => reportRows.filter((r) => r.budgetId === b.id));
    if (checked.some((c) => c.length === 0)) continue;
    const all = checked.flat();
    const result: Verdict = all.some((r) => r.verdict === 'FAIL')
      ? 'FAIL'
      : all.some((r) => r.verdict === 'n/a')
        ? 'n/a'
        : 'PASS';
    rows[row] = { measured: checked.map((c) => c.map((r) => r.figure).join(' / ')).join('; '), result, date };
  }
  return { rows };
}

/** Writes bench/last-results.json from this run's rows; returns the README rows it updated. */
export function recordResults(reportRows: readonly Row[], date: string, file = LAST_RESULTS_FILE): string[] {
  const previous = readLastResults(file);
  const next = updatedResults(previous, reportRows, date);
  writeFileSync(file, `${JSON.stringify(next, null, 2)}\n`);
  return Object.keys(next.rows).filter((k) => next.rows[k] !== previous.rows[k]);
}
