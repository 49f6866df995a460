/** Claude (claude.ai). Facts as of 2026-09; see /work/shared/sites.md. */
import { cleanTitle, selectorList, text, type SiteAdapter } from '../adapter';

const turns = selectorList([
  // 2026-08: user [data-testid="user-message"]; the assistant's wrapper carries data-is-streaming
  '[data-testid="user-message"], div[data-is-streaming]',
  // before 2026-08: .font-user-message / .font-claude-message; .font-claude-response without its wrapper
  '.font-user-message, .font-claude-response, .font-claude-message',
]);
const USER = '[data-testid="user-message"], .font-user-message';
// 2026-09: answer Markdown; several blocks when Claude used tools in between.
const ANSWER = '.standard-markdown, .progressive-markdown';
// Since 2026-07 long chats are virtualized: rows carry data-rs-index (conversation-wide) and the list (or its rows)
// aria-setsize. Short chats wrap each message in div[data-test-render-count].
const ROW = '[data-rs-index], [data-test-render-count]';
// 2026-09: the finished answer's action bar; only consulted when the data-is-streaming wrapper is missing.
const DONE = '[data-testid="action-bar-copy"]';

const streamingAttr = (turn: Element) => turn.closest('[data-is-streaming]')?.getAttribute('data-is-streaming');

export const claudeSite: SiteAdapter = {
  site: 'claude',
  conversationId: (url) => /^\/chat\/([\w-]+)/.exec(url.pathname)?.[1] ?? null,
  /**
   * Incognito chats (2026-09): Claude marks them in the page, not reliably in the URL: the window gets a dark frame
   * and an "Incognito chat" label in the header (support.anthropic.com "Using incognito chats"). We treat as
   * incognito a chat whose URL has an `incognito` parameter (as /new?incognito starts one), or whose page shows an
   * incognito marker that is not a button (the ghost button that *starts* an incognito chat must not count).
   */
  privateChat(url, doc) {
    if (url.searchParams.has('incognito')) return 'incognito-chat';
    const marker = doc.querySelector(
      '[data-testid*="incognito"]:not(button):not(a), [aria-label="Incognito chat"]:not(button)',
    );
    return marker || /Incognito chat/.test(doc.querySelector('header')?.textContent ?? '') ? 'incognito-chat' : null;
  },
  container(doc) {
    const first = turns.one(doc);
    return (first?.closest(ROW) ?? first)?.parentElement ?? null;
  },
  turns: (root) => turns.all(root),
  turnOf: (node) => turns.up(node),
  role: (turn) => (turn.matches(USER) ? 'user' : 'assistant'),
  content(turn) {
    if (turn.matches(USER)) return [turn];
    const blocks = [...turn.querySelectorAll(ANSWER)].filter((b) => !b.parentElement?.closest(ANSWER));
    return blocks.length ? blocks : [turn.querySelector('.font-claude-response') ?? turn];
  },
  ordinal(turn) {
    const i = turn.closest('[data-rs-index]')?.getAttribute('data-rs-index');
    return i ? +i : null;
  },
  streaming: (turn) => streamingAttr(turn) === 'true',
  finished(turn) {
    const s = streamingAttr(turn);
    return s === 'false' || (s == null && !!turn.querySelector(DONE));
  },
  // 2026-09: composer button while a response streams.
  stop: 'button[aria-label="Stop response"]',
  attributes: ['data-is-streaming'],
  title: (doc) => text(doc.querySelector('[data-testid="chat-title-button"]')) || cleanTitle(doc, 'Claude'),
  total: (root) =>
    +((root.closest('[aria-setsize]') ?? root.querySelector('[aria-setsize]'))?.getAttribute('aria-setsize') ?? 0) ||
    null,
};
