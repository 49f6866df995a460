/** Suggestions while typing: added per keystroke, searches per keystroke, the script's work when off (bench/suggestions.ts). */
import type { Report } from '../lib/report';
import { max, median, ms, percentile } from '../lib/stats';
import { BURSTS, BURST_KEYS, KEY_GAP_MS, PAUSE_MS, SUGGEST_KEYS, TRACE_KEYS, type TypingRun } from '../suggestions';
import type { Results } from '../results';

export function reportSuggestions(report: Report, r: Results): void {
  const s = r.suggestions;
  if (!s) return;
  const S = `Suggestions while typing (ChatGPT fixture, real ProseMirror composer, ${SUGGEST_KEYS} keys per run in ${BURSTS} bursts of ${BURST_KEYS})`;
  const of = (condition: TypingRun['condition']) => s.runs.filter((run) => run.condition === condition);
  const keys = (condition: TypingRun['condition']) => of(condition).flatMap((run) => run.keyMs);
  const on = keys('on');
  const off = keys('off');
  const none = keys('none');
  const p95 = (values: number[]) => percentile(values, 95);
  report.budget({
    id: 'suggestKeystrokeAdded',
    section: S,
    metric: `Suggestions on: added per keystroke vs off, p95 of ${on.length} / ${off.length}`,
    value: on.length && off.length ? p95(on) - p95(off) : null,
    why: 'no keystroke latency recorded',
    format: (v) => ms(v),
    note: `keydown → keyup handled: p95 on ${ms(p95(on))}, off ${ms(p95(off))}${none.length ? `, no extension ${ms(p95(none))}` : ''}; median ${ms(median(on))} / ${ms(median(off))}${none.length ? ` / ${ms(median(none))}` : ''}; max ${ms(max(on))} / ${ms(max(off))}`,
  });
  const onRuns = of('on');
  const typedOn = onRuns.reduce((n, run) => n + run.keys, 0);
  const during = onRuns.reduce((n, run) => n + run.searchesDuringBursts, 0);
  const searches = onRuns.reduce((n, run) => n + run.searches, 0);
  report.budget({
    id: 'suggestSearchesPerKey',
    section: S,
    metric: 'Suggestions on: server searches that arrived while a burst was typed, per keystroke',
    value: typedOn ? during / typedOn : null,
    why: 'no typing run with suggestions on',
    format: (v) => (v === 0 ? '0' : v.toFixed(3)),
    note: `${during} during the bursts of ${typedOn} keys; ${searches} in all (${onRuns.length * BURSTS} pauses), ${typedOn ? (searches / typedOn).toFixed(3) : 'n/a'} per key`,
  });
  const offSearches = of('off').reduce((n, run) => n + run.searches, 0);
  report.budget({
    id: 'suggestOffCalls',
    section: S,
    metric: `Suggestions off: calls into the suggestion script during ${TRACE_KEYS} traced keys`,
    // The trace must see the script's calls when it runs, or a 0 with suggestions off proves nothing.
    value: s.scriptCalls.on > 0 ? s.scriptCalls.off : null,
    why: `the trace saw no call into the suggestion script with suggestions on either (${s.scriptCalls.on})`,
    format: (v) => String(v),
    note: `with suggestions on: ${s.scriptCalls.on} calls; server searches while typing with them off: ${offSearches}`,
  });
  report.note(
    `Suggestions: per condition a fresh ChatGPT fixture page; keys ${KEY_GAP_MS} ms apart (shorter than the script's pause), a ${PAUSE_MS} ms pause after each burst; order off, on, no extension ×2, on, off. A keystroke's cost is from keydown's timeStamp (queueing in the renderer counts) to the end of keyup's dispatch, measured in the page; "added" compares p95 on vs off. A search counts "per keystroke" when the local server received it between a burst's first and last key (not after a pause); the calls with suggestions off come from a devtools.timeline trace (FunctionCall events of the suggestion script's file).`,
  );
}
