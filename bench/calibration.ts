/**
 * Method check and floors, with a throw-away extension written to a temp dir and loaded in its own browser:
 *  - its content script, on one page, blocks the main thread for 120 ms once and then runs a 500 ms interval. The
 *    probes the bench uses must see an isolated world of that extension, a long task, and timer fires plus function
 *    calls from its URL in a 2 s idle trace; where a probe misses it, the budgets relying on it print n/a;
 *  - its page (used as popup and options page) sends one message and renders a textarea and a status line, and its
 *    service worker answers every message at once: the popup and cold-start measurements run on it unchanged, which
 *    gives Chrome's own floor for those figures on this machine.
 * (Long animation frames are not used for attribution: Chrome leaves extension scripts out of their `scripts`.)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { probeInjection } from './footprint';
import {
  captureProcessesCpuMs,
  launchExtension,
  mainFrameId,
  traceFor,
  type Cleanup,
  type Extension,
} from './lib/browser';
import { PAGE_HELPER } from './lib/fixtures';
import { sleep } from './lib/stats';
import { measurePopup, type PopupSample } from './popup';
import { AFTER_201_MS } from './capture-cpu';
import { measureColdStart, type ColdStart } from './worker';

const HOST = 'bench-calibration.example';
const FLOOR_POPUP_OPENS = 10;
const FLOOR_COLD_STARTS = 6;
const FLOOR_WAKES = 5;

export type Calibration = {
  isolatedWorldSeen: boolean;
  longTaskSeen: boolean;
  idleTimerFires: number;
  idleExtensionCalls: number;
  floorPopup: PopupSample[];
  floorColdStart: ColdStart;
  /** Extension process CPU (ms) from before a page message wakes the stopped one-line worker until 1.5 s after its reply. */
  floorWakeCpuMs: number[];
};

const FILES: Record<string, string> = {
  'manifest.json': JSON.stringify({
    manifest_version: 3,
    name: 'Bench calibration',
    version: '1.0',
    background: { service_worker: 'sw.js' },
    action: { default_popup: 'page.html' },
    options_ui: { page: 'page.html' },
    content_scripts: [{ matches: [`https://${HOST}/*`], js: ['content.js'], run_at: 'document_idle' }],
  }),
  'content.js': `const end = performance.now() + 120; while (performance.now() < end) {}
setInterval(function calibrationTick() { let x = 0; for (let i = 0; i < 1e4; i++) x += i; }, 500);
addEventListener('message', (e) => {
  if (e.data !== 'bench-wake') return;
  chrome.runtime.sendMessage({ type: 'ping' }).then(() => { document.title = 'woken ' + Date.now(); });
});`,
  'sw.js': `chrome.runtime.onMessage.addListener((message, sender, reply) => { reply({ ok: true, value: null }); });`,
  'page.html': `<!doctype html><html><head><meta charset="utf-8"><script type="module" src="page.js"></script></head>
<body><div id="app"></div></body></html>`,
  'page.js': `await chrome.runtime.sendMessage({ type: 'ui:status' });
const app = document.getElementById('app');
const line = document.createElement('p');
line.className = 'connection-line';
line.textContent = 'Connected';
const label = document.createElement('label');
label.htmlFor = 'qs-memory';
label.textContent = 'Memory';
const memory = document.createElement('textarea');
memory.id = 'qs-memory';
app.append(line, label, memory);`,
};

export async function calibrate(cleanup: Cleanup): Promise<Calibration> {
  const dir = join(cleanup.tempDir('mnueron-bench-calib-'), 'calibration');
  mkdirSync(dir);
  for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);
  const ext = await launchExtension(cleanup, dir);
  try {
    await ext.context.route(`https://${HOST}/**`, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>calibration</title><p>calibration</p>' }),
    );
    const injection = await probeInjection(ext.context, ext.id, `https://${HOST}/`);
    const page = await ext.context.newPage();
    await page.addInitScript({ content: PAGE_HELPER });
    const cdp = await ext.context.newCDPSession(page);
    await page.goto(`https://${HOST}/`, { waitUntil: 'load' });
    await sleep(800);
    const long = (await page.evaluate('window.__bench.long')) as unknown[];
    const frame = await mainFrameId(cdp);
    const events = await traceFor(cdp, 2_000);
    await page.close();
    const frameOf = (e: { args?: Record<string, unknown> }) => (e.args?.data as { frame?: string } | undefined)?.frame;
    const pids = new Set(events.filter((e) => frameOf(e) === frame).map((e) => e.pid));
    const origin = `chrome-extension://${ext.id}`;
    const floorPopup = await measurePopup(ext, FLOOR_POPUP_OPENS);
    const floorColdStart = await measureColdStart(ext, FLOOR_COLD_STARTS);
    const floorWakeCpuMs = await measureWakeCpu(ext);
    return {
      isolatedWorldSeen: injection.extensionWorlds > 0,
      longTaskSeen: long.length > 0,
      idleTimerFires: events.filter((e) => e.name === 'TimerFire' && frameOf(e) === frame).length,
      idleExtensionCalls: events.filter(
        (e) =>
          e.name === 'FunctionCall' &&
          pids.has(e.pid) &&
          String((e.args?.data as { url?: string } | undefined)?.url ?? '').startsWith(origin),
      ).length,
      floorPopup,
      floorColdStart,
      floorWakeCpuMs,
    };
  } finally {
    await ext.context.close();
  }
}

/** The floor of the capture CPU figure: the same window (worker stopped, woken by a page's message, then
 * AFTER_201_MS) around the one-line worker, no extension page open. */
async function measureWakeCpu(ext: Extension): Promise<number[]> {
  const page = await ext.context.newPage();
  const out: number[] = [];
  try {
    await page.goto(`https://${HOST}/`, { waitUntil: 'load' });
    await sleep(500);
    for (let i = 0; i < FLOOR_WAKES; i++) {
      if (!(await ext.stopWorker())) continue;
      await sleep(200);
      const before = await captureProcessesCpuMs(ext.context);
      await page.evaluate(`postMessage('bench-wake', '*')`);
      await page.waitForFunction(() => document.title.startsWith('woken'), undefined, { timeout: 10_000 });
      await page.evaluate(`document.title = ''`);
      await sleep(AFTER_201_MS);
      const after = await captureProcessesCpuMs(ext.context);
      if (before !== null && after !== null) out.push(after.extension - before.extension);
    }
  } finally {
    await page.close();
  }
  return out;
}
