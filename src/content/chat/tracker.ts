/**
 * Live turn tracking for one conversation: one MutationObserver on the thread container, mutations batched into one
 * idle callback per burst, completion decided after a quiet period.
 *
 * Cost rules: per batch, only the turns the mutations touched are looked at (a `closest()` per record); the turn
 * list is re-read only when nodes are added or removed outside every turn (a new turn, virtualization); Markdown is
 * only produced when a turn is done. Timers exist only while some answer is pending.
 *
 * While the page says an answer is being generated (its stop button shows, or the turn's own streaming marker), the
 * observer is disconnected: a token-by-token stream would otherwise cost two callbacks per token. Instead the
 * pending answer is looked at every BUSY_POLL_MS while its text grows, and, where the stop button is what says so, at
 * doubling intervals up to BUSY_SLOWEST_MS while it does not (a page loaded mid-answer, long reasoning); when the
 * page stops generating, observing resumes (with a re-read of the turn list; the container is looked for again only
 * if the pending answer left it) and the quiet period starts.
 *
 * Which answers are sent: only those seen unfinished (streaming, regenerating, or without their finished signal)
 * while we watched and that then completed. Turns already finished when we attach — on page load, on enabling, on
 * SPA navigation, and rows a virtualized or lazy-loading list mounts later — are a baseline and never sent live.
 * Where the page has no completion marker (`adapter.unmarked`), a new answer after the last one we knew is pending
 * even if it looks done at first sight, and finishes once its text has not changed for STABLE_MS (or once the stop
 * button we saw has gone).
 *
 * The thread container is re-found when the turns move: the container's ancestors are watched (direct children
 * only), and when a turn shows up outside the container or the container leaves the page, the adapter's container
 * is looked up again and observed instead, with what is pending carried over.
 */
import { visible, type SiteAdapter } from './adapter';

/** Quiet period after the last change in a finished answer (late hydration, e.g. Perplexity citations). */
export const QUIET_MS = 700;
/** Without a completion marker or a stop button: how long a new answer's text must stay unchanged to be finished. */
export const STABLE_MS = 3_000;
/** While the page is generating, how often to look whether it still is. */
const BUSY_POLL_MS = 400;
/** …and how often at most while the answer's text does not change. */
const BUSY_SLOWEST_MS = 1_600;
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
  sawStop?: boolean;
  /** The user clicked the stop button while this answer was pending. */
  stopClicked: boolean;
  /** Text length at the last look while generating. */
  size?: number;
  /** The page has no completion marker on this answer: only text stability (or the stop button) says it ended. */
  unmarked: boolean;
};

/**
 * What a re-read of the turn list found: how many turns, whether turns of each role are among them, and whether the
 * last answer shows a signal the adapter can complete it by (finished, streaming, a stop button, or none expected).
 */
export type TurnsSeen = { count: number; user: boolean; assistant: boolean; signal: boolean };

export type TrackerOptions = {
  adapter: SiteAdapter;
  doc: Document;
  root: Element;
  signal: AbortSignal;
  /**
   * The answer `turns[i]` finished (live); `stopped`: the user stopped it, or it ended without its finished signal.
   * Reading it (Markdown, the turn key), dedupe and gates are the caller's.
   */
  onAnswer(turns: Element[], i: number, stopped: boolean): void;
  /** The last answer already on the page when tracking starts (`baseline()`), for `replaces`. */
  onBaseline?(turns: Element[], i: number): void;
  /** After each re-read of the turn list: what the page yields (for the canary). */
  onTurns?(seen: TurnsSeen): void;
};

export type Tracker = {
  /** Reports the last answer already on the page through onBaseline, once, when the page is idle. */
  baseline(): void;
  stopClicked(): void;
  turns(): Element[];
  /** The container observed now (it is re-found when the turns move). */
  root(): Element;
};

export function track(o: TrackerOptions): Tracker {
  const { adapter: a, doc, signal } = o;
  let root = o.root;
  const known = new WeakSet<Element>();
  const pending = new Map<Element, Pending>();
  let list: Element[] = [];
  let lastAnswer: Element | null = null;
  let queue: MutationRecord[] = [];
  let frame = 0;
  let timer = 0;
  let timerAt = 0;
  /** Generating: observer off, `poll` on, every `gap` ms. */
  let busy = 0;
  let gap = BUSY_POLL_MS;
  let moving = 0;
  /** The highest position of an answer seen so far: a later one is new (for unmarked answers). */
  let newest = -1;

  // The stop button sits after the whole thread: finding it walks the document (~2 ms on a 1,000-turn page), so
  // the element is kept while it stays in the page and looked up again only once it is gone.
  let stopEl: Element | null = null;
  const stopVisible = () => {
    if (!stopEl?.isConnected) stopEl = (a.composer?.(doc) ?? doc).querySelector(a.stop);
    return visible(stopEl);
  };
  const ordinalOf = (el: Element) => a.ordinal?.(el) ?? list.indexOf(el);

  /** Re-reads the turn list; returns turns not seen before. */
  function rescan(): Element[] {
    list = a.turns(root);
    lastAnswer = null;
    let user = false;
    const fresh: Element[] = [];
    for (const el of list) {
      if (!known.has(el)) {
        known.add(el);
        fresh.push(el);
      }
    }
    for (let i = list.length - 1; i >= 0 && !(user && lastAnswer); i--) {
      const r = a.role(list[i]!);
      if (r === 'user') user = true;
      else if (r === 'assistant') lastAnswer ??= list[i]!;
    }
    const l: Element | null = lastAnswer;
    const signal = !!l && (a.finished(l) || a.streaming(l) || !!a.unmarked?.(l) || stopVisible());
    o.onTurns?.({ count: list.length, user, assistant: !!l, signal });
    return fresh;
  }

  const quiet = (p: Pending) => (p.unmarked && !p.sawStop && !p.stopClicked ? STABLE_MS : QUIET_MS);

  /** Re-reads the turn list and looks at the turns not seen before (every re-read but the baseline's). */
  function refresh(now: number) {
    for (const el of rescan()) touch(el, now);
  }

  /** Still being written: the stop button shows, or the turn's own marker says so and no Stop ended it. */
  function generating(p: Pending): boolean {
    const stop = p.el === lastAnswer && stopVisible();
    if (stop) p.sawStop = true;
    return stop || (a.streaming(p.el) && !p.sawStop && !p.stopClicked);
  }

  function touch(el: Element, now: number) {
    if (a.role(el) !== 'assistant') return;
    let p = pending.get(el);
    if (!p && pending.size) {
      // A pending answer re-rendered, or remounted by a virtualized list, as a new element: it carries on.
      const ordinal = ordinalOf(el);
      for (const q of pending.values()) {
        if (q.el.isConnected || q.ordinal !== ordinal) continue;
        pending.delete(q.el);
        pending.set((q.el = el), (p = q));
        break;
      }
    }
    const fresh = !p;
    // (its position and times are set below; sawStop starts undefined, read as false)
    p ??= { el, stopClicked: false, unmarked: !!a.unmarked?.(el) } as Pending;
    const writing = generating(p);
    if (fresh) {
      const ordinal = ordinalOf(el);
      const isNew = ordinal > newest;
      newest = Math.max(newest, ordinal);
      // A finished answer re-rendered, hovered or remounted: nothing to do, not even Markdown. Without a completion
      // marker, "looks finished" says nothing about an answer that has just appeared.
      if (!writing && !a.streaming(el) && a.finished(el) && !(p.unmarked && isNew && started)) return;
      p.ordinal = ordinal;
      pending.set(el, p);
    }
    p.changed = now;
    p.at = now + (p.gap = quiet(p));
    if (!writing) arm(p.at);
    else if (!busy) {
      observer.disconnect();
      queue = [];
      busy = setTimeout(poll, BUSY_POLL_MS) as unknown as number;
    }
  }

  function poll() {
    busy = 0;
    const now = Date.now();
    for (const p of pending.values()) {
      if (!p.el.isConnected || !generating(p)) continue;
      // still writing: note progress (for the give-up rule) and look again later
      const size = p.el.textContent?.length ?? 0;
      // (only where the stop button is what says so: a turn's own marker is looked at every BUSY_POLL_MS)
      if (size !== p.size) {
        p.changed = now;
        gap = BUSY_POLL_MS;
      } else if (p.sawStop && gap < BUSY_SLOWEST_MS) gap *= 2;
      p.size = size;
      busy = setTimeout(poll, gap) as unknown as number;
      return;
    }
    // Done generating: observe again, catch up on what changed meanwhile, and start the quiet period. The container
    // is looked for again (a walk of the whole document) only when the turns may have left it.
    observe();
    for (const p of pending.values()) {
      p.changed = now;
      p.at = now + (p.gap = quiet(p));
    }
    refresh(now);
    for (const el of pending.keys()) if (!el.isConnected || !root.contains(el)) relocateSoon();
    arm(now + QUIET_MS);
  }

  function arm(at: number) {
    if (timer && timerAt <= at) return;
    clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(settle, Math.max(0, at - Date.now())) as unknown as number;
  }

  function settle() {
    timer = 0;
    if (busy) return; // poll() re-arms when generating ends
    const now = Date.now();
    let next = Infinity;
    for (const p of [...pending.values()]) {
      if (!p.el.isConnected) {
        refresh(now); // a new element at the same position takes over (see touch)
        if (!p.el.isConnected) {
          // Unmounted (scrolled out of a virtualized list) or deleted: wait for it to come back, within reason.
          if (now - p.changed > IDLE_GIVE_UP_MS) pending.delete(p.el);
          else next = Math.min(next, (p.at = now + SLOWEST_MS));
          continue;
        }
      }
      if (p.at > now) {
        next = Math.min(next, p.at);
        continue;
      }
      const el = p.el;
      const stop = generating(p);
      const streaming = a.streaming(el);
      const done = !streaming && a.finished(el) && now - p.changed >= quiet(p);
      if (!stop && (done || p.sawStop || p.stopClicked)) {
        // Finished (or stopped: the stop button went away without the finished signal) and quiet for QUIET_MS.
        pending.delete(el);
        if (list.indexOf(el) < 0) refresh(now);
        const i = list.indexOf(el);
        if (i >= 0) o.onAnswer(list, i, !done || p.stopClicked);
        continue;
      }
      if (now - p.changed > (stop || streaming ? BUSY_GIVE_UP_MS : IDLE_GIVE_UP_MS)) {
        pending.delete(el);
        continue;
      }
      next = Math.min(next, (p.at = now + (p.gap = Math.min(p.gap * 2, SLOWEST_MS))));
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
    if (structural && !list.length) relocateSoon();
  }

  /** The turns moved out of the container, or it left the page: find the container again. */
  function relocate() {
    moving = 0;
    const next = a.container(doc);
    if (!next || next === root) return;
    observer.disconnect();
    queue = [];
    root = next;
    if (!busy) observe();
    refresh(Date.now());
  }
  function relocateSoon() {
    moving ||= requestIdleCallback(relocate, { timeout: 300 });
  }
  /** Records from the container's ancestors (direct children only): a new exchange above it, or it was replaced. */
  function outside(r: MutationRecord) {
    if (!root.isConnected) return relocateSoon();
    for (const n of r.addedNodes)
      if (n.nodeType === 1 && !(n as Element).contains(root) && a.turns(n as Element).length) return relocateSoon();
  }

  function schedule() {
    // An idle callback rather than an animation frame: hidden tabs get no frames, and an answer finishing in a
    // background tab must still be captured. The timeout bounds the delay on a busy page.
    frame ||= requestIdleCallback(flush, { timeout: 150 });
  }

  const observer = new MutationObserver((records) => {
    let inside = false;
    for (const r of records) {
      if (r.target !== root && !root.contains(r.target)) outside(r);
      else {
        queue.push(r);
        inside = true;
      }
    }
    if (inside) schedule();
  });
  function observe() {
    observer.observe(root, {
      childList: true,
      subtree: true,
      characterData: true,
      ...(a.attributes.length ? { attributes: true, attributeFilter: a.attributes } : {}),
    });
    // the same observer, on each ancestor's direct children only (cheap): see `outside`
    for (let e = root.parentElement; e; e = e.parentElement) observer.observe(e, { childList: true });
  }

  // Baseline: every mounted turn is known; a generation already under way finishes while we watch, so it counts.
  let started = false;
  rescan();
  // (the newest position only matters for answers without a completion marker: a later one is new)
  if (a.unmarked) for (const el of list) if (a.role(el) === 'assistant') newest = Math.max(newest, ordinalOf(el));
  observe();
  if (lastAnswer) touch(lastAnswer, Date.now());
  started = true;
  let idle = 0;

  signal.addEventListener('abort', () => {
    observer.disconnect();
    cancelIdleCallback(moving);
    cancelIdleCallback(idle);
    clearTimeout(busy);
    clearTimeout(timer);
    cancelIdleCallback(frame);
    pending.clear();
  });

  return {
    baseline() {
      // The last answer on the page, so that regenerating it can say what it replaces. Reading it (Markdown) is
      // costly, so this waits for an idle moment well after load (the caller's canary time).
      idle ||= requestIdleCallback(() => {
        for (let i = list.length - 1; i >= 0; i--) {
          if (a.role(list[i]!) !== 'assistant') continue;
          if (!pending.has(list[i]!)) o.onBaseline?.(list, i);
          return;
        }
      });
    },
    stopClicked() {
      for (const p of pending.values()) {
        p.stopClicked = true;
        arm((p.at = Date.now() + QUIET_MS));
      }
    },
    turns: () => list,
    root: () => root,
  };
}
