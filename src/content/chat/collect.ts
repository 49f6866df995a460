/**
 * "Save this chat": every finished exchange of the conversation in the tab. Virtualized threads (Claude since
 * 2026-07) and windowed ones (ChatGPT's long threads) only mount the rows in view, so the thread is scrolled through
 * from the oldest row to the newest, reading rows as they mount, and the scroll position is restored afterwards.
 * Lazy-loading history (Gemini) is loaded first by scrolling up. Scrollers laid out in column-reverse (ChatGPT
 * 2026-09) count scrollTop from the bottom (0) up to minus the scroll range, so "top" and "down" are computed, not
 * assumed.
 */
import { visible, type SiteAdapter } from './adapter';
import { exchange, readTurn, type Exchange, type TurnRead } from './exchange';

type Read = TurnRead & { stopped: boolean; busy: boolean };

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

function scroller(doc: Document, root: Element): Element | null {
  for (let e: Element | null = root; e; e = e.parentElement) if (e.scrollHeight > e.clientHeight + 1) return e;
  return doc.scrollingElement;
}

/** scrollTop at the oldest and at the newest end of the box. */
function ends(box: Element): { top: number; bottom: number } {
  const range = Math.max(0, box.scrollHeight - box.clientHeight);
  const reversed = box.ownerDocument.defaultView?.getComputedStyle(box).flexDirection === 'column-reverse';
  return reversed ? { top: -range, bottom: 0 } : { top: 0, bottom: range };
}

/**
 * Whether the mounted turns reach both ends of the scroll content (within a screen): a windowed list shows spacers
 * instead of the rows it left out, so a long thread that is fully mounted is not scrolled through for nothing.
 */
function allMounted(box: Element, turns: Element[]): boolean {
  const first = turns[0];
  const last = turns[turns.length - 1];
  if (!first || !last) return false;
  const view = box.getBoundingClientRect();
  const scrolled = box.scrollTop - ends(box).top;
  const start = first.getBoundingClientRect().top - view.top + scrolled;
  const end = last.getBoundingClientRect().bottom - view.top + scrolled;
  return start <= box.clientHeight && end >= box.scrollHeight - box.clientHeight;
}

/**
 * Rows keep one identity across mounts: the conversation-wide ordinal where the site has one, else the message id
 * (ChatGPT's turn-key ordinals are per mounted window), else the position, which only holds while nothing scrolls.
 */
function identity(a: SiteAdapter, el: Element, i: number): { key: string; ordinal: number | null } {
  const ordinal = a.ordinal?.(el) ?? null;
  if (ordinal !== null) return { key: `o${ordinal}`, ordinal };
  const id = a.messageId?.(el);
  return id ? { key: `m${id}`, ordinal: null } : { key: `i${i}`, ordinal: null };
}

export async function collectExchanges(a: SiteAdapter, doc: Document, root: Element, conversationId: string) {
  const reads = new Map<string, Read>();
  // Conversation order of the keys read so far: a row mounted later is placed next to a row it was mounted beside.
  const order: string[] = [];
  let ordinals = true;
  const generating = visible(doc.querySelector(a.stop));
  const box = scroller(doc, root);

  const take = () => {
    const list = a.turns(root);
    let lastAnswer = list.length - 1;
    while (lastAnswer >= 0 && a.role(list[lastAnswer]!) !== 'assistant') lastAnswer--;
    const keys = list.map((el, i) => identity(a, el, i));
    list.forEach((el, i) => {
      const { key, ordinal } = keys[i]!;
      if (reads.has(key)) return;
      const t = readTurn(a, el, i);
      if (!t) return;
      if (ordinal === null) ordinals = false;
      const done = !a.streaming(el) && a.finished(el);
      // The answer being written right now is left out: never a partial answer. An answer that ended without its
      // finished signal while nothing is generating was stopped.
      reads.set(key, {
        ...t,
        stopped: !done,
        busy: t.role === 'assistant' && i === lastAnswer && generating && !done,
      });
      const before = keys
        .slice(0, i)
        .reverse()
        .find((k) => order.includes(k.key));
      const after = keys.slice(i + 1).find((k) => order.includes(k.key));
      if (before) order.splice(order.indexOf(before.key) + 1, 0, key);
      else if (after) order.splice(order.indexOf(after.key), 0, key);
      else order.push(key);
    });
  };

  if (box) {
    const back = box.scrollTop;
    if (a.lazyHistory && back > ends(box).top) {
      for (let round = 0; round < 40; round++) {
        const before = a.turns(root).length;
        box.scrollTop = ends(box).top;
        let grew = false;
        for (let wait = 0; wait < 6 && !grew; wait++) {
          await pause(250);
          grew = a.turns(root).length > before;
        }
        if (!grew) break;
      }
    }
    take();
    const total = a.total?.(root) ?? 0;
    const windowed = a.windowed && box.scrollHeight > box.clientHeight + 1 && !allMounted(box, a.turns(root));
    if (reads.size < total || windowed) {
      const step = Math.max(box.clientHeight * 0.8, 200);
      // Read again from the oldest row down, so every row is placed beside one read before it.
      reads.clear();
      order.length = 0;
      ordinals = true;
      box.scrollTop = ends(box).top;
      for (let i = 0; i < 2_000 && (windowed || reads.size < total); i++) {
        await pause(80);
        take();
        const at = box.scrollTop;
        box.scrollTop = at + step;
        if (box.scrollTop <= at || box.scrollTop >= ends(box).bottom) break;
      }
      await pause(80);
      take();
    }
    box.scrollTop = back;
  } else take();

  const out: Exchange[] = [];
  let user: Read | undefined;
  const sequence = ordinals ? [...order].sort((x, y) => +x.slice(1) - +y.slice(1)) : order;
  for (const key of sequence) {
    const t = reads.get(key)!;
    if (t.role === 'user') {
      user = t;
      continue;
    }
    const ex = t.busy ? null : exchange(a, conversationId, user, t, t.stopped);
    if (ex) out.push(ex);
    user = undefined;
  }
  return out;
}
