/**
 * "Save this chat": every finished exchange of the conversation in the tab. Virtualized threads (Claude since
 * 2026-07) only mount the rows in view, so the thread is scrolled through from the top, reading rows as they mount,
 * and the scroll position is restored afterwards. Lazy-loading history (Gemini) is loaded first by scrolling up.
 */
import { visible, type SiteAdapter } from './adapter';
import { exchange, readTurn, type Exchange, type TurnRead } from './exchange';

type Read = TurnRead & { stopped: boolean; busy: boolean };

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

function scroller(doc: Document, root: Element): Element | null {
  for (let e: Element | null = root; e; e = e.parentElement) if (e.scrollHeight > e.clientHeight + 1) return e;
  return doc.scrollingElement;
}

export async function collectExchanges(a: SiteAdapter, doc: Document, root: Element, conversationId: string) {
  const reads = new Map<number, Read>();
  const generating = visible(doc.querySelector(a.stop));
  const box = scroller(doc, root);

  const take = () => {
    const list = a.turns(root);
    let lastAnswer = list.length - 1;
    while (lastAnswer >= 0 && a.role(list[lastAnswer]!) !== 'assistant') lastAnswer--;
    list.forEach((el, i) => {
      const ordinal = a.ordinal?.(el) ?? i;
      if (reads.has(ordinal)) return;
      const t = readTurn(a, el, i);
      if (!t) return;
      const done = !a.streaming(el) && a.finished(el);
      // The answer being written right now is left out: never a partial answer. An answer that ended without its
      // finished signal while nothing is generating was stopped.
      reads.set(ordinal, {
        ...t,
        stopped: !done,
        busy: t.role === 'assistant' && i === lastAnswer && generating && !done,
      });
    });
  };

  if (box) {
    const back = box.scrollTop;
    if (a.lazyHistory && back > 0) {
      for (let round = 0; round < 40; round++) {
        const before = a.turns(root).length;
        box.scrollTop = 0;
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
    if (reads.size < total) {
      const step = Math.max(box.clientHeight * 0.8, 200);
      box.scrollTop = 0;
      for (let i = 0; i < 2_000 && reads.size < total; i++) {
        await pause(80);
        take();
        const at = box.scrollTop;
        box.scrollTop = at + step;
        if (box.scrollTop <= at || box.scrollTop + box.clientHeight >= box.scrollHeight) break;
      }
      await pause(80);
      take();
    }
    box.scrollTop = back;
  } else take();

  const out: Exchange[] = [];
  let user: Read | undefined;
  for (const ordinal of [...reads.keys()].sort((x, y) => x - y)) {
    const t = reads.get(ordinal)!;
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
