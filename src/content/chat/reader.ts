/**
 * The chat reader (Markdown and turn keys) for the sites whose content script does not carry it (late-reader.ts):
 * its own build entry (vite.config.ts, one file for every site), which the background injects into the chat tab's
 * isolated world when the content script first asks for it (`page:chat-reader`). Injected files share that world,
 * so it hands the content script its function through a global (reader-api.ts). The adapter it is given is the
 * content script's own object (its state, e.g. ChatGPT's split exchanges, stays there), plus the site's Markdown
 * rules from sites/reading-parts.ts.
 */
import { exchangeAt, type ReadExchange } from './exchange';
import { READER_GLOBAL, type ReaderGlobal } from './reader-api';
import { withReadingParts } from './sites/reading-parts';

/** `exchangeAt` with the site's late Markdown rules. */
export const readWithRules: ReadExchange = (a, conversationId, list, i, stopped) =>
  exchangeAt(withReadingParts(a), conversationId, list, i, stopped);

(globalThis as unknown as ReaderGlobal)[READER_GLOBAL] = readWithRules;
