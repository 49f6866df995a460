/**
 * What a chat site adapter is: data (dated selector lists) plus a few small functions the shared tracker calls.
 * Everything site-specific lives in sites/<site>.ts; turn tracking, completion, dedupe, Markdown and the canary are
 * shared. Keep this module plain: it is bundled into the content script.
 */
import type { ChatSiteId } from '../../shared/chat-sites';

export type Role = 'user' | 'assistant';

export type SiteAdapter = {
  site: ChatSiteId;
  /** Conversation id from the URL; null on pages that are not a saved conversation (new chat, settings…). */
  conversationId(url: URL): string | null;
  /** Why this chat is not captured while `capture.skipTemporary` is on (temporary / incognito chat), else null. */
  privateChat(url: URL, doc: Document): 'temporary-chat' | 'incognito-chat' | null;
  /** The element holding every turn; the one node we observe. */
  container(doc: Document): Element | null;
  /** Mounted turns (one message each, either role), in document order. */
  turns(root: Element): Element[];
  /** The turn a mutated node sits in, or null when it is outside every turn. Must agree with `turns`. */
  turnOf(node: Element): Element | null;
  role(turn: Element): Role | null;
  /** Elements whose Markdown, joined, is the message (ChatGPT splits one answer around "Thought"). */
  content(turn: Element): Element[];
  /** The site's own message id, where it exposes one (ChatGPT `data-message-id`). */
  messageId?(turn: Element): string | null;
  /** A conversation-wide ordinal, where the site exposes one (ChatGPT conversation-turn-N, Claude data-rs-index). */
  ordinal?(turn: Element): number | null;
  /** The turn's own "still writing" marker. */
  streaming(turn: Element): boolean;
  /** The turn's own completion signal, judged inside the turn. */
  finished(turn: Element): boolean;
  /** The page's stop-generation button (usually in the composer, outside the thread). */
  stop: string;
  /**
   * Where the stop button lives, found cheaply (by id), so it is looked for there rather than across a whole
   * 1,000-turn document; absent or null → the whole document.
   */
  composer?(doc: Document): Element | null;
  /** Attributes whose changes matter (MutationObserver attributeFilter); may be empty. */
  attributes: string[];
  title(doc: Document): string | undefined;
  /** Virtualized threads: how many rows the whole conversation has, when the page says so. */
  total?(root: Element): number | null;
  /** History lazy-loads when the thread is scrolled to the top ("Save this chat" scrolls up first). */
  lazyHistory?: boolean;
  /** Site chrome inside messages to leave out of the Markdown, beyond the shared list. */
  drop?: string;
  /** Elements that are single lines rather than paragraphs (Gemini splits a prompt into one <p> per line). */
  line?: string;
};

/**
 * An ordered fallback list of selectors. `all`/`one` use the first one that matches and remember it, so that
 * `up` (closest) agrees with what `all` returned even when an older layout's selector would match nested nodes.
 */
export function selectorList(list: readonly string[]) {
  let current = list[0]!;
  return {
    all(root: ParentNode): Element[] {
      for (const s of list) {
        const found = root.querySelectorAll(s);
        if (found.length) {
          current = s;
          return [...found];
        }
      }
      return [];
    },
    one(root: ParentNode): Element | null {
      for (const s of list) {
        const found = root.querySelector(s);
        if (found) {
          current = s;
          return found;
        }
      }
      return null;
    },
    up(node: Element): Element | null {
      return node.closest(current);
    },
  };
}

/** Present and rendered (a stop button may stay in the DOM, hidden). checkVisibility: Chrome 105+. */
export function visible(el: Element | null): boolean {
  return !!el?.checkVisibility();
}

/** The document title without the site's name, or undefined when nothing else is left. */
export function cleanTitle(doc: Document, siteName: string): string | undefined {
  const t = doc.title.replace(RegExp(`^${siteName}\\s*[-–|:]\\s*|\\s*[-–|]\\s*${siteName}$`, 'i'), '').trim();
  return t && t !== siteName ? t.slice(0, 300) : undefined;
}

export function text(el: Element | null | undefined): string {
  return el?.textContent?.trim() ?? '';
}
