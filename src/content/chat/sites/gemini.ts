/** Gemini (gemini.google.com). Facts as of 2026-09; see /work/shared/sites.md. */
import { cleanTitle, selectorList, text, type SiteAdapter } from '../adapter';

// 2026-09 (stable since 2024): each .conversation-container holds a <user-query> and a <model-response>.
const turns = selectorList(['user-query, model-response']);
// 2026-09: history lazy-loads upward inside this scroller; fall back to the exchanges' parent.
const SCROLLER = 'infinite-scroller[data-test-id="chat-history-container"]';
const PROMPT = ['.query-text', '.query-text-line'];
const ANSWER = ['message-content .markdown', '.markdown.markdown-main-panel', '.model-response-text'];

export const geminiSite: SiteAdapter = {
  site: 'gemini',
  // /app/<id>, also /u/<n>/app/<id> for a second Google account
  conversationId: (url) => /^(?:\/u\/\d+)?\/app\/([\w-]+)/.exec(url.pathname)?.[1] ?? null,
  privateChat: () => null,
  container: (doc) =>
    doc.querySelector(SCROLLER) ?? doc.querySelector('.conversation-container')?.parentElement ?? null,
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
  // Gemini shows no per-turn streaming marker (2026-09); the stop button says it is generating.
  streaming: () => false,
  // 2026-09: <message-actions> (copy, thumbs…) appears inside model-response once the answer is complete.
  finished: (turn) => !!turn.querySelector('message-actions'),
  // 2026-09: the send button turns into a stop button (mat-icon fonticon="stop").
  stop: 'button[aria-label="Stop response"], mat-icon[fonticon="stop"]',
  attributes: [],
  title: (doc) =>
    text(doc.querySelector('.conversation.selected .conversation-title, [data-test-id="conversation-title"]')) ||
    cleanTitle(doc, 'Gemini'),
  lazyHistory: true,
  line: '.query-text-line',
};
