/** Gemini (gemini.google.com). Facts as of 2026-10; docs/sites.md has the dated facts. */
import { cleanTitle, selectorList, text, threadOf, type SiteAdapter } from '../adapter';
import { codeLabel, labelBeforeCode, textLine } from '../markdown';

// 2026-09 (stable since 2024): each .conversation-container holds a <user-query> and a <model-response>.
const TURNS = ['user-query, model-response'];
const turns = selectorList(TURNS);
// 2026-09: history lazy-loads upward inside this scroller; fall back to the exchanges' parent.
const SCROLLER = 'infinite-scroller[data-test-id="chat-history-container"]';
// Each exchange (a stable id since 2026-07).
const EXCHANGE = '.conversation-container';
const PROMPT = ['.query-text', '.query-text-line'];
const ANSWER = ['message-content .markdown', '.markdown.markdown-main-panel', '.model-response-text'];

/**
 * The selectors this adapter relies on (sites/probes.ts). A function, so that the content script, which never
 * calls it, carries none of it (a spread array would stay).
 */
export const geminiProbes = (): string[] => [SCROLLER, EXCHANGE, ...TURNS, ...PROMPT, ...ANSWER];

/**
 * A prompt is one element per line; since 2026-07 a code block's language label sits in a sibling of its <pre>,
 * beside its buttons (or, as on Claude, in a small element just before the block).
 */
export function geminiMarkdown(el: Element, keep: boolean): string | undefined {
  return el.matches('.query-text-line')
    ? textLine(el, keep)
    : el.matches('.code-block-decoration')
      ? codeLabel(el)
      : labelBeforeCode(el, keep);
}

export const geminiSite: SiteAdapter = {
  site: 'gemini',
  // /app/<id>, Gem chats /gem/<gem id>/<id> (2026-07), each also under /u/<n>/ for a second Google account
  conversationId: (url) => /^(?:\/u\/\d+)?\/(?:app|gem\/[\w-]+)\/([\w-]+)/.exec(url.pathname)?.[1] ?? null,
  privateChat: () => null,
  // The history scroller, else the nearest common ancestor of the turns above their exchanges.
  container: (doc) => doc.querySelector(SCROLLER) ?? threadOf(turns.all(doc), EXCHANGE),
  turns: (root) => turns.all(root),
  turnOf: (node) => turns.up(node),
  role: (turn) => (turn.tagName === 'USER-QUERY' ? 'user' : 'assistant'),
  content(turn) {
    for (const s of turn.tagName === 'USER-QUERY' ? PROMPT : ANSWER) {
      const el = turn.querySelector(s);
      if (el) return [el];
    }
    return [turn];
  },
  // 2026-07: the answer's Markdown is aria-busy while it streams; the stop button also says so.
  streaming: (turn) => !!turn.querySelector('.markdown[aria-busy="true"]'),
  // 2026-09: <message-actions> (copy, thumbs…) appears inside model-response once the answer is complete.
  finished: (turn) => !!turn.querySelector('message-actions'),
  // 2026-09: the send button turns into a stop button; the icon name is not localized, the label is ("중지").
  stop: 'button[aria-label="Stop response"], mat-icon[fonticon="stop"]',
  attributes: [],
  // The sidebar title selectors are gone since 2026-03 (kept for older pages); the document title is the fallback.
  title: (doc) =>
    text(doc.querySelector('.conversation.selected .conversation-title, [data-test-id="conversation-title"]')) ||
    cleanTitle(doc, 'Google Gemini') ||
    cleanTitle(doc, 'Gemini'),
  lazyHistory: true,
  // Angular Material's icons (their ligature names are text) and screen-reader-only text ("You said").
  drop: 'mat-icon,.cdk-visually-hidden',
  markdown: geminiMarkdown,
};
