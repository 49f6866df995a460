/**
 * `npm run bench`: performance figures of the built extension in real Chromium, each against its budget.
 *
 *   npm run bench                 build, measure, print the table
 *   npm run bench -- --json       also write bench/results/latest.json
 *   npm run bench -- --check      exit 1 when a budget is broken (FAIL); n/a is reported but not a failure
 *   npm run bench -- --markdown   also print the budget rows as a Markdown table
 *   npm run bench -- --only=footprint,overhead,latency,save,popup,sidepanel,suggestions,worker,capture-cpu,drain,recovery,capacity   a subset (development)
 *
 * Every run records, in bench/last-results.json (committed), the figures of each README row whose budgets it checked;
 * `node --import tsx bench/readme-table.ts --write` renders the README's table from them and bench/budgets.ts.
 *
 * Sizes (footprint) are read from dist/, what `npm run build` ships; everything else runs against one snapshot of
 * dist-test/ (the same build plus the test seam the bench drives) taken at start, in Debian's Chromium, with the
 * local API on loopback. With-versus-without comparisons use two browsers launched with identical flags, one with
 * --load-extension and one without, on the same generated pages. Sizes are scaled down where a full-size run would
 * not fit in ~5 minutes on 2 cores; each scaled figure says how.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { DIST, startTestServer, type TestServer } from '../test/e2e/harness';
import { BENCH_SECTIONS as SECTIONS, type BenchSection as Section } from './budgets';
import { calibrate } from './calibration';
import { CPU_CAPTURES, measureCaptureCpu } from './capture-cpu';
import { LATENCY_SAMPLES, measureCaptureLatency, type LatencySample } from './capture-latency';
import { CAPACITY_BYTES, CAPACITY_ITEMS, measureCapacity } from './capacity';
import { DRAIN_ITEMS, measureDrain } from './drain';
import { measureFootprint, probeInjection, siteUrl } from './footprint';
import { Cleanup, launchExtension, launchPlain, type Extension } from './lib/browser';
import { PLAIN_PAGE, SITES, servePages, streamingFixture, type BenchSite } from './lib/fixtures';
import { recordResults } from './lib/last-results';
import { Report } from './lib/report';
import { formatKB, round } from './lib/stats';
import { runOverhead, type OverheadRun } from './page-overhead';
import { POPUP_OPENS, measurePopup } from './popup';
import { RECONCILE_ITEMS, RECOVERY_OUTAGE_MS, measureReconciliation, measureRecovery } from './recovery';
import { measureRedaction } from './redaction';
import { reportCalibration } from './reports/calibration';
import { reportCapacity } from './reports/capacity';
import { reportCaptureCpu } from './reports/capture-cpu';
import { reportDrain } from './reports/drain';
import { reportFootprint } from './reports/footprint';
import { reportLatency } from './reports/latency';
import { reportOverhead } from './reports/overhead';
import { reportPopup } from './reports/popup';
import { reportRecovery } from './reports/recovery';
import { reportRedaction } from './reports/redaction';
import { reportSave } from './reports/save';
import { reportSidepanel } from './reports/sidepanel';
import { reportSuggestions } from './reports/suggestions';
import { reportWorker } from './reports/worker';
import { BENCH_SITES, type Results } from './results';
import { SAVE_SAMPLES, measureSave } from './save';
import { INSERTIONS, PANEL_OPENS, PANEL_SEARCHES, measurePanel } from './sidepanel';
import { SUGGEST_KEYS, measureSuggestions } from './suggestions';
import { COLD_STARTS, measureColdStart, workerHeap } from './worker';

/** What `npm run build` writes, the package that ships. */
const SHIPPED_DIST = resolve(import.meta.dirname, '../dist');

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

    // Sizes of what ships: dist/ (`npm run build`), not dist-test/, whose worker also carries the test seam.
    if (args.sections.has('footprint')) {
      if (!existsSync(join(SHIPPED_DIST, 'manifest.json'))) throw new Error('no dist/: run `npm run build` first');
      const shippedDir = join(cleanup.tempDir('mnueron-bench-shipped-'), 'extension');
      cpSync(SHIPPED_DIST, shippedDir, { recursive: true });
      results.footprint = measureFootprint(shippedDir);
    }
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

      if (args.sections.has('sidepanel')) {
        const panel = await timed(`side panel ×${PANEL_OPENS} opens, ×${PANEL_SEARCHES} searches`, () =>
          measurePanel(ext, server, pages),
        );
        results.sidepanel = panel.panel;
        results.insert = await timed(`insert into chat ×${INSERTIONS}`, () => panel.insert(INSERTIONS));
        await panel.close();
      }

      if (args.sections.has('suggestions')) {
        const plain = await timed('launch browser without the extension', () => launchPlain(cleanup));
        const plainPages = new Map<string, string>();
        await servePages(plain, plainPages);
        results.suggestions = await timed(
          `typing with suggestions on / off / no extension, ${SUGGEST_KEYS} keys each`,
          () => measureSuggestions(ext, server, pages, { context: plain, pages: plainPages }),
        );
        await plain.close();
      }

      results.workerHeap = { afterColdStart: null, afterDrain: null };
      if (args.sections.has('worker')) {
        results.coldStart = await timed(`service worker cold start ×${COLD_STARTS}`, () =>
          measureColdStart(ext, COLD_STARTS),
        );
        results.workerHeap.afterColdStart = await workerHeap(ext).catch(() => null);
      }

      if (args.sections.has('capture-cpu')) {
        const tag = Date.now().toString(36);
        results.captureCpu = await timed(`worker CPU per 16 KB capture ×${CPU_CAPTURES}`, () =>
          measureCaptureCpu({ ext, server, pages, tag }),
        );
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
      results.capacity = await timed(`outbox capacity ${CAPACITY_ITEMS} × ${formatKB(CAPACITY_BYTES, 0)}`, () =>
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
  const recorded = recordResults(report.rows, date);
  console.log(
    recorded.length
      ? `Recorded ${recorded.length} README row(s) in bench/last-results.json; \`node --import tsx bench/readme-table.ts --write\` puts them in the README.`
      : 'No README row had all its budgets checked in this run; bench/last-results.json is unchanged.',
  );
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

/** Each section's rows and notes, in the order the table prints them (the reports are in bench/reports/). */
function buildReport(r: Results, sections: Set<Section>): Report {
  const report = new Report();
  reportFootprint(report, r);
  reportCalibration(report, r);
  reportOverhead(report, r);
  reportLatency(report, r);
  reportPopup(report, r);
  reportSidepanel(report, r);
  reportSuggestions(report, r);
  reportSave(report, r);
  reportCapacity(report, r);
  reportWorker(report, r);
  reportCaptureCpu(report, r);
  reportDrain(report, r);
  reportRecovery(report, r);
  if (r.overhead || r.workerHeap || r.captureCpu)
    report.note(
      'Where the content script spends its time, by function: `node --import tsx bench/profile.ts [chatgpt|claude] [load|stream]` (CPU profile of the same 1,000-turn page); the service worker during one 16 KB capture: `node --import tsx bench/profile.ts chatgpt capture`.',
    );
  reportRedaction(report, r);

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
