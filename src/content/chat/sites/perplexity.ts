/** Perplexity (www.perplexity.ai). Facts as of 2026-09; see /work/shared/sites.md. */
import { cleanTitle, type SiteAdapter } from '../adapter';

// 2026-09: the question block (Tailwind group class "group/query"), its text in span.select-text.
const QUERY = 'div[class~="group/query"]';
// 2026-09: the answer's Markdown box. Since 2026-08 it is sometimes an empty placeholder with the answer rendered
// beside it as .prose; the answer turn is therefore the box's parent, which holds both.
const ANSWER = 'div[id^="markdown-content-"]';
const hasAnswer = (el: Element) => !!el.querySelector(`:scope > ${ANSWER}`);

export const perplexitySite: SiteAdapter = {
  site: 'perplexity',
  conversationId: (url) => /^\/search\/([^/]+)/.exec(url.pathname)?.[1] ?? null,
  privateChat: () => null,
  container(doc) {
    const q = doc.querySelector(QUERY);
    const a = doc.querySelector(ANSWER)?.parentElement;
    if (!q) return null;
    // The exchanges' parent: the smallest block holding a question and its answer is one exchange.
    let pair: Element | null = q;
    while (a && pair && !pair.contains(a)) pair = pair.parentElement;
    return (a ? pair : q.parentElement)?.parentElement ?? null;
  },
  turns(root) {
    const out: Element[] = [];
    for (const el of root.querySelectorAll(`${QUERY}, ${ANSWER}`)) {
      const t = el.matches(QUERY) ? el : el.parentElement;
      if (t && t !== out[out.length - 1]) out.push(t);
    }
    return out;
  },
  turnOf(node) {
    const fast = node.closest(QUERY) ?? node.closest(ANSWER)?.parentElement;
    if (fast) return fast;
    for (let e: Element | null = node, i = 0; e && i < 8; e = e.parentElement, i++) if (hasAnswer(e)) return e;
    return null;
  },
  role: (turn) => (turn.matches(QUERY) ? 'user' : 'assistant'),
  content(turn) {
    if (turn.matches(QUERY)) return [turn.querySelector('span.select-text') ?? turn];
    const box = turn.querySelector(`:scope > ${ANSWER}`);
    if (box?.textContent?.trim()) return [box];
    const beside = [...turn.querySelectorAll(':scope > .prose')];
    return beside.length ? beside : box ? [box] : [];
  },
  // 2026-09: a spinner inside the answer while Perplexity searches and writes.
  streaming: (turn) => !!turn.querySelector('.animate-spin'),
  // Perplexity has no positive "done" marker (2026-09): an answer without spinner and stop button is done, and
  // citations hydrate afterwards, which the shared quiet period waits out.
  finished: (turn) => !turn.querySelector('.animate-spin'),
  stop: 'button[aria-label*="Stop"]',
  attributes: [],
  title: (doc) => cleanTitle(doc, 'Perplexity'),
};
