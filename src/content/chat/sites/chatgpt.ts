/**
 * ChatGPT (chatgpt.com, chat.openai.com). Every layout of 2026, newest first; docs/sites.md has the dated facts.
 *
 * Until 2026-08 a turn element holds one message with its role marker. The 2026-09 "turn-key" layout has one
 * element per exchange and no role markers: it is split here into its user unit and its answer unit, which are
 * then the turns the shared code sees. Its Markdown rules are in chatgpt-markdown.ts, which this script does not
 * carry (late-reader.ts).
 */
import { chatgptTemporary } from '../../../shared/chat-sites';
import { cleanTitle, selectorList, text, threadOf, type Role, type SiteAdapter } from '../adapter';

const TURNS = [
  // 2026-09: one div[data-turn-key] per exchange (split below); one per turn in a transitional rollout that still
  // had role markers
  'div[data-turn-key]',
  // 2026-03..08: sections (since 2026-07 each in its own div[data-turn-id-container] wrapper)
  'section[data-turn-id]',
  'section[data-testid^="conversation-turn"]',
  // until 2026-02: articles
  'article[data-testid^="conversation-turn-"]',
];
const turnList = selectorList(TURNS);
const EXCHANGE = 'div[data-turn-key]';
// Wrappers around one turn or one exchange: the thread is above them. `data-turn-id-container="…-root"` (2026-07)
// is an empty wrapper, never a turn; turns are only ever the sections inside the others.
const UNIT = `[data-turn-id-container], ${EXCHANGE}`;
// Until 2026-08 (stable since 2023): the message element carries its author role and id.
const MESSAGE = '[data-message-author-role]';
// Until 2026-08: answer Markdown in .markdown.prose (several per turn around "Thought"); user text in .whitespace-pre-wrap.
const ANSWER = '.markdown';
const PROMPT = '.whitespace-pre-wrap';
// Until 2026-08: the action bar's copy button appears inside the assistant turn when it is finished. User turns
// carry one too, which is why completion is only ever judged inside an assistant turn.
const DONE = 'button[data-testid="copy-turn-action-button"]';
// Busy markers inside the turn; .result-streaming is the legacy (2023–2025) class.
const BUSY = '[aria-busy="true"], .result-streaming';

// 2026-09 turn-key layout. User unit: the search-unit wrappers keyed "…:user", else the bubble itself.
const USER_UNIT =
  '[data-chatgpt-search-unit-key$=":user"], [data-content-search-unit-key$=":user"], [data-user-message-bubble]';
// Answer: the unit around the screen-reader role heading (present on image-only answers too), else the unit keyed
// "…:assistant", else the unit around the Markdown.
const ROLE_HEADING = '[data-conversation-role="assistant"]';
const ANSWER_UNIT = '[data-chatgpt-search-unit-key$=":assistant"], [data-content-search-unit-key$=":assistant"]';
const IDS = '[data-chatgpt-search-message-ids]';
const ANSWER_MD = '[data-markdown-text-style="assistant-message"]';

type Split = { user: Element | null; answer: Element | null };
const splitRole = new WeakMap<Element, Role>();

/** An exchange of the turn-key layout, or null when this element is a one-message turn (it has role markers). */
function split(ex: Element): Split | null {
  if (ex.querySelector(MESSAGE)) return null;
  const user = ex.querySelector(USER_UNIT);
  const heading = ex.querySelector(ROLE_HEADING);
  const md = ex.querySelector(ANSWER_MD);
  let answer =
    heading?.closest(IDS) ??
    heading?.parentElement ??
    ex.querySelector(ANSWER_UNIT) ??
    md?.closest(IDS) ??
    md?.parentElement ??
    null;
  if (answer && (answer === ex || !ex.contains(answer) || (user && answer.contains(user)))) answer = null;
  if (user) splitRole.set(user, 'user');
  if (answer) splitRole.set(answer, 'assistant');
  return { user, answer };
}

function allTurns(root: ParentNode): Element[] {
  const found = turnList.all(root);
  if (!found[0]?.matches(EXCHANGE)) return found;
  const out: Element[] = [];
  for (const ex of found) {
    const s = split(ex);
    if (!s) out.push(ex);
    else for (const t of [s.user, s.answer]) if (t) out.push(t);
  }
  return out;
}

/** Turn-key answers: the action bar (copy, regenerate…) appears beside the answer unit, after it, outside it. */
function barBeside(unit: Element): boolean {
  const ex = unit.closest(EXCHANGE);
  for (let e: Element | null = unit; e && e !== ex; e = e.parentElement)
    for (let s = e.nextElementSibling; s; s = s.nextElementSibling) if (s.querySelector('button')) return true;
  return false;
}

/** 2026-09 turn-key layout: a code block's header (language label, buttons), marked for exclusion from copies. */
export const COPY_EXCLUDE = '[data-markdown-copy="exclude"]';

/**
 * The selectors this adapter relies on (sites/probes.ts). A function, so that the content script, which never
 * calls it, carries none of it (a spread array would stay).
 */
export const chatgptProbes = (): string[] => [
  ...TURNS,
  USER_UNIT,
  ROLE_HEADING,
  ANSWER_UNIT,
  ANSWER_MD,
  MESSAGE,
  ANSWER,
  PROMPT,
  DONE,
  BUSY,
];

export const chatgptSite: SiteAdapter = {
  site: 'chatgpt',
  // /c/<id>, also /g/<gpt or project>/c/<id>
  conversationId: (url) => /^\/(?:g\/[^/]+\/)?c\/([\w-]+)/.exec(url.pathname)?.[1] ?? null,
  // 2026-09: temporary chats are marked only by ?temporary-chat=true on the URL.
  privateChat: chatgptTemporary,
  // The nearest common ancestor of the turns (2026-09: div.flex.flex-col inside the scroller); observing the scroll
  // root would also see every keystroke in the composer.
  container: (doc) => threadOf(allTurns(doc), UNIT),
  turns: allTurns,
  turnOf(node) {
    const t = turnList.up(node);
    if (!t?.matches(EXCHANGE)) return t;
    const s = split(t);
    if (!s) return t;
    return s.user?.contains(node) ? s.user : s.answer?.contains(node) ? s.answer : null;
  },
  role(turn) {
    const r =
      splitRole.get(turn) ??
      turn.querySelector(MESSAGE)?.getAttribute('data-message-author-role') ??
      turn.getAttribute('data-turn');
    return r === 'user' || r === 'assistant' ? r : null;
  },
  content(turn) {
    const r = splitRole.get(turn);
    if (r === 'user') return [turn.querySelector(PROMPT) ?? turn];
    if (r === 'assistant') {
      const md = [...turn.querySelectorAll(ANSWER_MD)].filter((m) => !m.parentElement?.closest(ANSWER_MD));
      return md.length ? md : [turn];
    }
    const messages = [...turn.querySelectorAll(MESSAGE)];
    return messages.map((m) =>
      m.getAttribute('data-message-author-role') === 'user'
        ? (m.querySelector(PROMPT) ?? m)
        : (m.querySelector(ANSWER) ?? m),
    );
  },
  messageId(turn) {
    if (splitRole.has(turn))
      return turn.closest(IDS)?.getAttribute('data-chatgpt-search-message-ids')?.split(/\s+/)[0] || null;
    return [...turn.querySelectorAll(`${MESSAGE}[data-message-id]`)].pop()?.getAttribute('data-message-id') ?? null;
  },
  // conversation-turn-N is conversation-wide and not renumbered when ChatGPT windows long threads (until 2026-08;
  // the turn-key layout's "fallback-turn-N" is per mounted window, so it is not used).
  ordinal(turn) {
    const id =
      turn.getAttribute('data-testid') ??
      turn.querySelector('[data-testid^="conversation-turn-"]')?.getAttribute('data-testid');
    const m = /conversation-turn-(\d+)/.exec(id ?? '');
    return m ? +m[1]! : null;
  },
  // Long threads are windowed (only the rows near the view are mounted) and no total is exposed.
  windowed: true,
  streaming: (turn) => !!turn.querySelector(BUSY),
  finished: (turn) => !!turn.querySelector(DONE) || (splitRole.get(turn) === 'assistant' && barBeside(turn)),
  // The composer's stop button while generating: data-testid until 2026-08; since 2026-09 only its (localized)
  // label is left, which is why completion never rests on it alone (the action bar is the finished signal).
  stop: '[data-testid="stop-button"], form button[aria-label="Stop"]',
  // 2026-09: the stop button sits in the composer form that holds #prompt-textarea.
  composer: (doc) => doc.getElementById('prompt-textarea')?.closest('form') ?? null,
  attributes: ['aria-busy', 'data-message-id'],
  title: (doc) => text(doc.querySelector('nav a[aria-current="page"]')) || cleanTitle(doc, 'ChatGPT'),
  drop: COPY_EXCLUDE,
  // (its code-block rules are sites/chatgpt-markdown.ts: this script never writes Markdown itself, see late-reader.ts)
};
