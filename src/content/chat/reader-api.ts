/**
 * What a content script that does not carry the Markdown (late-reader.ts) and the reader the background injects for
 * it (reader.ts) agree on. Types and strings only, so importing it adds nothing to the content script.
 */
import type { ReadExchange } from './exchange';

/** Where the injected reader puts its function, in the content script's isolated world. */
export const READER_GLOBAL = '__mnueronReader';

export type ReaderGlobal = Partial<Record<typeof READER_GLOBAL, ReadExchange>>;
