/**
 * Collects benchmark rows: plain figures and budgeted figures (PASS/FAIL/n/a), prints the table, and renders the
 * JSON and Markdown forms. A figure that could not be measured reliably is `null` with a reason: it prints "n/a"
 * and is never a PASS.
 */
import { budgetOf, limitOf, type BudgetId } from '../budgets';

export type Verdict = 'PASS' | 'FAIL' | 'n/a';

export type Row = {
  section: string;
  metric: string;
  /** Human-readable figure, e.g. "17.8 KB" or "n/a (reason)". */
  figure: string;
  /** The number the budget is checked against (its unit is in `unit`); null when not measured. */
  value: number | null;
  unit?: string;
  /** Budget text, e.g. "≤ 20 KB"; absent for informational rows. */
  budget?: string;
  /** The row of the budgets table it was checked against. */
  budgetId?: BudgetId;
  verdict?: Verdict;
  note?: string;
};

export class Report {
  readonly rows: Row[] = [];
  readonly notes: string[] = [];

  info(section: string, metric: string, figure: string, value: number | null = null, note?: string): void {
    this.rows.push({ section, metric, figure, value, ...(note ? { note } : {}) });
  }

  /**
   * A budgeted figure, checked against its row of the budgets table (bench/budgets.ts). `value` null → n/a with
   * `why`; it is in the unit the bench measures (bytes for KB budgets). The limit is inclusive.
   */
  budget(options: {
    id: BudgetId;
    section: string;
    metric: string;
    value: number | null;
    format: (v: number) => string;
    why?: string;
    note?: string;
  }): Verdict {
    const { id, section, metric, value, format, why, note } = options;
    const b = budgetOf(id);
    const limit = limitOf(b);
    const atMost = b.comparison === 'atMost';
    const budget = `${atMost ? '≤' : '≥'} ${format(limit)}`;
    let verdict: Verdict;
    let figure: string;
    if (value === null || !Number.isFinite(value)) {
      verdict = 'n/a';
      figure = `n/a (${why ?? 'not measured'})`;
    } else {
      verdict = (atMost ? value <= limit : value >= limit) ? 'PASS' : 'FAIL';
      figure = format(value);
    }
    this.rows.push({
      section,
      metric,
      figure,
      value: value !== null && Number.isFinite(value) ? value : null,
      unit: b.unit,
      budget,
      budgetId: id,
      verdict,
      ...(note ? { note } : {}),
    });
    return verdict;
  }

  note(text: string): void {
    this.notes.push(text);
  }

  failures(): Row[] {
    return this.rows.filter((r) => r.verdict === 'FAIL');
  }

  unmeasured(): Row[] {
    return this.rows.filter((r) => r.verdict === 'n/a');
  }

  /** A fixed-width console table, grouped by section. */
  table(): string {
    const out: string[] = [];
    const width = { metric: 58, figure: 30, budget: 14 };
    let section = '';
    for (const r of this.rows) {
      if (r.section !== section) {
        section = r.section;
        out.push('', `── ${section} ${'─'.repeat(Math.max(0, 110 - section.length))}`);
      }
      const verdict = r.verdict ? (r.verdict === 'PASS' ? 'PASS' : r.verdict === 'FAIL' ? 'FAIL ✗' : 'n/a') : '';
      const line = [
        pad(r.metric, width.metric),
        pad(r.figure, width.figure),
        pad(r.budget ?? '', width.budget),
        verdict,
      ].join('  ');
      out.push(line.trimEnd());
      if (r.note) out.push(`    ${r.note}`);
    }
    return out.join('\n');
  }

  /** Budget rows as a Markdown table (for README "Performance budgets"). */
  markdown(): string {
    const lines = ['| Budget | Measured | Result |', '| --- | --- | --- |'];
    for (const r of this.rows) {
      if (!r.budget) continue;
      lines.push(`| ${r.section}: ${r.metric} ${r.budget} | ${r.figure.replace(/\|/g, '\\|')} | ${r.verdict} |`);
    }
    return lines.join('\n');
  }
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}
