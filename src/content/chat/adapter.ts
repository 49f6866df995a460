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
  /**
   * Why this chat is not captured while `capture.skipTemporary` is on (temporary / incognito chat), else null.
   * `thread`: the observed container, when known, so that page markers are looked for around it, not in every turn.
   */
  privateChat(url: URL, doc: Document, thread?: Element | null): 'temporary-chat' | 'incognito-chat' | null;
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
  /**
   * The page shows no completion marker on this turn (Perplexity; Claude pages without data-is-streaming), so
   * `finished` is only a guess: an answer that appears while we watch counts as finished once its text has stayed
   * unchanged for a while and no stop button shows, never because it "looks done" the first time it is seen.
   */
  unmarked?(turn: Element): boolean;
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
  /**
   * Long threads are windowed without saying how many rows they have (ChatGPT): "Save this chat" scrolls through
   * the whole thread whenever it can scroll.
   */
  windowed?: boolean;
  lazyHistory?: boolean;
  /** Site chrome inside messages to leave out of the Markdown, beyond the shared list. */
  drop?: string;
  /**
   * The site's own markup, read before the shared Markdown rules (ChatGPT's code blocks, Gemini's prompt lines, code
   * labels): markdown.ts. `keep`: inside preformatted text.
   */
  markdown?(el: Element, keep: boolean): string | undefined;
};

/**
 * An ordered fallback list of selectors. `all` uses the first one that matches and remember it, so that
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
    up(node: Element): Element | null {
      return node.closest(current);
    },
  };
}

/**
 * Per-role ordered fallback lists (sites change the markers of one role at a time). For each role the first selector
 * that matches is used; the turns are both roles' matches in document order, minus any nested in another turn.
 * `up` and `role` use the selectors `all` chose, so they agree with it.
 */
export function roleLists(user: readonly string[], assistant: readonly string[]) {
  let u = user[0]!;
  let a = assistant[0]!;
  const pick = (root: ParentNode, list: readonly string[], current: string) =>
    list.find((s) => root.querySelector(s)) ?? current;
  return {
    all(root: ParentNode): Element[] {
      u = pick(root, user, u);
      a = pick(root, assistant, a);
      const out: Element[] = [];
      for (const el of root.querySelectorAll(`${u}, ${a}`)) {
        const last = out[out.length - 1];
        if (!last?.contains(el)) out.push(el);
      }
      return out;
    },
    up(node: Element): Element | null {
      const x = node.closest(u);
      const y = node.closest(a);
      // the outer one, as in `all`
      return x && y ? (x.contains(y) ? x : y) : (x ?? y);
    },
    role(turn: Element): Role | null {
      return turn.matches(u) ? 'user' : turn.matches(a) ? 'assistant' : null;
    },
  };
}

/** The nearest common ancestor of the elements, or null when there are none. */
export function commonAncestor(els: readonly Element[]): Element | null {
  let c: Element | null = els[0] ?? null;
  for (const el of els) while (c && !c.contains(el)) c = c.parentElement;
  return c;
}

/**
 * The thread container: the nearest common ancestor of the turns (never just the first turn's parent: since
 * 2026-07 ChatGPT wraps every turn in its own element). A single turn's parent, and anything matching `unit` (one
 * exchange, or a per-turn wrapper), is climbed out of, so that a thread of one exchange is still the element the
 * next exchange will be added to.
 */
export function threadOf(turns: readonly Element[], unit?: string): Element | null {
  let c = commonAncestor(turns);
  if (c && turns.includes(c)) c = c.parentElement;
  if (unit) for (let w = c?.closest(unit); c && w; w = c?.closest(unit)) c = w.parentElement;
  return c;
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
