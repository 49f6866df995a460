/**
 * `npm run bench`: performance figures of the built extension in real Chromium, each against its budget.
 *
 *   npm run bench                 build, measure, print the table
 *   npm run bench -- --json       also write bench/results/latest.json
 *   npm run bench -- --check      exit 1 when a budget is broken (FAIL); n/a is reported but not a failure
 *   npm run bench -- --markdown   also print the budget rows as a Markdown table (for the README)
 *   npm run bench -- --only=footprint,overhead,latency,save,popup,worker,drain,recovery,capacity   a subset (development)
 *
 * Everything runs against one snapshot of dist/ taken at start, in Debian's Chromium, with the local API on
 * loopback. With-versus-without comparisons use two browsers launched with identical flags, one with
 * --load-extension and one without, on the same generated pages. Sizes are scaled down where a full-size run would
 * not fit in ~5 minutes on 2 cores; each scaled figure says how.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { DIST, startTestServer, type TestServer } from '../test/e2e/harness';
import { calibrate, type Calibration } from './calibration';
import { COLD_STARTS, measureColdStart, workerHeap, type ColdStart } from './worker';
import { DRAIN_ITEMS, DRAIN_MAX, DRAIN_WINDOW_MS, measureDrain, type DrainResult } from './drain';
import {
  CONTENT_SCRIPT_BUDGET,
  measureFootprint,
  probeInjection,
  siteUrl,
  type Footprint,
  type Injection,
} from './footprint';
import { LATENCY_SAMPLES, measureCaptureLatency, type LatencySample } from './capture-latency';
import { Cleanup, launchExtension, launchPlain, type Extension } from './lib/browser';
import { PLAIN_PAGE, SITES, servePages, streamingFixture, type BenchSite } from './lib/fixtures';
import { Report } from './lib/report';
import { kb, max, median, ms, percentile, round } from './lib/stats';
import {
  IDLE_MS,
  KEY_ROUNDS,
  LOAD_REPEATS,
  STREAM_TOKENS,
  TOKENS_PER_SECOND,
  TURNS,
  runOverhead,
  type OverheadRun,
} from './page-overhead';
import { POPUP_OPENS, measurePopup, type PopupSample } from './popup';
import { SAVE_SAMPLES, measureSave } from './save';
import { CAPACITY_BYTES, CAPACITY_ITEMS, measureCapacity, type CapacityResult } from './capacity';
import { measureRedaction, type RedactionFigure } from './redaction';
import {
  RECONCILE_ITEMS,
  RECOVERY_ITEMS,
  RECOVERY_OUTAGE_MS,
  measureReconciliation,
  measureRecovery,
  type ReconcileResult,
  type RecoveryResult,
} from './recovery';

const SECTIONS = [
  'footprint',
  'overhead',
  'latency',
  'save',
  'popup',
  'worker',
  'drain',
  'recovery',
  'capacity',
  'redaction',
] as const;
type Section = (typeof SECTIONS)[number];
const BENCH_SITES: BenchSite[] = ['chatgpt', 'claude'];

const KB = 1000;
const MB = 1000 * 1000;

type Results = {
  footprint?: Footprint;
  injection?: { ordinary: Injection; chat: Injection };
  calibration?: Calibration;
  overhead?: OverheadRun[];
  latency?: LatencySample[];
  popup?: PopupSample[];
  save?: number[];
  capacity?: CapacityResult;
  coldStart?: ColdStart;
  workerHeap?: { afterColdStart: number | null; afterDrain: number | null };
  drain?: DrainResult;
  recovery?: RecoveryResult;
  reconcile?: ReconcileResult;
  redaction?: RedactionFigure[];
  timings: Record<string, number>;
};

function parseArgs(argv: string[]) {
  const only = argv.find((a) => a.startsWith('--only='));
  const sections = only
    ? (only
        .slice('--only='.length)
        .split(',')
        .map((s) => s.trim()) as Section[])
    : [...SECTIONS];
  for (const s of sections) if (!SECTIONS.includes(s)) throw new Error(`unknown section "${s}"`);
  return {
    json: argv.includes('--json'),
    check: argv.includes('--check'),
    markdown: argv.includes('--markdown'),
    sections: new Set<Section>(sections),
  };
}

function chromiumVersion(): string {
  try {
    return execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .trim()
      .replace(/ built on.*$/, '');
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const cleanup = new Cleanup();
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: cleaning up…`);
    void cleanup.runAll().then(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const started = Date.now();
  const results: Results = { timings: {} };
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    process.stderr.write(`• ${name}…`);
    try {
      return await fn();
    } finally {
      results.timings[name] = Date.now() - t0;
      process.stderr.write(` ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    }
  };

  try {
    // One snapshot of the build for the whole run.
    const extensionDir = join(cleanup.tempDir('mnueron-bench-dist-'), 'extension');
    cpSync(DIST, extensionDir, { recursive: true });

    if (args.sections.has('footprint')) results.footprint = measureFootprint(extensionDir);
    // In Chromium from here on; every browser and server is registered with `cleanup` as it starts.
    {
      results.calibration = await timed('method check (calibration extension)', () => calibrate(cleanup));
      let server: TestServer = await startTestServer();
      cleanup.add('close server', () => server.close());
      const ext: Extension = await timed('launch browser with the extension', () =>
        launchExtension(cleanup, extensionDir),
      );
      const pages = new Map<string, string>([['https://example.com/', PLAIN_PAGE]]);
      await servePages(ext.context, pages);
      await setUp(ext, server);

      if (args.sections.has('footprint')) {
        const chatPath = SITES.chatgpt.path('bench-injection-probe');
        pages.set(`${SITES.chatgpt.origin}${chatPath}`, streamingFixture('chatgpt'));
        results.injection = await timed('injection probe', async () => ({
          ordinary: await probeInjection(ext.context, ext.id, 'https://example.com/'),
          chat: await probeInjection(ext.context, ext.id, siteUrl('chatgpt', 'bench-injection-probe')),
        }));
      }

      if (args.sections.has('overhead')) {
        const plain = await timed('launch browser without the extension', () => launchPlain(cleanup));
        await servePages(plain, pages);
        const tag = Date.now().toString(36);
        const runs: OverheadRun[] = [];
        // ABBA order, so a drift in machine load over the run does not favour one condition.
        const order: Array<[BenchSite, 'with' | 'without']> = [
          ['chatgpt', 'with'],
          ['chatgpt', 'without'],
          ['claude', 'without'],
          ['claude', 'with'],
        ];
        for (const [site, condition] of order) {
          runs.push(
            await timed(`page overhead: ${SITES[site].label}, ${condition} the extension`, () =>
              runOverhead({
                context: condition === 'with' ? ext.context : plain,
                condition,
                site,
                pages,
                server: condition === 'with' ? server : null,
                extensionId: condition === 'with' ? ext.id : null,
                tag,
              }),
            ),
          );
        }
        results.overhead = runs;
        await plain.close();
      }

      if (args.sections.has('latency')) {
        const tag = Date.now().toString(36);
        const samples: LatencySample[] = [];
        for (const site of BENCH_SITES) {
          samples.push(
            ...(await timed(`capture latency: ${SITES[site].label} ×${LATENCY_SAMPLES}`, () =>
              measureCaptureLatency({ ext, server, pages, site, samples: LATENCY_SAMPLES, tag }),
            )),
          );
        }
        results.latency = samples;
      }

      if (args.sections.has('save')) {
        results.save = await timed(`context-menu save ×${SAVE_SAMPLES}`, () => measureSave(ext, SAVE_SAMPLES));
      }

      if (args.sections.has('popup')) {
        results.popup = await timed(`popup ×${POPUP_OPENS}`, () => measurePopup(ext, POPUP_OPENS));
      }

      results.workerHeap = { afterColdStart: null, afterDrain: null };
      if (args.sections.has('worker')) {
        results.coldStart = await timed(`service worker cold start ×${COLD_STARTS}`, () =>
          measureColdStart(ext, COLD_STARTS),
        );
        results.workerHeap.afterColdStart = await workerHeap(ext).catch(() => null);
      }

      if (args.sections.has('drain')) {
        const drained = await timed(`outbox drain of ${DRAIN_ITEMS}`, () => measureDrain({ ext, server, cleanup }));
        results.drain = drained.result;
        server = drained.server;
        results.workerHeap.afterDrain = await workerHeap(ext).catch(() => null);
      }
      if (args.sections.has('recovery')) {
        results.recovery = await timed(`recovery after a ${RECOVERY_OUTAGE_MS / 1000} s outage`, () =>
          measureRecovery(ext, cleanup, server.url),
        );
        results.reconcile = await timed(`reconciliation of ${RECONCILE_ITEMS} lost replies`, () =>
          measureReconciliation(ext, cleanup, server.url),
        );
      }
    }

    if (args.sections.has('capacity')) {
      results.capacity = await timed(`outbox capacity ${CAPACITY_ITEMS} × ${CAPACITY_BYTES / 1024} KB`, () =>
        measureCapacity(cleanup, extensionDir),
      );
    }
    if (args.sections.has('redaction')) {
      results.redaction = await timed('redaction worst cases (Node, CPU time)', async () => measureRedaction());
    }
  } finally {
    await cleanup.runAll();
  }
  results.timings.total = Date.now() - started;

  const report = buildReport(results, args.sections);
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${round(totalmem() / 1024 ** 3, 1)} GB, ${chromiumVersion()}, Node ${process.version}`;
  const date = new Date().toISOString();
  console.log(`\nMnueron extension bench — ${date}`);
  console.log(`Machine: ${machine}`);
  console.log(report.table());
  if (report.notes.length) console.log(`\nMethod\n${report.notes.map((n) => `  - ${n}`).join('\n')}`);
  console.log(`\nRun time: ${(results.timings.total / 1000).toFixed(0)} s`);
  const failures = report.failures();
  const unmeasured = report.unmeasured();
  console.log(
    `Budgets: ${report.rows.filter((r) => r.verdict === 'PASS').length} pass, ${failures.length} fail, ${unmeasured.length} n/a`,
  );
  if (args.markdown) console.log(`\n${report.markdown()}`);
  if (args.json) {
    const dir = resolve(import.meta.dirname, 'results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'latest.json');
    writeFileSync(
      file,
      `${JSON.stringify({ date, machine, sections: [...args.sections], rows: report.rows, notes: report.notes, raw: results }, null, 2)}\n`,
    );
    console.log(`Wrote ${file}`);
  }
  if (args.check && failures.length) {
    console.error(
      `\n--check: ${failures.length} budget(s) broken: ${failures.map((f) => `${f.section.replace(/ \(.*$/, '').replace(/,.*$/, '')}: ${f.metric}`).join('; ')}`,
    );
    return 1;
  }
  return 0;
}

/** Connects the extension to the local API (a successful connection test, as a set-up user has) and turns on
 * chat capture for the benched sites. */
async function setUp(ext: Extension, server: TestServer): Promise<void> {
  const saved = await ext.send({ type: 'ui:connection-save', mode: 'self-hosted', apiUrl: server.url });
  if (!saved.ok) throw new Error(`connection-save: ${saved.error.message}`);
  const tested = await ext.send({ type: 'ui:connection-test' });
  if (!tested.ok || tested.value.result !== 'connected') throw new Error(`connection-test: ${JSON.stringify(tested)}`);
  const sites = {
    chatgpt: { enabled: true },
    claude: { enabled: true },
    gemini: { enabled: false },
    perplexity: { enabled: false },
  };
  const enabled = await ext.send({ type: 'ui:settings-update', patch: { capture: { sites } } });
  if (!enabled.ok) throw new Error(`settings-update: ${enabled.error.message}`);
}

/** Where a drain loses time against the ideal: window period, and how long each window's sequential burst takes. */
function burstSummary(d: DrainResult): string {
  const big = d.bursts.filter((b) => b.count >= DRAIN_MAX / 2);
  const periods = big.slice(1).map((b, i) => b.startMs - big[i]!.startMs);
  const stragglers = d.bursts.length - big.length;
  return `bursts every ${ms(median(periods), 0)} (median), each ${ms(median(big.map((b) => b.lengthMs)), 0)} long (sequential sends)${stragglers ? `, ${stragglers} one-item stragglers ~1 s after a burst` : ''}`;
}

/** Chrome's own floor for the popup figure on this machine (the calibration extension's trivial page). */
function floorPopup(c: Calibration | undefined): string {
  const v = c?.floorPopup.map((p) => p.interactive).filter((x): x is number => x !== null) ?? [];
  return v.length
    ? `; floor on this machine (a trivial extension page: one message, three elements): ${ms(median(v))}`
    : '';
}

function floorColdStart(c: Calibration | undefined): string {
  const v = c?.floorColdStart.coldMs ?? [];
  return v.length ? `; floor on this machine (a one-line worker that answers at once): ${ms(median(v))}` : '';
}

function buildReport(r: Results, sections: Set<Section>): Report {
  const report = new Report();
  const kbf = (v: number) => kb(v);
  const count = (v: number) => String(v);

  // ---- footprint ----------------------------------------------------------------------------------------------
  if (r.footprint) {
    const f = r.footprint;
    const S = 'Footprint (built dist/, minified bytes; gzip -9)';
    const bySite = new Map<string, (typeof f.perSite)[number][]>();
    for (const row of f.perSite) bySite.set(row.site, [...(bySite.get(row.site) ?? []), row]);
    for (const [site, rows] of bySite) {
      const row = rows[0]!;
      const hosts = rows.map((x) => x.host).join(', ');
      report.budget({
        section: S,
        metric: `Content script on ${site} (${hosts})`,
        value: row.bytes,
        limit: CONTENT_SCRIPT_BUDGET.bytes,
        unit: 'bytes',
        format: kbf,
        note: row.files.join(', '),
      });
      report.budget({
        section: S,
        metric: `Content script on ${site}, gzip`,
        value: row.gzip,
        limit: CONTENT_SCRIPT_BUDGET.gzip,
        unit: 'bytes',
        format: kbf,
      });
    }
    const calibrated = r.calibration?.isolatedWorldSeen === true && (r.injection?.chat.extensionWorlds ?? 0) > 0;
    if (r.injection) {
      const { ordinary, chat } = r.injection;
      report.info(
        S,
        'Probe check: our isolated world on a ChatGPT fixture page',
        `${chat.extensionWorlds} world, ${kb(chat.extensionScriptBytes)} parsed`,
        chat.extensionScriptBytes,
        chat.scripts.join(', '),
      );
      report.budget({
        section: S,
        metric: 'Injected on an ordinary page (https://example.com/)',
        value: calibrated ? ordinary.extensionScriptBytes : null,
        why: 'the probe did not detect our script on the chat page either',
        limit: 0,
        unit: 'bytes',
        format: (v) => `${v} B`,
        note: `isolated worlds of ours: ${ordinary.extensionWorlds}; manifest broad match patterns: ${f.broadMatches.length ? f.broadMatches.join(', ') : 'none'}`,
      });
    }
    const zod = f.contentScripts.filter((c) => c.forbidden.includes('zod'));
    const polyfill = f.contentScripts.filter((c) => c.forbidden.includes('webextension-polyfill'));
    report.budget({
      section: S,
      metric: 'Content scripts containing zod',
      value: zod.length,
      limit: 0,
      unit: 'files',
      format: (v) => (v ? `${v}: ${zod.map((z) => z.path).join(', ')}` : 'none'),
    });
    report.budget({
      section: S,
      metric: 'Content scripts containing webextension-polyfill',
      value: polyfill.length,
      limit: 0,
      unit: 'files',
      format: (v) => (v ? `${v}: ${polyfill.map((z) => z.path).join(', ')}` : 'none'),
    });
    const imports = f.contentScripts.flatMap((c) => c.imports);
    if (imports.length) report.info(S, 'Content script imports (should be none)', imports.join(', '));
    report.budget({
      section: S,
      metric: 'Service worker (entry + static imports)',
      value: f.worker.bytes,
      limit: 100 * KB,
      unit: 'bytes',
      format: kbf,
      note: `gzip ${kb(f.worker.gzip)}; ${f.worker.files.map((x) => `${x.path} ${kb(x.bytes)}`).join(', ')}${f.worker.dynamicImports.length ? `; dynamic: ${f.worker.dynamicImports.join(', ')}` : ''}`,
    });
    report.budget({
      section: S,
      metric: 'Popup JS, gzip (HTML scripts + static imports)',
      value: f.popupJs.gzip,
      limit: 30 * KB,
      unit: 'bytes',
      format: kbf,
      note: `minified ${kb(f.popupJs.bytes)}; ${f.popupJs.files.map((x) => `${x.path} ${kb(x.gzip)}`).join(', ')}`,
    });
    report.info(S, 'Popup CSS', `${kb(f.popupCss.bytes)} (gzip ${kb(f.popupCss.gzip)})`, f.popupCss.gzip);
    if (f.optionsJs)
      report.info(S, 'Options page JS', `${kb(f.optionsJs.bytes)} (gzip ${kb(f.optionsJs.gzip)})`, f.optionsJs.gzip);
    report.note(
      'Footprint: sizes of the files in dist/ as built (1 KB = 1,000 bytes); the worker and popup include every chunk reachable through static `import`/`export … from` in the built files. zod/polyfill are looked for by signatures that survive minification (`._zod`, `$Zod…`, `ZodError`; `webextension-polyfill`, its "only be loaded in a browser extension" error, `maxArgs`).',
    );
    report.note(
      'Injection probe: open the page, wait past document_idle, enable CDP Runtime + Debugger and count execution contexts with auxData.type "isolated" and origin chrome-extension://<our id>, and bytes of scripts parsed from our origin. The same probe on a chat fixture page must find ours, else the figure is n/a.',
    );
  }

  // ---- calibration --------------------------------------------------------------------------------------------
  const cal = r.calibration;
  const longTasksCalibrated = cal?.longTaskSeen === true;
  const timersCalibrated = (cal?.idleTimerFires ?? 0) > 0 && (cal?.idleExtensionCalls ?? 0) > 0;
  if (cal) {
    report.info(
      'Method check (a throw-away extension whose content script blocks 120 ms once, then ticks every 500 ms)',
      'Seen by the probes: isolated world / long task / idle timer fires / calls from its URL (2 s)',
      `${cal.isolatedWorldSeen ? 'yes' : 'NO'} / ${cal.longTaskSeen ? 'yes' : 'NO'} / ${cal.idleTimerFires} / ${cal.idleExtensionCalls}`,
    );
  }

  // ---- page overhead ------------------------------------------------------------------------------------------
  if (r.overhead) {
    for (const site of BENCH_SITES) {
      const withRun = r.overhead.find((o) => o.site === site && o.condition === 'with');
      const without = r.overhead.find((o) => o.site === site && o.condition === 'without');
      if (!withRun || !without) continue;
      const S = `Page overhead: ${SITES[site].label}, ${TURNS.toLocaleString('en')}-turn page (${(withRun.pageBytes / MB).toFixed(1)} MB HTML), capture on`;
      const loadWith = median(withRun.loadScriptMs);
      const loadWithout = median(without.loadScriptMs);
      report.budget({
        section: S,
        metric: `Script time at page load, added (median of ${LOAD_REPEATS} loads)`,
        value: loadWith - loadWithout,
        limit: 2,
        unit: 'ms',
        format: (v) => ms(v),
        note: `with ${ms(loadWith)} vs without ${ms(loadWithout)} (samples ${withRun.loadScriptMs.map((v) => v.toFixed(1)).join('/')} vs ${without.loadScriptMs.map((v) => v.toFixed(1)).join('/')}; main-thread CPU time, ScriptDuration 1 s after load); task time with ${ms(median(withRun.loadTaskMs), 0)} vs ${ms(median(without.loadTaskMs), 0)}`,
      });
      const perSecond = (run: OverheadRun) => run.streamScriptMs / run.streamSeconds;
      report.budget({
        section: S,
        metric: `Script time while streaming, added per second (${STREAM_TOKENS} tokens at ${TOKENS_PER_SECOND}/s)`,
        value: perSecond(withRun) - perSecond(without),
        limit: 1,
        unit: 'ms/s',
        format: (v) => `${v.toFixed(2)} ms/s`,
        note: `with ${ms(withRun.streamScriptMs)} vs without ${ms(without.streamScriptMs)} over ${withRun.streamSeconds.toFixed(1)} s; task time ${ms(withRun.streamTaskMs / withRun.streamSeconds, 0)}/s vs ${ms(without.streamTaskMs / without.streamSeconds, 0)}/s; layouts ${withRun.streamLayouts} vs ${without.streamLayouts}, style recalcs ${withRun.streamStyleRecalcs} vs ${without.streamStyleRecalcs}`,
      });
      const phases = ['load', 'stream', 'completion', 'idle', 'typing'] as const;
      const added = phases.reduce((a, p) => a + Math.max(0, withRun.longTasks[p] - without.longTasks[p]), 0);
      report.budget({
        section: S,
        metric: 'Long tasks (> 50 ms) added by the extension',
        value: longTasksCalibrated ? added : null,
        why: 'the long-task observer did not see the calibration task',
        limit: 0,
        unit: 'tasks',
        format: count,
        note: `with / without, by phase: ${phases.map((p) => `${p} ${withRun.longTasks[p]}/${without.longTasks[p]}`).join(', ')}; longest ${Math.round(max(withRun.longTasks.list.map((t) => t.duration)) || 0)} / ${Math.round(max(without.longTasks.list.map((t) => t.duration)) || 0)} ms`,
      });
      const idleWith = withRun.idle.timerFires + withRun.idle.animationFrames;
      const idleWithout = without.idle.timerFires + without.idle.animationFrames;
      report.budget({
        section: S,
        metric: `Timers / animation frames firing while idle (${IDLE_MS / 1000} s), extension's`,
        value: timersCalibrated ? Math.max(withRun.idle.extensionCalls, idleWith - idleWithout) : null,
        why: 'the idle trace did not see the calibration timer',
        limit: 0,
        unit: 'callbacks',
        format: count,
        note: `TimerFire + FireAnimationFrame in the page's main frame: with ${idleWith}, without ${idleWithout}; function calls from our script: ${withRun.idle.extensionCalls}`,
      });
      const heapAdded = withRun.heapAfterCapture - without.heapAfterCapture;
      const growth = (run: OverheadRun) => run.heapAfterCapture - run.heapAfterLoad;
      report.budget({
        section: S,
        metric: 'Page JS heap added (after load, stream and capture; after GC)',
        value: heapAdded / MB,
        limit: 0.5,
        unit: 'MB',
        format: (v) => `${v.toFixed(2)} MB`,
        note: `heap with ${(withRun.heapAfterCapture / MB).toFixed(2)} MB vs without ${(without.heapAfterCapture / MB).toFixed(2)} MB; after load ${(withRun.heapAfterLoad / MB).toFixed(2)} vs ${(without.heapAfterLoad / MB).toFixed(2)} MB; growth load → capture with ${(growth(withRun) / MB).toFixed(2)} vs ${(growth(without) / MB).toFixed(2)} MB`,
      });
      const p95With = percentile(withRun.keyLatencyMs, 95);
      const p95Without = percentile(without.keyLatencyMs, 95);
      report.budget({
        section: S,
        metric: `Typing in the composer: added per keystroke, worst (p95 of ${withRun.keyLatencyMs.length})`,
        value: withRun.keyLatencyMs.length && without.keyLatencyMs.length ? p95With - p95Without : null,
        why: 'no keystroke latency recorded',
        limit: 10,
        unit: 'ms',
        format: (v) => ms(v),
        note: `keydown → input handled: median ${ms(median(withRun.keyLatencyMs))} vs ${ms(median(without.keyLatencyMs))}, p95 ${ms(p95With)} vs ${ms(p95Without)}, max ${ms(max(withRun.keyLatencyMs))} vs ${ms(max(without.keyLatencyMs))}`,
      });
      report.info(
        S,
        'Capture of the streamed answer on this page (completion → 201)',
        withRun.captureMs === null ? 'nothing arrived within 15 s' : ms(withRun.captureMs, 0),
        withRun.captureMs,
        withRun.capturedWhole === null
          ? undefined
          : withRun.capturedWhole
            ? 'the stored memory ends with the last streamed token'
            : 'the stored memory does NOT hold the last streamed token',
      );
      report.info(
        S,
        'Content script isolated world at load (page heap with − without)',
        `${((withRun.heapAfterLoad - without.heapAfterLoad) / 1000).toFixed(0)} KB`,
        withRun.heapAfterLoad - without.heapAfterLoad,
      );
    }
    report.note(
      `Page overhead: a ${TURNS.toLocaleString('en')}-turn page generated from each site's streaming fixture (finished pairs cloned from its first exchange, then its answer in progress), served by Playwright routing at the real origin so the manifest injects as on the site. Two browsers with identical flags, one without --load-extension; order ChatGPT with/without, Claude without/with. Script and task time are Performance.getMetrics ScriptDuration/TaskDuration in threadTicks (main-thread CPU time, less sensitive to the other core's load). Streaming is scaled: ${STREAM_TOKENS} tokens at ${TOKENS_PER_SECOND} tokens/s (${STREAM_TOKENS / TOKENS_PER_SECOND} s, not 4,000 tokens/80 s), figures per second; the stream driver is the same page script in both browsers, so it cancels out.`,
    );
    report.note(
      `Long tasks: PerformanceObserver('longtask') in the page, counted per phase; "added" = Σ max(0, with − without). Idle: a ${IDLE_MS / 1000} s devtools.timeline trace after the capture, TimerFire + FireAnimationFrame in the main frame and FunctionCall events from chrome-extension://<our id>. Typing: ${KEY_ROUNDS}×50 characters via page.keyboard; per key, keydown.timeStamp → end of the input event's dispatch (default action, every listener, their microtasks). Heap: Runtime.getHeapUsage after two forced GCs (all worlds of the page share one isolate, so with − without is the content script's share).`,
    );
  }

  // ---- capture latency ----------------------------------------------------------------------------------------
  if (r.latency) {
    const S = `Capture latency (small streaming fixture, fresh conversation per sample, ${LATENCY_SAMPLES} per site)`;
    for (const site of BENCH_SITES) {
      const samples = r.latency.filter((s) => s.site === site);
      const to201 = samples.map((s) => s.to201Ms).filter((v): v is number => v !== null);
      const toOutbox = samples.map((s) => s.toOutboxMs).filter((v): v is number => v !== null);
      const missing = samples.length - to201.length;
      report.budget({
        section: S,
        metric: `${SITES[site].label}: completion → server 201 (median)`,
        value: to201.length >= Math.min(5, samples.length) ? median(to201) : null,
        why: `${missing} of ${samples.length} completions produced no 201 within 10 s`,
        limit: 1500,
        unit: 'ms',
        format: (v) => ms(v, 0),
        note: `all: ${to201.map((v) => Math.round(v)).join(', ')} ms; max ${ms(max(to201), 0)}${missing ? `; ${missing} missing` : ''}`,
      });
      report.info(
        S,
        `${SITES[site].label}: completion → outbox write (median)`,
        toOutbox.length ? ms(median(toOutbox), 0) : 'n/a (no capture diagnostics entry)',
        toOutbox.length ? median(toOutbox) : null,
        toOutbox.length ? `all: ${toOutbox.map((v) => Math.round(v)).join(', ')} ms` : undefined,
      );
    }
    report.note(
      "Capture latency: completion = Date.now() in the page right after it flips the fixture's finished markers; outbox write = the background's `capture` diagnostics entry (ui:diagnostics; stamped as captureToOutbox starts); 201 = arrival time of the POST the server answered 201 (control.requests). Includes the content script's quiet period.",
    );
  }

  // ---- popup --------------------------------------------------------------------------------------------------
  if (r.popup) {
    const S = `Popup (360×600 page, ${POPUP_OPENS} opens, warm worker)`;
    const interactive = r.popup.map((p) => p.interactive).filter((v): v is number => v !== null);
    const fcp = r.popup.map((p) => p.firstContentfulPaint).filter((v): v is number => v !== null);
    const fp = r.popup.map((p) => p.firstPaint).filter((v): v is number => v !== null);
    report.budget({
      section: S,
      metric: 'Open → interactive (Memory enabled + status rendered), median',
      value: interactive.length >= POPUP_OPENS / 2 ? median(interactive) : null,
      why: `only ${interactive.length} of ${POPUP_OPENS} opens became interactive within 5 s`,
      limit: 50,
      unit: 'ms',
      format: (v) => ms(v),
      note: `p95 ${ms(percentile(interactive, 95))}, max ${ms(max(interactive))}${floorPopup(r.calibration)}`,
    });
    report.info(S, 'Open → first paint / first contentful paint, median', `${ms(median(fp))} / ${ms(median(fcp))}`);
    report.note(
      'Popup: times from the popup document\'s navigation start; "interactive" is recorded by a MutationObserver installed before the popup\'s scripts (Playwright init script), the first moment #qs-memory exists, is enabled, and the connection status line is rendered.',
    );
  }

  // ---- context-menu save --------------------------------------------------------------------------------------
  if (r.save?.length) {
    const S = `Context-menu save (${r.save.length} saves of a selection on an ordinary page)`;
    report.budget({
      section: S,
      metric: 'Click → "Saved" shown, after the durable write (p95)',
      value: percentile(r.save, 95),
      limit: 50,
      unit: 'ms',
      format: (v) => ms(v),
      note: `median ${ms(median(r.save))}, max ${ms(max(r.save))}`,
    });
    report.note(
      'Context-menu save: performance.now() in the worker around saveFromPage (what the menu calls): selection read through scripting, redaction, the IndexedDB write of the outbox item, and the toast shown in the page.',
    );
  }

  // ---- outbox capacity ----------------------------------------------------------------------------------------
  if (r.capacity) {
    const c = r.capacity;
    const S = `Outbox capacity (${CAPACITY_ITEMS} captures of ${CAPACITY_BYTES / 1024} KB, server unreachable)`;
    report.budget({
      section: S,
      metric: 'Items held in the outbox, after the worker was stopped',
      value: Math.min(c.queued, c.afterRestart),
      limit: CAPACITY_ITEMS,
      atMost: false,
      unit: 'items',
      format: (v) => `${v}`,
      note: `queued ${c.queued}, after the stop ${c.afterRestart}; ${(c.queueMs / CAPACITY_ITEMS).toFixed(1)} ms per capture (redaction + durable write) over ${(c.queueMs / 1000).toFixed(1)} s${c.usageBytes !== null ? `; origin storage ${(c.usageBytes / 1e6).toFixed(0)} MB` : ''}`,
    });
    report.note(
      'Capacity: a browser of its own, pointed at a closed port; the captures go through ui:quick-save in the worker; the count is ui:status (pending + in flight + parked) before and after the worker is stopped.',
    );
  }

  // ---- service worker -----------------------------------------------------------------------------------------
  if (r.coldStart) {
    const S = 'Service worker';
    const c = r.coldStart;
    report.budget({
      section: S,
      metric: `Cold start → first message handled (ui:status), median of ${c.coldMs.length}`,
      value: c.coldMs.length >= Math.ceil(COLD_STARTS / 2) ? median(c.coldMs) : null,
      why: `only ${c.coldMs.length} cold samples (Chrome restarted the worker before the send ${c.dropped} times)`,
      limit: 30,
      unit: 'ms',
      format: (v) => ms(v),
      note: `all: ${c.coldMs.map((v) => v.toFixed(0)).join(', ')} ms; warm: median ${ms(median(c.warmMs))}${c.dropped ? `; ${c.dropped} samples dropped (worker already restarted)` : ''}${floorColdStart(r.calibration)}`,
    });
    report.note(
      'Worker cold start: from an open options page, the worker target is closed (CDP Target.closeTarget) and we wait until no worker target is left; then performance.now() around chrome.runtime.sendMessage({type: "ui:status"}). The first message starts the worker, evaluates its bundle, runs the start-up work and answers.',
    );
  }
  if (r.workerHeap && (r.workerHeap.afterColdStart !== null || r.workerHeap.afterDrain !== null)) {
    const h = r.workerHeap;
    const mb = (v: number | null) => (v === null ? 'n/a' : `${(v / MB).toFixed(2)} MB`);
    report.info(
      'Memory',
      'Service worker JS heap (after GC): after a cold start / after the drain',
      `${mb(h.afterColdStart)} / ${mb(h.afterDrain)}`,
      h.afterColdStart,
    );
  }

  // ---- drain --------------------------------------------------------------------------------------------------
  if (r.drain) {
    const d = r.drain;
    const S = `Outbox drain (${DRAIN_ITEMS} captures queued offline; limit ${DRAIN_MAX} per ${DRAIN_WINDOW_MS / 1000} s on server and pacing = ${((DRAIN_MAX / DRAIN_WINDOW_MS) * 60_000).toFixed(0)}/min, 10× the real 60/min)`;
    const ratio = d.achievedPerSecond !== null ? d.achievedPerSecond / d.allowedPerSecond : null;
    report.budget({
      section: S,
      metric: 'Achieved rate / allowed rate',
      value: ratio !== null && !d.timedOut ? ratio * 100 : null,
      why: d.timedOut ? `only ${d.stored} of ${d.items} stored before the time limit` : 'no writes',
      limit: 95,
      atMost: false,
      unit: '%',
      format: (v) => `${v.toFixed(1)} %`,
      note: `${d.achievedPerSecond?.toFixed(2) ?? 'n/a'}/s of ${d.allowedPerSecond.toFixed(2)}/s; ${d.stored} stored in ${(((d.lastCreatedAt ?? 0) - (d.firstRequestAt ?? 0)) / 1000).toFixed(1)} s (ideal ${(((DRAIN_ITEMS - DRAIN_MAX) / DRAIN_MAX) * DRAIN_WINDOW_MS) / 1000} s); most arrivals in any ${DRAIN_WINDOW_MS / 1000} s window: ${d.maxInAnyWindow}; ${burstSummary(d)}; queueing took ${(d.queueMs / 1000).toFixed(1)} s`,
    });
    report.budget({
      section: S,
      metric: '429 replies',
      value: d.status['429'] ?? 0,
      limit: 0,
      unit: 'replies',
      format: count,
      note: `POSTs by status: ${Object.entries(d.status)
        .map(([k, v]) => `${k}×${v}`)
        .join(', ')}`,
    });
    const duplicates = d.stored - Math.min(d.distinctContents, d.distinctKeys);
    report.budget({
      section: S,
      metric: 'Duplicate memories (same content or idempotency key)',
      value: duplicates,
      limit: 0,
      unit: 'memories',
      format: count,
      note: `${d.stored} stored, ${d.distinctContents} distinct contents, ${d.distinctKeys} distinct keys; re-sends the server recognised (200): ${d.status['200'] ?? 0}`,
    });
  }

  if (r.recovery) {
    const v = r.recovery;
    report.budget({
      section: `Recovery after outage (${RECOVERY_ITEMS} saves queued, server down ${RECOVERY_OUTAGE_MS / 1000} s, real-local profile)`,
      metric: 'Server back → outbox empty',
      value: v.recoveredMs,
      why: `only ${v.stored} of ${RECOVERY_ITEMS} stored within 120 s`,
      limit: 10_000,
      unit: 'ms',
      format: (x) => `${(x / 1000).toFixed(1)} s`,
      note: `${v.stored} stored; ${v.postsAfterReturn} writes after the return (one per save means no write was spent probing); no "Retry now"`,
    });
  }
  if (r.reconcile) {
    const v = r.reconcile;
    const S = `Reconciliation (${v.inDoubt} saves stored by the server whose replies were lost, real-local profile: no de-duplication)`;
    report.budget({
      section: S,
      metric: 'Memory reads per item in doubt',
      value: v.timedOut ? null : v.reads / v.inDoubt,
      why: 'the outbox did not empty within 180 s',
      limit: 2,
      unit: 'reads',
      format: (x) => x.toFixed(1),
      note: `${v.reads} GET /api/memories in all, ${v.posts} POSTs`,
    });
    report.budget({
      section: S,
      metric: 'Rows stored (exactly one per save)',
      value: v.stored - v.inDoubt,
      limit: 0,
      unit: 'extra rows',
      format: count,
      note: `${v.stored} rows for ${v.inDoubt} saves`,
    });
  }

  if (r.drain)
    report.note(
      `Drain: ${DRAIN_ITEMS} ui:quick-save captures queued with the server stopped, then the server restarted on the same port with rateLimit ${DRAIN_MAX}/${DRAIN_WINDOW_MS} ms and ui:outbox-retry (lifts the backoff the outage built up). Achieved rate = (201s − ${DRAIN_MAX}) / (last 201 − first request): under a sliding window the first ${DRAIN_MAX} are free and every further ${DRAIN_MAX} costs one window, so a client using the whole allowance with instant sends scores 100 %.`,
    );
  if (r.overhead || r.workerHeap)
    report.note(
      'Where the content script spends its time, by function: `node --import tsx bench/profile.ts [chatgpt|claude] [load|stream]` (CPU profile of the same 1,000-turn page).',
    );
  if (r.redaction) {
    const S = 'Redaction worst cases (one redactSecrets call, CPU time, best of 2)';
    for (const f of r.redaction) {
      report.budget({
        section: S,
        metric: f.label,
        value: f.cpuMs,
        limit: f.bytes < MB ? 60 : 1000,
        unit: 'ms',
        format: ms,
        why: 'a 10 MB selection is redacted in the worker before it is stored; it must not stall it',
        note: `${f.secrets} secrets`,
      });
    }
  }

  for (const s of SECTIONS) if (!sections.has(s)) report.note(`Section "${s}" not run (--only).`);
  return report;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(2);
  },
);
