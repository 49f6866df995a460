/**
 * "Save this chat", the part that runs only when the user asks: collecting every exchange of the open conversation
 * (collect.ts) and, when the adapter no longer matches the page, the generic whole-document reader (generic.ts).
 * Not bundled into the per-site content scripts: it is its own build entry (vite.config.ts, one file for every
 * site), which the background injects into the chat tab just before it asks for the chat
 * (src/background/chat-capture.ts saveThisChat). Injected files share the content script's isolated world, so it
 * hands the content script this function through a global (save-chat-api.ts).
 */
import { collectExchanges } from './collect';
import { exchange, type Exchange, type TurnRead } from './exchange';
import { readGeneric } from './generic';
import { SAVE_CHAT_GLOBAL, type SaveChat, type SaveChatHost } from './save-chat-api';
import { withReadingParts } from './sites/reading-parts';

const saveChat: SaveChat = async (h: SaveChatHost) => {
  const { doc } = h;
  // (with the site's Markdown rules that its content script does not carry)
  const a = withReadingParts(h.adapter);
  const url = new URL(doc.location.href);
  const id = a.conversationId(url);
  if (!id) return { ok: false, error: 'no conversation on this page' };
  // Temporary and incognito chats are not saved by hand either while the user skips them (Options → Privacy).
  const priv = h.skipTemporary ? a.privateChat(url, doc) : null;
  if (priv) {
    const what = priv === 'temporary-chat' ? 'temporary chat' : 'incognito chat';
    return { ok: false, error: `this is a ${what}: not saved (Options → Privacy allows it)` };
  }
  const thread = a.container(doc);
  let all = thread ? await collectExchanges(a, doc, thread, id) : [];
  // The adapter no longer matches the page (the canary said so, or it reads nothing): the generic reader.
  const generic = h.degraded || !all.length ? genericExchanges(h, id) : null;
  if (generic) all = generic.exchanges;
  if (!thread && !generic) return { ok: false, error: 'no chat thread found' };
  let sent = 0;
  // Sent even if already captured live: the user asked for the whole chat; the background dedupes.
  for (const ex of all) if (await h.send(ex, id, !!generic)) sent++;
  const title = a.title(doc);
  return {
    ok: true,
    site: a.site,
    conversationId: id,
    turns: all.length,
    sent,
    ...(title ? { title } : {}),
    ...(generic ? { generic: generic.count } : {}),
  };
};

/**
 * Exchanges from the generic reader, null when it finds nothing. A turn the markup does not attribute takes the
 * role its position implies (after a question an answer, else a question); the reply counts those.
 */
function genericExchanges({ adapter, doc }: SaveChatHost, id: string) {
  const { turns, unattributed } = readGeneric(doc, withReadingParts(adapter).markdown);
  if (!turns.length) return null;
  const exchanges: Exchange[] = [];
  let question: TurnRead | undefined;
  let previous: 'user' | 'assistant' = 'assistant';
  turns.forEach((turn, ordinal) => {
    const role = turn.role ?? (previous === 'user' ? 'assistant' : 'user');
    previous = role;
    const read: TurnRead = { role, text: turn.text, ordinal, id: null };
    if (role === 'user') {
      question = read;
      return;
    }
    const ex = exchange(adapter, id, question, read, false);
    if (ex) exchanges.push(ex);
    question = undefined;
  });
  return { exchanges, count: { found: turns.length, unattributed } };
}

(globalThis as Record<string, unknown>)[SAVE_CHAT_GLOBAL] = saveChat;
