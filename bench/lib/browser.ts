/**
 * Launches Debian's Chromium for the bench: one profile with the built extension (a snapshot of dist/ taken at the
 * start, so another engineer's `npm run build` mid-run cannot change what is measured) and one without it, with
 * otherwise identical flags. Every launch, server and temp dir is registered with a Cleanup so nothing outlives
 * the run.
 */
import { chromium, type BrowserContext, type CDPSession, type Page, type Worker } from 'playwright-core';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium } from '../../scripts/browsers';
import type { Reply, ReplyMap, UiMessage } from '../../src/shared/messages';
import { poll, sleep } from './stats';

/** Undo steps run in reverse order, once, at the end or on a signal. */
export class Cleanup {
  private steps: Array<{ name: string; run: () => Promise<void> | void }> = [];
  private done = false;

  add(name: string, run: () => Promise<void> | void): void {
    this.steps.push({ name, run });
  }

  tempDir(prefix: string): string {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    this.add(`rm ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
    return dir;
  }

  async runAll(): Promise<void> {
    if (this.done) return;
    this.done = true;
    for (const step of this.steps.reverse()) {
      try {
        await Promise.race([step.run(), sleep(15_000)]);
      } catch (error) {
        console.error(`cleanup "${step.name}" failed: ${String(error)}`);
      }
    }
  }
}

const COMMON_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

export async function launchPlain(cleanup: Cleanup): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(cleanup.tempDir('mnueron-bench-plain-'), {
    executablePath: findChromium(),
    headless: true,
    args: COMMON_ARGS,
  });
  cleanup.add('close plain browser', () => context.close());
  return context;
}

export type Extension = {
  context: BrowserContext;
  id: string;
  origin: string;
  popupPath: string;
  optionsPath: string;
  /** The live service worker (woken with a message from an extension page if it was stopped). */
  worker(): Promise<Worker>;
  /** A ui:* message through the background's router, evaluated in the worker as an extension page would send it. */
  send<T extends UiMessage['type']>(message: Extract<UiMessage, { type: T }>): Promise<Reply<ReplyMap[T]>>;
  /** CDP session on some page of the context, for Target.* calls. */
  browserSession(): Promise<CDPSession>;
  /** Service-worker targets of the extension. */
  workerTargets(): Promise<Array<{ targetId: string; url: string }>>;
  /** Closes the worker's target as Chrome does when it idles out; resolves once no worker target is left. */
  stopWorker(): Promise<boolean>;
};

export async function launchExtension(cleanup: Cleanup, extensionDir: string): Promise<Extension> {
  const context = await chromium.launchPersistentContext(cleanup.tempDir('mnueron-bench-ext-'), {
    executablePath: findChromium(),
    headless: true,
    args: [...COMMON_ARGS, `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`],
  });
  cleanup.add('close extension browser', () => context.close());
  const first = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  const id = new URL(first.url()).host;
  const origin = `chrome-extension://${id}`;
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')) as {
    action: { default_popup: string };
    options_ui: { page: string };
  };
  // The install opens the options page over a blank tab in front: wait for it, so it takes over no page of ours.
  const optionsUrl = `${origin}/${manifest.options_ui.page}`;
  await poll(() => Promise.resolve(context.pages().some((p) => p.url().startsWith(optionsUrl))), 15_000, 50);

  // Playwright keeps a stopped worker's object (its evaluate never settles): track the newest, probe liveness.
  let latest: Worker = first;
  context.on('serviceworker', (w) => {
    if (w.url().startsWith(origin)) latest = w;
  });
  const probe = (w: Worker) =>
    Promise.race([w.evaluate(() => 1).catch(() => null), sleep(1_000).then(() => null)]).catch(() => null);

  let session: CDPSession | null = null;
  async function browserSession(): Promise<CDPSession> {
    if (session) return session;
    const page = context.pages()[0] ?? (await context.newPage());
    session = await context.newCDPSession(page);
    return session;
  }

  async function workerTargets() {
    const { targetInfos } = (await (await browserSession()).send('Target.getTargets')) as {
      targetInfos: Array<{ targetId: string; type: string; url: string }>;
    };
    return targetInfos.filter((t) => t.type === 'service_worker' && t.url.startsWith(origin));
  }

  async function worker(): Promise<Worker> {
    if ((await probe(latest)) !== null) return latest;
    const waiting = context.waitForEvent('serviceworker', { timeout: 15_000 }).catch(() => null);
    const page = await context.newPage();
    await page.goto(`${origin}/${manifest.options_ui.page}`).catch(() => undefined);
    await page
      .evaluate(() =>
        (globalThis as unknown as { chrome: typeof chrome }).chrome.runtime.sendMessage({ type: 'ui:status' }),
      )
      .catch(() => undefined);
    const woken = await Promise.race([
      waiting,
      poll(async () => ((await probe(latest)) !== null ? latest : null), 15_000, 100),
    ]);
    await page.close();
    if (!woken) throw new Error('the service worker did not start');
    return woken;
  }

  return {
    context,
    id,
    origin,
    popupPath: manifest.action.default_popup,
    optionsPath: manifest.options_ui.page,
    worker,
    browserSession,
    workerTargets,
    async send(message) {
      const sw = await worker();
      return sw.evaluate(async (m) => {
        const g = globalThis as unknown as {
          __mnueron: { route(m: unknown, s: unknown): Promise<unknown> };
          chrome: { runtime: { id: string; getURL(p: string): string } };
        };
        return g.__mnueron.route(m, { id: g.chrome.runtime.id, url: g.chrome.runtime.getURL('src/popup/index.html') });
      }, message as unknown) as never;
    },
    async stopWorker() {
      const cdp = await browserSession();
      for (const t of await workerTargets()) await cdp.send('Target.closeTarget', { targetId: t.targetId });
      const gone = await poll(async () => (await workerTargets()).length === 0, 5_000, 10);
      return gone === true;
    },
  };
}

/** The worker's own CDP session (non-flattened attach through a page session; Playwright has none for workers). */
export class WorkerSession {
  private nextId = 1;
  private waiting = new Map<number, (message: { result?: unknown; error?: { message: string } }) => void>();
  private constructor(
    private readonly cdp: CDPSession,
    private readonly sessionId: string,
  ) {
    cdp.on('Target.receivedMessageFromTarget', (event: { sessionId: string; message: string }) => {
      if (event.sessionId !== this.sessionId) return;
      const message = JSON.parse(event.message) as { id?: number; result?: unknown; error?: { message: string } };
      if (message.id !== undefined) this.waiting.get(message.id)?.(message);
    });
  }

  static async attach(cdp: CDPSession, targetId: string): Promise<WorkerSession> {
    const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId, flatten: false })) as {
      sessionId: string;
    };
    return new WorkerSession(cdp, sessionId);
  }

  send<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`${method}: no answer from the worker`));
      }, 10_000);
      this.waiting.set(id, (message) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else resolve(message.result as T);
      });
      void this.cdp
        .send('Target.sendMessageToTarget', {
          sessionId: this.sessionId,
          message: JSON.stringify({ id, method, params }),
        })
        .catch(reject);
    });
  }

  async detach(): Promise<void> {
    await this.cdp.send('Target.detachFromTarget', { sessionId: this.sessionId }).catch(() => undefined);
  }
}

/** Performance.getMetrics as a name → value map (durations in seconds, sizes in bytes). */
export async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = (await cdp.send('Performance.getMetrics')) as {
    metrics: Array<{ name: string; value: number }>;
  };
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

/** JS heap of the page's isolate after a full GC (every world of the page lives in that one isolate). */
export async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  return usage.usedSize;
}

export type TraceEvent = {
  name: string;
  cat: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  args?: Record<string, unknown>;
};

/** Records `devtools.timeline` trace events for `durationMs` from the page's session. */
export async function traceFor(cdp: CDPSession, durationMs: number): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  const onData = (e: { value: object[] }) => {
    events.push(...(e.value as TraceEvent[]));
  };
  cdp.on('Tracing.dataCollected', onData);
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: ['devtools.timeline', 'v8.execute', 'disabled-by-default-devtools.timeline'] },
  });
  await sleep(durationMs);
  await cdp.send('Tracing.end');
  await complete;
  cdp.off('Tracing.dataCollected', onData);
  return events;
}

/** The main frame id of a page (trace events name their frame). */
export async function mainFrameId(cdp: CDPSession): Promise<string> {
  const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
  return frameTree.frame.id;
}

export type { Page };

/** CPU time (ms) so far of the processes a capture runs in: the extension's renderer and the storage service. */
export type CaptureProcessesCpu = { extension: number; storage: number };

/**
 * CPU time (ms) used so far by the extension's renderer process — the one Chromium starts with
 * `--extension-process`, which hosts the service worker (and any open extension page) — and by the storage service
 * (a utility process; where IndexedDB's backend runs in it, the outbox writes), each summed over its threads from
 * /proc/<pid>/task/<tid>/schedstat (nanoseconds on the CPU; Linux only). A process that is not running counts 0 (a
 * stopped worker's process may have exited: the next one starts from 0); null without a browser to ask.
 */
export async function captureProcessesCpuMs(context: BrowserContext): Promise<CaptureProcessesCpu | null> {
  const browser = context.browser();
  if (!browser) return null;
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as {
      processInfo: Array<{ type: string; id: number }>;
    };
    const total: CaptureProcessesCpu = { extension: 0, storage: 0 };
    for (const p of processInfo) {
      let kind: keyof CaptureProcessesCpu;
      if (p.type === 'storage.mojom.StorageService') kind = 'storage';
      else if (p.type === 'renderer') kind = 'extension';
      else continue;
      let cmdline = '';
      try {
        // A renderer rewrites its argv as one space-separated string.
        cmdline = readFileSync(`/proc/${p.id}/cmdline`, 'utf8').replaceAll('\0', ' ');
      } catch {
        continue;
      }
      if (kind === 'extension' && !/ --extension-process( |$)/.test(cmdline)) continue;
      let ns = 0;
      for (const tid of readdirSync(`/proc/${p.id}/task`)) {
        try {
          ns += Number(readFileSync(`/proc/${p.id}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
        } catch {
          // The thread ended between the listing and the read.
        }
      }
      total[kind] += ns / 1e6;
    }
    return total;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
