/**
 * Claude (claude.ai). The layouts of 2026, newest first, with per-role fallbacks (Claude changes one role's markers
 * at a time); docs/sites.md has the dated facts.
 */
import { claudeIncognito } from '../../../shared/chat-sites';
import { cleanTitle, roleLists, text, threadOf, type SiteAdapter } from '../adapter';
import { labelBeforeCode } from '../markdown';

// Rows: since 2026-07 long chats are virtualized and rows carry data-rs-index (conversation-wide), the 2026-10 hub
// layout's rows are [data-testid="transcript-row"]; short chats (until 2026-06) wrap each message in
// div[data-test-render-count].
const ROW = '[data-rs-index], [data-test-render-count], [data-testid="transcript-row"]';
const USERS = [
  // since 2026-02 (still in the 2026-10 hub layout)
  '[data-testid="user-message"]',
  // until 2026-07
  '.font-user-message',
];
const ANSWERS = [
  // 2026-10 hub layout: the answer element itself carries data-is-streaming
  '[data-testid="assistant-message"]',
  // 2026-02..09: the answer's wrapper carries data-is-streaming
  'div[data-is-streaming]',
  // older: .font-claude-response / .font-claude-message without their wrapper
  '.font-claude-response, .font-claude-message',
  // 2026-07 pages seen with answers that are only div.standard-markdown in a row: the row is the turn (one answer
  // can hold several Markdown blocks when Claude used tools in between)
  `:is(${ROW}):has(.standard-markdown):not(:has([data-testid="user-message"], .font-user-message))`,
];
const turnList = roleLists(USERS, ANSWERS);
// Answer Markdown; several blocks when Claude used tools in between.
const ANSWER = '.standard-markdown, .progressive-markdown';
// 2026-10: expanded thinking, not part of the answer.
const THINKING = '[data-timeline-text]';
// The finished answer's action bar (2026-10 hub: message-actions; until 2026-09: action-bar-copy); only consulted
// when no data-is-streaming marker is there.
const DONE = '[data-testid="message-actions"], [data-testid="action-bar-copy"]';

const INCOGNITO = '[data-testid*="incognito"]:not(button):not(a), [aria-label="Incognito chat"]:not(button)';

/**
 * The first element matching `sel` in the page outside `thread`: its ancestors and their other children (page
 * chrome), so that a 1,000-turn thread is not walked (a substring attribute selector checks every element), and
 * markup inside the turns never counts. Without a thread, the whole document.
 */
function outside(doc: Document, thread: Element | null | undefined, sel: string): Element | null {
  if (!thread?.isConnected) return doc.querySelector(sel);
  for (let e = thread, up = e.parentElement; up; e = up, up = up.parentElement) {
    if (up.matches(sel)) return up;
    for (const s of up.children) if (s !== e && (s.matches(sel) || s.querySelector(sel))) return s;
  }
  return null;
}

/** The virtualized list's row count (aria-setsize, since 2026-07): for "Save this chat" (sites/reading-parts.ts). */
export const claudeTotal = (root: Element) =>
  +((root.closest('[aria-setsize]') ?? root.querySelector('[aria-setsize]'))?.getAttribute('aria-setsize') ?? 0) ||
  null;

const streamingAttr = (turn: Element) => turn.closest('[data-is-streaming]')?.getAttribute('data-is-streaming');

/**
 * The selectors this adapter relies on (sites/probes.ts). A function, so that the content script, which never
 * calls it, carries none of it (a spread array would stay).
 */
export const claudeProbes = (): string[] => [ROW, ...USERS, ...ANSWERS, ANSWER, THINKING, DONE];

export const claudeSite: SiteAdapter = {
  site: 'claude',
  conversationId: (url) => /^\/chat\/([\w-]+)/.exec(url.pathname)?.[1] ?? null,
  /**
   * Incognito chats (2026-09): Claude marks them in the page, not reliably in the URL: the window gets a dark frame
   * and an "Incognito chat" label in the header (support.anthropic.com "Using incognito chats"). We treat as
   * incognito a chat whose URL has an `incognito` parameter (as /new?incognito starts one), or whose page shows an
   * incognito marker that is not a button (the ghost button that *starts* an incognito chat must not count).
   */
  privateChat(url, doc, thread) {
    if (claudeIncognito(url)) return 'incognito-chat';
    return outside(doc, thread, INCOGNITO) || /Incognito chat/.test(doc.querySelector('header')?.textContent ?? '')
      ? 'incognito-chat'
      : null;
  },
  // The nearest common ancestor of the turns, above their rows.
  container: (doc) => threadOf(turnList.all(doc), ROW),
  turns: (root) => turnList.all(root),
  turnOf: (node) => turnList.up(node),
  role: (turn) => turnList.role(turn),
  content(turn) {
    if (turnList.role(turn) === 'user') return [turn];
    const blocks = [...turn.querySelectorAll(ANSWER)].filter(
      (b) => !b.parentElement?.closest(ANSWER) && !b.closest(THINKING),
    );
    return blocks.length ? blocks : [turn.querySelector('.font-claude-response') ?? turn];
  },
  ordinal(turn) {
    const i = turn.closest('[data-rs-index]')?.getAttribute('data-rs-index');
    return i ? +i : null;
  },
  streaming: (turn) => streamingAttr(turn) === 'true',
  // No marker at all (neither data-is-streaming nor an action bar): finished is a guess, see `unmarked`.
  finished(turn) {
    const s = streamingAttr(turn);
    return s === 'false' || (s == null && !!turn.querySelector(`${DONE}, ${ANSWER}`));
  },
  unmarked: (turn) => streamingAttr(turn) == null && !turn.querySelector(DONE),
  // 2026-09: composer button while a response streams.
  stop: 'button[aria-label="Stop response"]',
  attributes: ['data-is-streaming'],
  drop: THINKING,
  // 2026-09: a code block's language is a small element just before the block.
  markdown: labelBeforeCode,
  title: (doc) => text(doc.querySelector('[data-testid="chat-title-button"]')) || cleanTitle(doc, 'Claude'),
  // (`total`, which only "Save this chat" uses, is in sites/reading-parts.ts)
};
