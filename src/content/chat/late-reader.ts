/**
 * Reading a finished exchange without carrying the Markdown in the content script (ChatGPT's, which is otherwise
 * over its size budget): the first time an exchange must be read, the script asks the background (`page:chat-reader`)
 * to inject the reader (reader.ts) into this isolated world, then uses the function it left there. So the page pays
 * for the Markdown when an answer finishes, not at every load; the baseline needs no reader where the answer has an
 * id. If the background does not answer (the worker failed to start), it asks again after a wait, a few times.
 */
import type { PageMessage } from '../../shared/messages';
import type { SiteAdapter } from './adapter';
import { turnKey, type ReadExchange } from './exchange';
import { READER_GLOBAL, type ReaderGlobal } from './reader-api';

/** A request for the reader under way (several answers may finish together). */
let asking: Promise<unknown> | null = null;

/** The injected reader; throws when the background did not provide it (the next call asks again). */
async function load(a: SiteAdapter): Promise<ReadExchange> {
  const g = globalThis as unknown as ReaderGlobal;
  if (!g[READER_GLOBAL]) {
    const m: PageMessage = { type: 'page:chat-reader', site: a.site };
    await (asking ??= chrome.runtime.sendMessage(m).finally(() => (asking = null)));
  }
  const read = g[READER_GLOBAL];
  if (!read) throw new Error('no reader');
  return read;
}

export const lateReader: ReadExchange = async (a, conversationId, list, i, stopped, keyOnly) => {
  const el = list[i]!;
  const id = keyOnly && a.messageId?.(el);
  if (id) return { key: turnKey(a, conversationId, id), ordinal: a.ordinal?.(el) ?? i, messages: [], stopped };
  for (const wait of [1_000, 4_000, 15_000, 0]) {
    try {
      return (await load(a))(a, conversationId, list, i, stopped);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
  return null;
};
