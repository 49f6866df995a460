/**
 * What the per-site content script and the on-demand "Save this chat" script (save-chat.ts) agree on: the global
 * through which the injected script hands over its function, and what that function is given. Types and one
 * string only, so importing it adds nothing to the content script.
 */
import type { CollectChatReply } from '../../shared/messages';
import type { SiteAdapter } from './adapter';
import type { Exchange } from './exchange';

export const SAVE_CHAT_GLOBAL = '__mnueronSaveChat';

export type SaveChatHost = {
  adapter: SiteAdapter;
  doc: Document;
  /** The canary's verdict on this page is "degraded": the generic reader takes over. */
  degraded: boolean;
  /** capture.skipTemporary: temporary and incognito chats are not saved. */
  skipTemporary: boolean;
  /** Sends one exchange as a manual turn (generic: read by the generic reader); true when the background took it. */
  send(ex: Exchange, conversationId: string, generic: boolean): Promise<boolean>;
};

export type SaveChat = (host: SaveChatHost) => Promise<CollectChatReply>;

/** The injected "Save this chat" function, once the background has put it into this isolated world. */
export function injectedSaveChat(): SaveChat | undefined {
  const f = (globalThis as Record<string, unknown>)[SAVE_CHAT_GLOBAL];
  return typeof f === 'function' ? (f as SaveChat) : undefined;
}
