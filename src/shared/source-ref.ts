/**
 * What a memory's `source_ref` holds when it is not a page address: `<site>:<conversation id>` for a chat turn, and
 * one fixed value for a quick save from the toolbar popup with no page to name. Written by the background, read back
 * by the pages, which show these in words rather than as the raw reference.
 */
import { CHAT_SITE_IDS, type ChatSiteId } from './chat-sites';

/** A quick save from the popup when the browser gave no page address. */
export const POPUP_SOURCE_REF = 'chrome-extension:popup';

/** The reference of a chat conversation: the same for every turn of it, whatever its URL. */
export function chatSourceRef(site: ChatSiteId, conversationId: string): string {
  return `${site}:${conversationId}`;
}

/** The chat site of a conversation reference, or null when `ref` is something else (a URL, the popup's ref). */
export function chatSiteOfRef(ref: string): ChatSiteId | null {
  const colon = ref.indexOf(':');
  const site = ref.slice(0, colon) as ChatSiteId;
  return colon > 0 && colon < ref.length - 1 && CHAT_SITE_IDS.includes(site) ? site : null;
}
