/**
 * Live turn tracking for one conversation: one MutationObserver on the thread container, mutations batched per
 * animation frame, completion decided after a quiet period.
 *
 * Cost rules: per batch, only the turns the mutations touched are looked at (a `closest()` per record); the turn
 * list is re-read only when nodes are added or removed outside every turn (a new turn, virtualization); Markdown is
 * only produced when a turn is done. The settle timer exists only while some answer is pending.
 *
 * Which answers are sent: only those seen unfinished (streaming, regenerating, or without their finished signal)
 * while we watched and that then completed. Turns already finished when we attach — on page load, on enabling, on
 * SPA navigation, and rows a virtualized or lazy-loading list mounts later — are a baseline and never sent live.
 */
import { visible, type SiteAdapter } from './adapter';
import { exchangeAt, type Exchange } from './exchange';

/** Quiet period after the last change in a finished answer (late hydration, e.g. Perplexity citations). */
export const QUIET_MS = 700;
/** While an answer is pending but nothing changes, look again at growing intervals up to this. */
const SLOWEST_MS = 4_000;
/** Give up on a pending answer that never moves: a stale or broken signal, not a generation… */
const IDLE_GIVE_UP_MS = 30_000;
/** …unless the page still says it is generating (long reasoning). */
const BUSY_GIVE_UP_MS = 10 * 60_000;

type Pending = {
  el: Element;
  ordinal: number;
  /** Last time a mutation touched it. */
  changed: number;
  /** Next time to look at it. */
  at: number;
  gap: number;
  /** The stop button was seen while this answer was pending (so its disappearance means "ended"). */
  sawStop: boolean;
  /** The user clicked the stop button while this answer was pending. */
  stopClicked: boolean;
};

export type TrackerOptions = {
  adapter: SiteAdapter;
  doc: Document;
  root: Element;
  conversationId: string;
  signal: AbortSignal;
  /** A finished exchange (live). Dedupe and gates are the caller's. */
  onExchange(ex: Exchange): void;
  /** Exchanges already on the page when tracking starts (the last two), for `replaces`. */
  onBaseline?(ex: Exchange): void;
  /** After each re-read of the turn list: how many turns, how many with a role. */
  onTurns?(count: number, withRole: number): void;
};

export type Tracker = { stopClicked(): void; turns(): Element[] };

export function track(o: TrackerOptions): Tracker {
  const { adapter: a, doc, root, signal } = o;
  const known = new WeakSet<Element>();
  const pending = new Map<Element, Pending>();
  let list: Element[] = [];
  let lastAnswer: Element | null = null;
  let queue: MutationRecord[] = [];
  let frame = 0;
  let frameIsTimeout = false;
  let timer = 0;
  let timerAt = 0;

  const stopVisible = () => visible(doc.querySelector(a.stop));
  const ordinalOf = (el: Element) => a.ordinal?.(el) ?? list.indexOf(el);

  /** Re-reads the turn list; returns turns not seen before. */
  function rescan(): Element[] {
    list = a.turns(root);
    lastAnswer = null;
    let withRole = 0;
    const fresh: Element[] = [];
    for (const el of list) {
      if (!known.has(el)) {
        known.add(el);
        fresh.push(el);
      }
    }
    for (let i = list.length - 1; i >= 0; i--) {
      const r = a.role(list[i]!);
      if (r) withRole++;
      if (r === 'assistant' && !lastAnswer) lastAnswer = list[i]!;
      if (lastAnswer && withRole) break;
    }
    o.onTurns?.(list.length, withRole);
    return fresh;
  }

  function touch(el: Element, now: number) {
    if (a.role(el) !== 'assistant') return;
    let p = pending.get(el);
    if (!p) {
      const stop = el === lastAnswer && stopVisible();
      // A finished answer re-rendered, hovered or remounted: nothing to do, not even Markdown.
      if (!stop && !a.streaming(el) && a.finished(el)) return;
      p = { el, ordinal: ordinalOf(el), changed: now, at: 0, gap: QUIET_MS, sawStop: stop, stopClicked: false };
      pending.set(el, p);
    } else if (!p.sawStop && el === lastAnswer) {
      p.sawStop = stopVisible();
    }
    p.changed = now;
    p.gap = QUIET_MS;
    p.at = now + QUIET_MS;
    arm(p.at);
  }

  function arm(at: number) {
    if (timer && timerAt <= at) return;
    if (timer) clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(settle, Math.max(0, at - Date.now())) as unknown as number;
  }

  function settle() {
    timer = 0;
    const now = Date.now();
    let next = Infinity;
    for (const p of [...pending.values()]) {
      if (!p.el.isConnected) {
        // Re-rendered as a new element: carry the state over to whatever now stands at the same position.
        pending.delete(p.el);
        rescan();
        const again = list.find((el) => a.role(el) === 'assistant' && ordinalOf(el) === p.ordinal);
        if (!again || pending.has(again)) continue;
        p.el = again;
        pending.set(again, p);
      }
      if (p.at > now) {
        next = Math.min(next, p.at);
        continue;
      }
      const el = p.el;
      const stop = el === lastAnswer && stopVisible();
      const streaming = a.streaming(el);
      const done = !streaming && a.finished(el);
      if (stop) p.sawStop = true;
      else if (done || p.sawStop || p.stopClicked) {
        // Finished (or stopped: the stop button went away without the finished signal) and quiet for QUIET_MS.
        pending.delete(el);
        if (list.indexOf(el) < 0) rescan();
        const i = list.indexOf(el);
        const ex = i < 0 ? null : exchangeAt(a, o.conversationId, list, i, !done || p.stopClicked);
        if (ex) o.onExchange(ex);
        continue;
      }
      if (now - p.changed > (stop || streaming ? BUSY_GIVE_UP_MS : IDLE_GIVE_UP_MS)) {
        pending.delete(el);
        continue;
      }
      p.gap = Math.min(p.gap * 2, SLOWEST_MS);
      p.at = now + p.gap;
      next = Math.min(next, p.at);
    }
    if (next < Infinity) arm(next);
  }

  function flush() {
    frame = 0;
    const records = queue;
    queue = [];
    const now = Date.now();
    const touched = new Set<Element>();
    let structural = false;
    let lastTarget: Node | null = null;
    let lastTurn: Element | null = null;
    for (const r of records) {
      if (r.target !== lastTarget) {
        lastTarget = r.target;
        const el = r.target.nodeType === 1 ? (r.target as Element) : r.target.parentElement;
        lastTurn = el && a.turnOf(el);
      }
      if (lastTurn) touched.add(lastTurn);
      else if (r.type === 'childList') structural = true;
    }
    if (structural) for (const el of rescan()) touched.add(el);
    for (const el of touched) touch(el, now);
  }

  function schedule() {
    if (frame) return;
    // Hidden tabs get no animation frames; an answer finishing in a background tab must still be captured.
    frameIsTimeout = doc.hidden;
    frame = frameIsTimeout ? (setTimeout(flush, 100) as unknown as number) : requestAnimationFrame(flush);
  }

  const observer = new MutationObserver((records) => {
    for (const r of records) queue.push(r);
    schedule();
  });

  // Baseline: every mounted turn is known; a generation already under way finishes while we watch, so it counts.
  rescan();
  if (lastAnswer) touch(lastAnswer, Date.now());
  observer.observe(root, {
    childList: true,
    subtree: true,
    characterData: true,
    ...(a.attributes.length ? { attributes: true, attributeFilter: a.attributes } : {}),
  });
  // Keys of the last answers on the page, so a regeneration can say what it replaces. Done once, when idle.
  const idle = setTimeout(() => {
    if (!o.onBaseline) return;
    let found = 0;
    for (let i = list.length - 1; i >= 0 && found < 2; i--) {
      const el = list[i]!;
      if (a.role(el) !== 'assistant' || pending.has(el)) continue;
      found++;
      const ex = exchangeAt(a, o.conversationId, list, i, false);
      if (ex) o.onBaseline(ex);
    }
  }, 50);

  signal.addEventListener('abort', () => {
    observer.disconnect();
    clearTimeout(idle);
    if (timer) clearTimeout(timer);
    if (frame) (frameIsTimeout ? clearTimeout : cancelAnimationFrame)(frame);
    pending.clear();
  });

  return {
    stopClicked() {
      for (const p of pending.values()) {
        p.stopClicked = true;
        p.at = Date.now() + QUIET_MS;
        arm(p.at);
      }
    },
    turns: () => list,
  };
}
