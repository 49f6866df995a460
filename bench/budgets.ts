/**
 * Every budget of `npm run bench`, in one table: the bench checks its figures against these rows, and the README's
 * "Performance budgets" table is generated from them (and from the last recorded results, bench/last-results.json)
 * by `node --import tsx bench/readme-table.ts --write`. Change a budget here, nowhere else.
 *
 * Byte budgets are in bytes (as first set: 20,000 bytes is the content script budget); they are written in KB or MB,
 * 1 KB = 1,024 bytes (`formatKB` in lib/stats.ts).
 */
import { formatKB, formatMB } from './lib/stats';

export type Comparison = 'atMost' | 'atLeast';

export type Budget = {
  /** Stable key: the bench's rows and the recorded results refer to a budget by it. */
  id: string;
  /** The bench section that measures it (`--only=<section>`). */
  section: BenchSection;
  /** The figure's name, as the README's table describes it. */
  figure: string;
  budget: number;
  unit: BudgetUnit;
  comparison: Comparison;
  /** How a byte budget is written: "19.5 KB" or "0.48 MB" (1 KB = 1,024 bytes); the budget itself stays in bytes. */
  display?: 'KB' | 'MB';
  /**
   * Where it appears in the README's table: budgets with the same `row` share one line, their `text` joined by ", ".
   * In `text`, `{budget}` becomes e.g. "≤ 2 ms", `{limit}` "2 ms" and `{n}` "2". No `readme`: bench only.
   */
  readme?: { row: string; text: string };
};

export const BENCH_SECTIONS = [
  'footprint',
  'overhead',
  'latency',
  'save',
  'popup',
  'sidepanel',
  'suggestions',
  'worker',
  'drain',
  'recovery',
  'capacity',
  'redaction',
  'capture-cpu',
] as const;
export type BenchSection = (typeof BENCH_SECTIONS)[number];

export type BudgetUnit =
  | 'bytes'
  | 'files'
  | 'ms'
  | 'ms/s'
  | 'tasks'
  | 'callbacks'
  | 'items'
  | '%'
  | 'replies'
  | 'memories'
  | 'reads'
  | 'extra rows'
  | 'searches';

/** In README order. */
export const BUDGETS = [
  {
    id: 'contentScriptBytes',
    section: 'footprint',
    figure: 'Content script per chat site, minified',
    budget: 20_000,
    unit: 'bytes',
    display: 'KB',
    comparison: 'atMost',
    readme: { row: 'contentScript', text: 'Content script per chat site {budget} minified' },
  },
  {
    id: 'contentScriptGzip',
    section: 'footprint',
    figure: 'Content script per chat site, gzip -9',
    budget: 7_000,
    unit: 'bytes',
    display: 'KB',
    comparison: 'atMost',
    readme: { row: 'contentScript', text: '{budget} gzip' },
  },
  {
    id: 'ordinaryPageBytes',
    section: 'footprint',
    figure: 'Injected on an ordinary page',
    budget: 0,
    unit: 'bytes',
    comparison: 'atMost',
    readme: { row: 'ordinaryPage', text: '{n} bytes on other pages' },
  },
  {
    id: 'contentScriptZod',
    section: 'footprint',
    figure: 'Content scripts containing zod',
    budget: 0,
    unit: 'files',
    comparison: 'atMost',
    readme: { row: 'contentScriptLibraries', text: 'No zod' },
  },
  {
    id: 'contentScriptPolyfill',
    section: 'footprint',
    figure: 'Content scripts containing webextension-polyfill',
    budget: 0,
    unit: 'files',
    comparison: 'atMost',
    readme: { row: 'contentScriptLibraries', text: 'no webextension-polyfill in content scripts' },
  },
  {
    id: 'loadScriptAdded',
    section: 'overhead',
    figure: 'Script time at page load, added',
    budget: 2,
    unit: 'ms',
    comparison: 'atMost',
    readme: { row: 'loadScript', text: 'Script time at page load {budget} added' },
  },
  {
    id: 'streamScriptAdded',
    section: 'overhead',
    figure: 'Script time while streaming, added per second',
    budget: 1,
    unit: 'ms/s',
    comparison: 'atMost',
    readme: { row: 'streamScript', text: 'Script time while streaming {budget} added' },
  },
  {
    id: 'loadScript5sAdded',
    section: 'overhead',
    figure: 'Script time in the 5 s after load, added (ChatGPT and Claude 1,000-turn pages)',
    budget: 2,
    unit: 'ms',
    comparison: 'atMost',
    readme: { row: 'loadScript5s', text: 'Script time in the 5 s after load {budget} added' },
  },
  {
    id: 'sendToSettledAdded',
    section: 'overhead',
    figure: 'Script time from Send to 3 s after completion, added per second (final capture included)',
    budget: 1,
    unit: 'ms/s',
    comparison: 'atMost',
    readme: {
      row: 'sendToSettled',
      text: 'Script time from Send to 3 s after completion {budget} added, final capture included',
    },
  },
  {
    id: 'longTasksAdded',
    section: 'overhead',
    figure: 'Long tasks (> 50 ms) added by the extension',
    budget: 0,
    unit: 'tasks',
    comparison: 'atMost',
    readme: { row: 'longTasks', text: '{n} long tasks from the extension' },
  },
  {
    id: 'idleTimers',
    section: 'overhead',
    figure: "Timers / animation frames firing while idle, extension's",
    budget: 0,
    unit: 'callbacks',
    comparison: 'atMost',
    readme: { row: 'idleTimers', text: '{n} extension timers firing while the page is idle' },
  },
  {
    id: 'pageHeapAdded',
    section: 'overhead',
    figure: 'Page JS heap added (after load, stream and capture; after GC)',
    budget: 500_000,
    unit: 'bytes',
    display: 'MB',
    comparison: 'atMost',
    readme: { row: 'pageHeap', text: 'Page heap growth {budget} added' },
  },
  {
    id: 'keystrokeAdded',
    section: 'overhead',
    figure: 'Typing in the composer: added per keystroke, worst (p95)',
    budget: 10,
    unit: 'ms',
    comparison: 'atMost',
    readme: { row: 'typing', text: 'Typing in the composer {budget} added per keystroke at worst' },
  },
  {
    id: 'captureLatency',
    section: 'latency',
    figure: 'Completion → server 201 (median)',
    budget: 1500,
    unit: 'ms',
    comparison: 'atMost',
    readme: { row: 'captureLatency', text: 'Capture latency {budget} after completion, quiet period included' },
  },
  {
    id: 'contextMenuSave',
    section: 'save',
    figure: 'Click → "Saved" shown, after the durable write (p95)',
    budget: 50,
    unit: 'ms',
    comparison: 'atMost',
    readme: { row: 'save', text: 'Context-menu save: "Saved" shown after the durable write {budget} p95' },
  },
  {
    id: 'popupInteractive',
    section: 'popup',
    figure: 'Open → interactive (Memory enabled + status rendered), median',
    budget: 50,
    unit: 'ms',
    comparison: 'atMost',
    readme: { row: 'popup', text: 'Popup rendered {budget} median' },
  },
  {
    id: 'popupJsGzip',
    section: 'footprint',
    figure: 'Popup JS, gzip (HTML scripts + static imports)',
    budget: 30_000,
    unit: 'bytes',
    display: 'KB',
    comparison: 'atMost',
    readme: { row: 'popupJs', text: 'Popup JS {budget} gzip' },
  },
  {
    id: 'sidepanelInteractive',
    section: 'sidepanel',
    figure: 'Open → interactive (search field enabled + first result listed), median',
    budget: 100,
    unit: 'ms',
    comparison: 'atMost',
    readme: { row: 'sidepanel', text: 'Side panel interactive {budget} median' },
  },
  {
    id: 'sidepanelSearchRender',
    section: 'sidepanel',
    figure: 'Search reply → results rendered (p95)',
    budget: 50,
    unit: 'ms',
    comparison: 'atMost',
    readme: { row: 'sidepanel', text: 'search results rendered {budget} after the reply (p95)' },
  },
  {
    id: 'insertIntoChat',
    section: 'sidepanel',
    figure: 'ui:insert-into-chat sent → reply, ChatGPT ProseMirror composer (p95)',
    budget: 50,
    unit: 'ms',
    comparison: 'atMost',
    readme: { row: 'insert', text: 'Insert into chat: sent → reply {budget} p95' },
  },
  {
    id: 'suggestKeystrokeAdded',
    section: 'suggestions',
    figure: 'Typing with suggestions on: added per keystroke vs off, ChatGPT ProseMirror composer (p95)',
    budget: 10,
    unit: 'ms',
    comparison: 'atMost',
    readme: { row: 'suggestTyping', text: 'Suggestions on: typing {budget} added per keystroke (p95)' },
  },
  {
    id: 'suggestSearchesPerKey',
    section: 'suggestions',
    figure: 'Server searches while keys are still being typed (before a pause), per keystroke',
    budget: 0,
    unit: 'searches',
    comparison: 'atMost',
    readme: { row: 'suggestTyping', text: '{n} searches per keystroke (debounced)' },
  },
  {
    id: 'suggestOffCalls',
    section: 'suggestions',
    figure: 'Suggestions off: calls into the suggestion script while typing',
    budget: 0,
    unit: 'callbacks',
    comparison: 'atMost',
    readme: { row: 'suggestTyping', text: 'off: {n} calls' },
  },
  {
    id: 'workerColdStart',
    section: 'worker',
    figure: 'Cold start → first message handled (ui:status), median',
    budget: 30,
    unit: 'ms',
    comparison: 'atMost',
    readme: { row: 'coldStart', text: 'Service worker cold start to first message {budget} median' },
  },
  {
    id: 'captureWorkerCpu',
    section: 'capture-cpu',
    figure: 'Worker + storage CPU per 16 KB capture (wake-up, redaction, writes, upload), median',
    budget: 30,
    unit: 'ms',
    comparison: 'atMost',
    readme: { row: 'captureCpu', text: 'Worker CPU per 16 KB capture {budget}, wake-up included' },
  },
  {
    id: 'workerBytes',
    section: 'footprint',
    figure: 'Service worker (entry + static imports), minified',
    budget: 100_000,
    unit: 'bytes',
    display: 'KB',
    comparison: 'atMost',
    readme: { row: 'workerBundle', text: 'Service worker bundle {budget} minified' },
  },
  {
    id: 'drainRate',
    section: 'drain',
    figure: 'Achieved rate / allowed rate',
    budget: 95,
    unit: '%',
    comparison: 'atLeast',
    readme: { row: 'drain', text: 'Drain {budget} of the allowed rate' },
  },
  {
    id: 'drain429',
    section: 'drain',
    figure: '429 replies',
    budget: 0,
    unit: 'replies',
    comparison: 'atMost',
    readme: { row: 'drain', text: '{n} 429s' },
  },
  {
    id: 'drainDuplicates',
    section: 'drain',
    figure: 'Duplicate memories (same content or idempotency key)',
    budget: 0,
    unit: 'memories',
    comparison: 'atMost',
    readme: { row: 'drain', text: '{n} duplicates' },
  },
  {
    id: 'recoveryMs',
    section: 'recovery',
    figure: 'Server back → outbox empty',
    budget: 10_000,
    unit: 'ms',
    comparison: 'atMost',
    readme: { row: 'recovery', text: 'Recovery after outage: server back → outbox empty {budget}' },
  },
  {
    id: 'reconcileReads',
    section: 'recovery',
    figure: 'Memory reads per item in doubt',
    budget: 2,
    unit: 'reads',
    comparison: 'atMost',
    readme: { row: 'reconcile', text: 'Reconciliation: {budget} per item in doubt' },
  },
  {
    id: 'reconcileExtraRows',
    section: 'recovery',
    figure: 'Rows stored (exactly one per save)',
    budget: 0,
    unit: 'extra rows',
    comparison: 'atMost',
    readme: { row: 'reconcile', text: '{n} extra rows' },
  },
  {
    id: 'capacityItems',
    section: 'capacity',
    figure: 'Items held in the outbox, after the worker was stopped',
    budget: 500,
    unit: 'items',
    comparison: 'atLeast',
    readme: { row: 'capacity', text: 'Outbox holds {budget} of 256 KB' },
  },
  {
    id: 'redactionSmall',
    section: 'redaction',
    figure: 'One redactSecrets call on less than 1 MB, CPU time',
    budget: 60,
    unit: 'ms',
    comparison: 'atMost',
  },
  {
    id: 'redactionLarge',
    section: 'redaction',
    figure: 'One redactSecrets call on 10 MB, CPU time',
    budget: 1000,
    unit: 'ms',
    comparison: 'atMost',
  },
] as const satisfies readonly Budget[];

export type BudgetId = (typeof BUDGETS)[number]['id'];

const byId = new Map<string, Budget>(BUDGETS.map((b) => [b.id, b]));

export function budgetOf(id: BudgetId): Budget {
  return byId.get(id)!;
}

/** The budget in the unit the bench measures. */
export function limitOf(b: Budget): number {
  return b.budget;
}

/** "2 ms", "20 KB", "95 %", "10 s", "500 items": the budget as the README writes it. */
export function formatLimit(b: Budget): string {
  if (b.unit === 'ms' && b.budget >= 1000) return `${b.budget / 1000} s`;
  if (b.display === 'KB') return formatKB(b.budget);
  if (b.display === 'MB') return formatMB(b.budget);
  if (b.unit === 'bytes') return `${b.budget} B`;
  if (b.unit === '%') return `${b.budget} %`;
  if (b.unit === 'extra rows') return `${b.budget} extra rows`;
  return `${b.budget.toLocaleString('en')} ${b.unit}`;
}

/** "≤ 2 ms" / "≥ 95 %". */
export function formatBudget(b: Budget): string {
  return `${b.comparison === 'atMost' ? '≤' : '≥'} ${formatLimit(b)}`;
}
