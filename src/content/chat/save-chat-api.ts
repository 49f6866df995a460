/**
 * What the per-site content script, the on-demand "Save this chat" script (save-chat.ts) and the background agree
 * on. The content script only publishes its live state (`ChatHost`, under `CHAT_HOST_GLOBAL`) in its isolated
 * world; everything that runs only when asked (the popup's "this site", "Save this chat") is code the background
 * runs in that same world (tab-scripts.ts, `scripting.executeScript`), so none of it weighs on the content script.
 * Types and strings only, so importing it adds nothing to the content script.
 */
import type { HealthCode } from '../../shared/chat-sites';
import type { CollectChatReply } from '../../shared/messages';
import type { SiteAdapter } from './adapter';
import type { Exchange } from './exchange';

/** Where the running content script publishes its `ChatHost`. */
export const CHAT_HOST_GLOBAL = '__mnueronChat';
/** Where the injected "Save this chat" script puts its function. */
export const SAVE_CHAT_GLOBAL = '__mnueronSaveChat';

/** The content script's live state, as the scripts the background runs on demand read it. */
export type ChatHost = {
  adapter: SiteAdapter;
  /** The canary's current verdict for this page, and with "degraded" what is missing. */
  health(): { state: 'ok' | 'degraded' | 'unknown'; reason: HealthCode | null };
  /** capture.skipTemporary: temporary and incognito chats are not saved. */
  skipTemporary(): boolean;
  /** Sends one exchange as a manual turn (generic: read by the generic reader); true when the background took it. */
  send(ex: Exchange, conversationId: string, generic: boolean): Promise<boolean>;
};

export type SaveChatHost = {
  adapter: SiteAdapter;
  doc: Document;
  /** The canary's verdict on this page is "degraded": the generic reader takes over. */
  degraded: boolean;
  /** capture.skipTemporary: temporary and incognito chats are not saved. */
  skipTemporary: boolean;
  send: ChatHost['send'];
};

export type SaveChat = (host: SaveChatHost) => Promise<CollectChatReply>;
