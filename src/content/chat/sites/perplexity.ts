/** Perplexity (www.perplexity.ai). Facts as of 2026-09; docs/sites.md has the dated facts. */
import { cleanTitle, commonAncestor, type SiteAdapter } from '../adapter';

// The question block carries the Tailwind group class "group/query" on any element: the thread's first question
// is an h1, later ones are divs (2026-02). Since 2026-09-25 the question renders inside a "group/user-bubble".
const QUERY = '[class~="group/query"], [class*="group/user-bubble"]';
// The question's text: 2026-09-25 the Markdown renderer's node inside the bubble (answers carry the same attribute,
// hence the scope); before, span.select-text.
const QUERY_TEXT = ['[class*="group/user-bubble"] [data-renderer="lm"]', 'span.select-text'];
// The answer's Markdown box. Since 2026-08 it is sometimes an empty placeholder with the answer rendered beside it
// as .prose; the answer turn is therefore the box's parent, which holds both.
const ANSWER = 'div[id^="markdown-content-"]';
const hasAnswer = (el: Element) => !!el.querySelector(`:scope > ${ANSWER}`);
// The outermost question element (a bubble inside a group/query block is the same question).
const queryOf = (node: Element) => {
  let q = node.closest(QUERY);
  for (let up = q?.parentElement?.closest(QUERY); up; up = up.parentElement?.closest(QUERY)) q = up;
  return q;
};

function turns(root: ParentNode): Element[] {
  const out: Element[] = [];
  for (const el of root.querySelectorAll(`${QUERY}, ${ANSWER}`)) {
    const t = el.matches(ANSWER) ? el.parentElement : el;
    const last = out[out.length - 1];
    if (t && t !== last && !last?.contains(t)) out.push(t);
  }
  return out;
}

/**
 * Research reports (2026-02): a card in the answer's column, outside the Markdown box, whose body is a .prose block
 * (the box itself only summarizes it). The column is the answer's highest ancestor that holds no question.
 */
function reports(turn: Element): Element[] {
  let side = turn;
  for (let i = 0; i < 10 && side.parentElement && !side.parentElement.querySelector(QUERY); i++)
    side = side.parentElement;
  if (side === turn) return [];
  return [...side.querySelectorAll('.prose')].filter(
    (p) => !turn.contains(p) && !p.parentElement?.closest('.prose') && !p.closest(ANSWER),
  );
}

/**
 * The selectors this adapter relies on (sites/probes.ts). A function, so that the content script, which never
 * calls it, carries none of it (a spread array would stay).
 */
export const perplexityProbes = (): string[] => [QUERY, ...QUERY_TEXT, ANSWER];

export const perplexitySite: SiteAdapter = {
  site: 'perplexity',
  conversationId: (url) => /^\/search\/([^/]+)/.exec(url.pathname)?.[1] ?? null,
  privateChat: () => null,
  // The nearest common ancestor of the turns; with a single question that is the exchange itself, so its parent
  // (the tracker re-finds the container when a later exchange lands higher up).
  container(doc) {
    const list = turns(doc);
    if (!list.some((t) => t.matches(QUERY))) return null;
    const c = commonAncestor(list);
    return list.filter((t) => t.matches(QUERY)).length > 1 ? c : (c?.parentElement ?? null);
  },
  turns,
  turnOf(node) {
    const fast = queryOf(node) ?? node.closest(ANSWER)?.parentElement;
    if (fast) return fast;
    for (let e: Element | null = node, i = 0; e && i < 8; e = e.parentElement, i++) if (hasAnswer(e)) return e;
    return null;
  },
  role: (turn) => (turn.matches(QUERY) ? 'user' : 'assistant'),
  content(turn) {
    if (turn.matches(QUERY)) {
      for (const s of QUERY_TEXT) {
        const found = [...turn.querySelectorAll(s)];
        if (found.length) return found;
      }
      return [turn];
    }
    const box = turn.querySelector(`:scope > ${ANSWER}`);
    const beside = [...turn.querySelectorAll(':scope > .prose')];
    const own = box?.textContent?.trim() ? [box] : beside.length ? beside : box ? [box] : [];
    return [...reports(turn), ...own];
  },
  // 2026-09: a spinner inside the answer while Perplexity searches (not always while it writes).
  streaming: (turn) => !!turn.querySelector('.animate-spin'),
  // No positive "done" marker is known (2026-09): an answer without spinner and stop button looks done, which is
  // only a guess (see `unmarked`); citations hydrate afterwards.
  finished: (turn) => !turn.querySelector('.animate-spin'),
  unmarked: () => true,
  stop: 'button[aria-label*="Stop"]',
  attributes: [],
  title: (doc) => cleanTitle(doc, 'Perplexity'),
  // 2026-09: the non-breaking space Perplexity puts between citation chips.
  drop: '.citation-nbsp',
};
