/** Page overhead: script time, long tasks, idle timers, heap and typing on a 1,000-turn page, with − without the extension (bench/page-overhead.ts). */
import { SITES } from '../lib/fixtures';
import type { Report } from '../lib/report';
import { count, formatKB, formatMB, max, median, ms, percentile } from '../lib/stats';
import {
  IDLE_MS,
  KEY_ROUNDS,
  LOAD_REPEATS,
  LOAD_WINDOW_MS,
  SETTLED_AFTER_COMPLETION_MS,
  STREAM_TOKENS,
  TOKENS_PER_SECOND,
  TURNS,
  type OverheadRun,
} from '../page-overhead';
import { BENCH_SITES, type Results } from '../results';

export function reportOverhead(report: Report, r: Results): void {
  const longTasksCalibrated = r.calibration?.longTaskSeen === true;
  const timersCalibrated = (r.calibration?.idleTimerFires ?? 0) > 0 && (r.calibration?.idleExtensionCalls ?? 0) > 0;
  if (r.overhead) {
    for (const site of BENCH_SITES) {
      const withRun = r.overhead.find((o) => o.site === site && o.condition === 'with');
      const without = r.overhead.find((o) => o.site === site && o.condition === 'without');
      if (!withRun || !without) continue;
      const S = `Page overhead: ${SITES[site].label}, ${TURNS.toLocaleString('en')}-turn page (${formatMB(withRun.pageBytes, 1)} HTML), capture on`;
      const loadWith = median(withRun.loadScriptMs);
      const loadWithout = median(without.loadScriptMs);
      report.budget({
        id: 'loadScriptAdded',
        section: S,
        metric: `Script time at page load, added (median of ${LOAD_REPEATS} loads)`,
        value: loadWith - loadWithout,
        format: (v) => ms(v),
        note: `with ${ms(loadWith)} vs without ${ms(loadWithout)} (samples ${withRun.loadScriptMs.map((v) => v.toFixed(1)).join('/')} vs ${without.loadScriptMs.map((v) => v.toFixed(1)).join('/')}; main-thread CPU time, ScriptDuration 1 s after load); task time with ${ms(median(withRun.loadTaskMs), 0)} vs ${ms(median(without.loadTaskMs), 0)}`,
      });
      const load5With = median(withRun.load5sScriptMs);
      const load5Without = median(without.load5sScriptMs);
      report.budget({
        id: 'loadScript5sAdded',
        section: S,
        metric: `Script time in the ${LOAD_WINDOW_MS / 1000} s after load, added (median of ${LOAD_REPEATS} loads)`,
        value: load5With - load5Without,
        format: (v) => ms(v),
        note: `with ${ms(load5With)} vs without ${ms(load5Without)} (samples ${withRun.load5sScriptMs.map((v) => v.toFixed(1)).join('/')} vs ${without.load5sScriptMs.map((v) => v.toFixed(1)).join('/')}; ScriptDuration from navigation to ${LOAD_WINDOW_MS / 1000} s after load)`,
      });
      const perSecond = (run: OverheadRun) => run.streamScriptMs / run.streamSeconds;
      const settledPerSecond = (run: OverheadRun) => run.settledScriptMs / run.settledSeconds;
      report.budget({
        id: 'streamScriptAdded',
        section: S,
        metric: `Script time while streaming, added per second (${STREAM_TOKENS} tokens at ${TOKENS_PER_SECOND}/s)`,
        value: perSecond(withRun) - perSecond(without),
        format: (v) => `${v.toFixed(2)} ms/s`,
        note: `with ${ms(withRun.streamScriptMs)} vs without ${ms(without.streamScriptMs)} over ${withRun.streamSeconds.toFixed(1)} s; task time ${ms(withRun.streamTaskMs / withRun.streamSeconds, 0)}/s vs ${ms(without.streamTaskMs / without.streamSeconds, 0)}/s; layouts ${withRun.streamLayouts} vs ${without.streamLayouts}, style recalcs ${withRun.streamStyleRecalcs} vs ${without.streamStyleRecalcs}`,
      });
      report.budget({
        id: 'sendToSettledAdded',
        section: S,
        metric: `Script time from Send to ${SETTLED_AFTER_COMPLETION_MS / 1000} s after completion, added per second (final capture included)`,
        value: settledPerSecond(withRun) - settledPerSecond(without),
        format: (v) => `${v.toFixed(2)} ms/s`,
        note: `with ${ms(withRun.settledScriptMs)} over ${withRun.settledSeconds.toFixed(1)} s vs without ${ms(without.settledScriptMs)} over ${without.settledSeconds.toFixed(1)} s (${STREAM_TOKENS} tokens at ${TOKENS_PER_SECOND}/s, then completion; the capture ${withRun.captureMs === null ? 'did not arrive' : `arrived ${ms(withRun.captureMs, 0)} after completion`})`,
      });
      const phases = ['load', 'stream', 'completion', 'idle', 'typing'] as const;
      const added = phases.reduce((a, p) => a + Math.max(0, withRun.longTasks[p] - without.longTasks[p]), 0);
      report.budget({
        id: 'longTasksAdded',
        section: S,
        metric: 'Long tasks (> 50 ms) added by the extension',
        value: longTasksCalibrated ? added : null,
        why: 'the long-task observer did not see the calibration task',
        format: count,
        note: `with / without, by phase: ${phases.map((p) => `${p} ${withRun.longTasks[p]}/${without.longTasks[p]}`).join(', ')}; longest ${Math.round(max(withRun.longTasks.list.map((t) => t.duration)) || 0)} / ${Math.round(max(without.longTasks.list.map((t) => t.duration)) || 0)} ms`,
      });
      const idleWith = withRun.idle.timerFires + withRun.idle.animationFrames;
      const idleWithout = without.idle.timerFires + without.idle.animationFrames;
      report.budget({
        id: 'idleTimers',
        section: S,
        metric: `Timers / animation frames firing while idle (${IDLE_MS / 1000} s), extension's`,
        value: timersCalibrated ? Math.max(withRun.idle.extensionCalls, idleWith - idleWithout) : null,
        why: 'the idle trace did not see the calibration timer',
        format: count,
        note: `TimerFire + FireAnimationFrame in the page's main frame: with ${idleWith}, without ${idleWithout}; function calls from our script: ${withRun.idle.extensionCalls}`,
      });
      const heapAdded = withRun.heapAfterCapture - without.heapAfterCapture;
      const growth = (run: OverheadRun) => run.heapAfterCapture - run.heapAfterLoad;
      report.budget({
        id: 'pageHeapAdded',
        section: S,
        metric: 'Page JS heap added (after load, stream and capture; after GC)',
        value: heapAdded,
        format: (v) => formatMB(v),
        note: `heap with ${formatMB(withRun.heapAfterCapture)} vs without ${formatMB(without.heapAfterCapture)}; after load ${formatMB(withRun.heapAfterLoad)} vs ${formatMB(without.heapAfterLoad)}; growth load → capture with ${formatMB(growth(withRun))} vs ${formatMB(growth(without))}`,
      });
      const p95With = percentile(withRun.keyLatencyMs, 95);
      const p95Without = percentile(without.keyLatencyMs, 95);
      report.budget({
        id: 'keystrokeAdded',
        section: S,
        metric: `Typing in the composer: added per keystroke, worst (p95 of ${withRun.keyLatencyMs.length})`,
        value: withRun.keyLatencyMs.length && without.keyLatencyMs.length ? p95With - p95Without : null,
        why: 'no keystroke latency recorded',
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
        formatKB(withRun.heapAfterLoad - without.heapAfterLoad, 0),
        withRun.heapAfterLoad - without.heapAfterLoad,
      );
    }
    report.note(
      `Page overhead: a ${TURNS.toLocaleString('en')}-turn page generated from each site's streaming fixture (finished pairs cloned from its first exchange, then its answer in progress), served by Playwright routing at the real origin so the manifest injects as on the site. Two browsers with identical flags, one without --load-extension; order ChatGPT with/without, Claude without/with. Script and task time are Performance.getMetrics ScriptDuration/TaskDuration in threadTicks (main-thread CPU time, less sensitive to the other core's load). Streaming: ${STREAM_TOKENS} tokens at ${TOKENS_PER_SECOND} tokens/s (${STREAM_TOKENS / TOKENS_PER_SECOND} s), figures per second; "Send" is the stream's start (the page loads with the answer already in progress, as after a Send); the stream driver is the same page script in both browsers, so it cancels out.`,
    );
    report.note(
      `Long tasks: PerformanceObserver('longtask') in the page, counted per phase; "added" = Σ max(0, with − without). Idle: a ${IDLE_MS / 1000} s devtools.timeline trace after the capture, TimerFire + FireAnimationFrame in the main frame and FunctionCall events from chrome-extension://<our id>. Typing: ${KEY_ROUNDS}×50 characters via page.keyboard; per key, keydown.timeStamp → end of the input event's dispatch (default action, every listener, their microtasks). Heap: Runtime.getHeapUsage after two forced GCs (all worlds of the page share one isolate, so with − without is the content script's share).`,
    );
  }
}
