/** ChatGPT (chatgpt.com, chat.openai.com). Facts as of 2026-09; see /work/shared/sites.md. */
import { cleanTitle, selectorList, text, type SiteAdapter } from '../adapter';

const turns = selectorList([
  // 2026-09: one div[data-turn-key] per turn
  'div[data-turn-key]',
  // 2026-03..08: sections
  'section[data-turn-id]',
  'section[data-testid^="conversation-turn"]',
  // until 2026-02: articles
  'article[data-testid^="conversation-turn-"]',
]);
// Stable since 2023: the message element inside a turn carries its author role and id.
const MESSAGE = '[data-message-author-role]';
// 2026-09: answer Markdown in .markdown.prose (several per turn around "Thought"); user text in .whitespace-pre-wrap.
const ANSWER = '.markdown';
const PROMPT = '.whitespace-pre-wrap';
// 2026-09: the action bar's copy button appears inside the assistant turn when it is finished. User turns carry
// one too, which is why completion is only ever judged inside an assistant turn.
const DONE = 'button[data-testid="copy-turn-action-button"]';
// 2026-09: busy markers inside the turn; .result-streaming is the legacy (2023–2025) class.
const BUSY = '[aria-busy="true"], .result-streaming';

export const chatgptSite: SiteAdapter = {
  site: 'chatgpt',
  // /c/<id>, also /g/<gpt or project>/c/<id>
  conversationId: (url) => /^\/(?:g\/[^/]+\/)?c\/([\w-]+)/.exec(url.pathname)?.[1] ?? null,
  // 2026-09: temporary chats are marked only by ?temporary-chat=true on the URL.
  privateChat: (url) => (url.searchParams.get('temporary-chat') === 'true' ? 'temporary-chat' : null),
  // The turns' parent (2026-09: div.flex.flex-col.text-sm inside [data-scroll-root]); observing the scroll root
  // would also see every keystroke in the composer.
  container: (doc) => turns.one(doc)?.parentElement ?? null,
  turns: (root) => turns.all(root),
  turnOf: (node) => turns.up(node),
  role(turn) {
    const r = turn.querySelector(MESSAGE)?.getAttribute('data-message-author-role') ?? turn.getAttribute('data-turn');
    return r === 'user' || r === 'assistant' ? r : null;
  },
  content(turn) {
    const messages = [...turn.querySelectorAll(MESSAGE)];
    return messages.map((m) =>
      m.getAttribute('data-message-author-role') === 'user'
        ? (m.querySelector(PROMPT) ?? m)
        : (m.querySelector(ANSWER) ?? m),
    );
  },
  messageId: (turn) =>
    [...turn.querySelectorAll(`${MESSAGE}[data-message-id]`)].pop()?.getAttribute('data-message-id') ?? null,
  // conversation-turn-N is conversation-wide and not renumbered when ChatGPT windows long threads.
  ordinal(turn) {
    const id =
      turn.getAttribute('data-testid') ??
      turn.querySelector('[data-testid^="conversation-turn-"]')?.getAttribute('data-testid');
    const m = /conversation-turn-(\d+)/.exec(id ?? '');
    return m ? +m[1]! : null;
  },
  streaming: (turn) => !!turn.querySelector(BUSY),
  finished: (turn) => !!turn.querySelector(DONE),
  // 2026-09: the composer's stop button while generating.
  stop: '[data-testid="stop-button"]',
  // 2026-09: the stop button sits in the composer form that holds #prompt-textarea.
  composer: (doc) => doc.getElementById('prompt-textarea')?.closest('form') ?? null,
  attributes: ['aria-busy', 'data-message-id'],
  title: (doc) => text(doc.querySelector('nav a[aria-current="page"]')) || cleanTitle(doc, 'ChatGPT'),
};
