/**
 * Page overhead of chat capture on a 1,000-turn conversation, with the extension (capture on for the site) versus
 * the same page in a browser without it. Per site and condition, on the same generated page:
 *  - load: ScriptDuration/TaskDuration (CDP Performance.getMetrics) one second after `load`, and ScriptDuration
 *    LOAD_WINDOW_MS (5 s) after `load`, over LOAD_REPEATS fresh pages (median);
 *  - streaming: an in-page driver appends STREAM_TOKENS tokens at TOKENS_PER_SECOND; ScriptDuration/TaskDuration
 *    deltas over the stream, per second; and ScriptDuration from the stream's start (the Send) until
 *    SETTLED_AFTER_COMPLETION_MS after completion, per second, which holds the final capture;
 *  - long tasks (PerformanceObserver 'longtask' in the page), by phase, compared with vs without;
 *  - completion as the fixture describes it, then (with the extension) the time to the server's 201;
 *  - idle: a 5 s devtools.timeline trace after everything settled, counting TimerFire and FireAnimationFrame in
 *    the page's main frame and any function call from a chrome-extension:// script;
 *  - typing: KEY_ROUNDS × 50 characters into the composer, per-key latency measured in the page;
 *  - JS heap of the page's isolate (all worlds, after GC) after load and after the capture.
 */
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import type { TestServer } from '../test/e2e/harness';
import { PAGE_HELPER, SITES, longChatPage, type BenchSite } from './lib/fixtures';
import { heapAfterGc, mainFrameId, metrics, traceFor } from './lib/browser';
import { poll, sleep } from './lib/stats';

export const TURNS = 1_000;
export const STREAM_TOKENS = 4_000;
export const TOKENS_PER_SECOND = 200;
export const LOAD_REPEATS = 3;
export const IDLE_MS = 5_000;
export const KEY_ROUNDS = 3;
const KEYS_PER_ROUND = 50;
const SETTLE_AFTER_LOAD_MS = 1_000;
/** The second load figure's window: script time from navigation until this long after `load`. */
export const LOAD_WINDOW_MS = 5_000;
/** The Send → settled window ends this long after completion (the final capture falls inside it). */
export const SETTLED_AFTER_COMPLETION_MS = 3_000;

export type Condition = 'with' | 'without';

export type OverheadRun = {
  site: BenchSite;
  condition: Condition;
  pageBytes: number;
  turns: number;
  loadScriptMs: number[];
  loadTaskMs: number[];
  /** ScriptDuration from navigation until LOAD_WINDOW_MS after `load`, per load. */
  load5sScriptMs: number[];
  /** Page isolate's used JS heap after two forced GCs: 1 s after load, and after stream + completion + capture. */
  heapAfterLoad: number;
  heapAfterCapture: number;
  streamSeconds: number;
  streamScriptMs: number;
  streamTaskMs: number;
  /** ScriptDuration from the stream's start (Send) until SETTLED_AFTER_COMPLETION_MS after completion, and that window. */
  settledScriptMs: number;
  settledSeconds: number;
  /** Long tasks by phase: load (+ settle), stream, completion (+ capture wait), idle trace, typing. */
  longTasks: Record<Phase, number> & { total: number; list: Array<{ phase: Phase; start: number; duration: number }> };
  /** Forced + regular layouts and style recalcs during the stream (count deltas). */
  streamLayouts: number;
  streamStyleRecalcs: number;
  /** With the extension: ms from the completion signal to the server's 201 (null: nothing arrived). */
  captureMs: number | null;
  /** The stored memory holds the last streamed token (not a partial answer). */
  capturedWhole: boolean | null;
  idle: { timerFires: number; animationFrames: number; extensionCalls: number; totalTimerFiresInProcess: number };
  keyLatencyMs: number[];
  keyRoundTripMs: number[];
};

export type Phase = 'load' | 'stream' | 'completion' | 'idle' | 'typing';

async function openChatPage(context: BrowserContext, url: string): Promise<{ page: Page; cdp: CDPSession }> {
  const page = await context.newPage();
  await page.addInitScript({ content: PAGE_HELPER });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
  await sleep(SETTLE_AFTER_LOAD_MS);
  return { page, cdp };
}

export async function runOverhead(options: {
  context: BrowserContext;
  condition: Condition;
  site: BenchSite;
  pages: Map<string, string>;
  server: TestServer | null;
  extensionId: string | null;
  tag: string;
}): Promise<OverheadRun> {
  const { context, condition, site, pages, server, extensionId, tag } = options;
  const spec = SITES[site];
  const html = longChatPage(site, TURNS);
  const loadScriptMs: number[] = [];
  const loadTaskMs: number[] = [];
  const load5sScriptMs: number[] = [];
  let page: Page | null = null;
  let cdp: CDPSession | null = null;
  for (let r = 0; r < LOAD_REPEATS; r++) {
    // A fresh conversation id per load, so nothing is remembered between loads.
    const path = spec.path(`bench-${tag}-${site}-${condition}-${r}`);
    pages.set(`${spec.origin}${path}`, html);
    if (page) await page.close();
    ({ page, cdp } = await openChatPage(context, `${spec.origin}${path}`));
    const m = await metrics(cdp);
    loadScriptMs.push(m.ScriptDuration! * 1000);
    loadTaskMs.push(m.TaskDuration! * 1000);
    await sleep(LOAD_WINDOW_MS - SETTLE_AFTER_LOAD_MS);
    load5sScriptMs.push((await metrics(cdp)).ScriptDuration! * 1000);
  }
  if (!page || !cdp) throw new Error('no page');
  try {
    const heapAfterLoad = await heapAfterGc(cdp);

    // Streaming.
    const sendAt = Date.now();
    const before = await metrics(cdp);
    const stream = (await page.evaluate(`window.__bench.stream(${STREAM_TOKENS}, ${TOKENS_PER_SECOND})`)) as {
      start: number;
      end: number;
    };
    const after = await metrics(cdp);
    const streamSeconds = (stream.end - stream.start) / 1000;
    const lastToken = (await page.evaluate('window.__bench.lastToken')) as string;

    const now = () => page!.evaluate('performance.now()') as Promise<number>;
    // Completion, and with the extension the capture's arrival at the server.
    const requestsBefore = server ? server.control.requests.length : 0;
    const completedAt = (await page.evaluate(`window.__bench.complete(${JSON.stringify(site)})`)) as number;
    let captureMs: number | null = null;
    let capturedWhole: boolean | null = null;
    if (condition === 'with' && server) {
      const created = await poll(
        () =>
          server.control.requests
            .slice(requestsBefore)
            .find((r) => r.method === 'POST' && r.path === '/api/memories' && r.status === 201),
        15_000,
        10,
      );
      captureMs = created ? created.at - completedAt : null;
    }
    // Send → 3 s after completion, the final capture included (with the extension it has arrived by now, or is late).
    await sleep(Math.max(0, completedAt + SETTLED_AFTER_COMPLETION_MS - Date.now()));
    const settled = await metrics(cdp);
    const settledSeconds = (Date.now() - sendAt) / 1000;
    if (condition === 'with' && server) {
      const stored = server.control.memories().filter((m) => m.source_ref?.includes(`bench-${tag}-${site}-with-`));
      capturedWhole = stored.length > 0 ? stored.some((m) => m.content.includes(lastToken)) : false;
    }
    // Before the idle trace and typing: Playwright's click injects its own script into the page.
    const heapAfterCapture = await heapAfterGc(cdp);
    await sleep(300);

    // Idle: nothing should run.
    const idleStart = await now();
    const frame = await mainFrameId(cdp);
    const events = await traceFor(cdp, IDLE_MS);
    const inFrame = (e: { args?: Record<string, unknown> }) =>
      (e.args?.data as { frame?: string } | undefined)?.frame === frame;
    const timerFires = events.filter((e) => e.name === 'TimerFire' && inFrame(e)).length;
    const animationFrames = events.filter((e) => e.name === 'FireAnimationFrame' && inFrame(e)).length;
    const pagePids = new Set(events.filter(inFrame).map((e) => e.pid));
    const totalTimerFiresInProcess = events.filter((e) => e.name === 'TimerFire' && pagePids.has(e.pid)).length;
    const extensionCalls = extensionId
      ? events.filter(
          (e) =>
            e.name === 'FunctionCall' &&
            pagePids.has(e.pid) &&
            String((e.args?.data as { url?: string } | undefined)?.url ?? '').startsWith(
              `chrome-extension://${extensionId}`,
            ),
        ).length
      : 0;

    // Typing in the composer.
    const typingStart = await now();
    await page.click(spec.composer);
    await page.evaluate('window.__bench.installKeys()');
    const keyRoundTripMs: number[] = [];
    const text = 'Prefers two-space indentation, small commits, tabs';
    for (let round = 0; round < KEY_ROUNDS; round++) {
      for (const ch of text.slice(0, KEYS_PER_ROUND)) {
        const t0 = performance.now();
        await page.keyboard.press(ch === ' ' ? 'Space' : ch);
        keyRoundTripMs.push(performance.now() - t0);
      }
      await sleep(200);
    }
    await sleep(200);
    const keyLatencyMs = (await page.evaluate('window.__bench.keys.latencies')) as number[];

    // Long tasks by phase.
    const long = (await page.evaluate('window.__bench.long')) as Array<{ start: number; duration: number }>;
    const phaseOf = (start: number): Phase =>
      start < stream.start
        ? 'load'
        : start <= stream.end
          ? 'stream'
          : start < idleStart
            ? 'completion'
            : start < typingStart
              ? 'idle'
              : 'typing';
    const list = long.map((t) => ({ phase: phaseOf(t.start), start: Math.round(t.start), duration: t.duration }));
    const count = (phase: Phase) => list.filter((t) => t.phase === phase).length;

    return {
      site,
      condition,
      pageBytes: Buffer.byteLength(html),
      turns: TURNS,
      loadScriptMs,
      loadTaskMs,
      load5sScriptMs,
      heapAfterLoad,
      heapAfterCapture,
      streamSeconds,
      streamScriptMs: (after.ScriptDuration! - before.ScriptDuration!) * 1000,
      streamTaskMs: (after.TaskDuration! - before.TaskDuration!) * 1000,
      settledScriptMs: (settled.ScriptDuration! - before.ScriptDuration!) * 1000,
      settledSeconds,
      longTasks: {
        load: count('load'),
        stream: count('stream'),
        completion: count('completion'),
        idle: count('idle'),
        typing: count('typing'),
        total: list.length,
        list,
      },
      streamLayouts: after.LayoutCount! - before.LayoutCount!,
      streamStyleRecalcs: after.RecalcStyleCount! - before.RecalcStyleCount!,
      captureMs,
      capturedWhole,
      idle: { timerFires, animationFrames, extensionCalls, totalTimerFiresInProcess },
      keyLatencyMs,
      keyRoundTripMs,
    };
  } finally {
    await page.close();
  }
}
