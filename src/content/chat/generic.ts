/**
 * The generic whole-document reader: "Save this chat" falls back to it when the site's adapter is degraded (the
 * page no longer matches its selectors). It knows nothing about the site. The turns are the largest set of
 * repeated sibling blocks in the page's main content (siblings that share a tag and first class, or attribute names:
 * how chat threads render one row per message); a role is given only where the markup states it (data-author,
 * data-message-author-role, aria-label "Assistant message"…); everything else is counted as unattributed. Text is
 * what the user can see (the Markdown reader drops buttons, icons and hidden text); navigation, headers, forms and
 * the composer are never read. Kept small and plain: it is part of the "Save this chat" script (save-chat.ts), which
 * the background injects when the user asks.
 */
import type { Role } from './adapter';
import { toMarkdown, type MarkdownOptions } from './markdown';

export type GenericTurn = { role: Role | null; text: string };
export type GenericRead = { turns: GenericTurn[]; unattributed: number };

/** Page chrome, never a turn nor part of one. */
const OUTSIDE =
  'nav,header,footer,aside,form,dialog,[role="navigation"],[role="banner"],[role="dialog"],[contenteditable="true"]';
/** Attributes whose value may say who wrote a turn (data-author="user", aria-label="Assistant message"…). */
const ROLE_ATTRS = [
  'data-message-author-role',
  'data-author',
  'data-role',
  'data-sender',
  'data-from',
  'data-testid',
  'aria-label',
];
const USER = /^(user|human|me|you|question|prompt|query)$/;
const ASSISTANT = /^(assistant|bot|ai|model|answer|response|chatgpt|claude|gemini|perplexity)$/;

/** Rows of one thread share a tag and first class (or, without a class, attribute names besides role ones). */
function signature(el: Element): string {
  const cls = el.classList[0];
  if (cls) return `${el.tagName}.${cls}`;
  const names = [...el.attributes]
    .map((a) => a.name)
    .filter((n) => n !== 'style' && n !== 'id' && !n.startsWith('aria-') && !ROLE_ATTRS.includes(n))
    .sort();
  return `${el.tagName}|${names.join(',')}`;
}

/** The role named by the words in `s` ("human-turn", "Assistant message"), null when none or both. */
function roleIn(s: string): Role | null {
  let found: Role | null = null;
  for (const token of s.toLowerCase().split(/[^a-z]+/)) {
    const r = USER.test(token) ? 'user' : ASSISTANT.test(token) ? 'assistant' : null;
    if (r && found && r !== found) return null;
    found = r ?? found;
  }
  return found;
}

/** The role an element's own markup states: its tag (<prompt-bubble>), data attribute names, role attributes. */
function ownRole(el: Element): Role | null {
  if (el.closest('button')) return null;
  const words = [el.localName, ...[...el.attributes].filter((a) => a.name.startsWith('data-')).map((a) => a.name)];
  for (const a of ROLE_ATTRS) words.push(el.getAttribute(a) ?? '');
  return roleIn(words.join(' '));
}

/** The role the markup states for a turn (on it or inside it, never from a button), else null. */
export function statedRole(turn: Element): Role | null {
  const roles = new Set<Role>();
  for (const el of [turn, ...turn.querySelectorAll('*')]) {
    const r = ownRole(el);
    if (r) roles.add(r);
  }
  return roles.size === 1 ? [...roles][0]! : null;
}

/** Characters of the element's text outside links (a list of links is navigation, never a thread). */
function ownText(el: Element): number {
  if (el.closest('a')) return 0;
  let n = el.textContent?.trim().length ?? 0;
  for (const link of el.querySelectorAll('a')) n -= link.textContent?.trim().length ?? 0;
  return n;
}

const read = (els: Element[], markdown: MarkdownOptions['markdown']): GenericRead => {
  const turns: GenericTurn[] = [];
  for (const el of els) {
    const text = toMarkdown([el], { drop: OUTSIDE, ...(markdown ? { markdown } : {}) });
    if (text) turns.push({ role: statedRole(el), text });
  }
  return { turns, unattributed: turns.filter((t) => t.role === null).length };
};
const bothRoles = (r: GenericRead) => new Set(r.turns.map((t) => t.role).filter(Boolean)).size === 2;

/** `markdown`: the site adapter's own Markdown rules (its code blocks), which still apply where its selectors broke. */
export function readGeneric(doc: Document, markdown?: MarkdownOptions['markdown']): GenericRead {
  const main = doc.querySelector('main,[role="main"]') ?? doc.body;
  if (!main) return { turns: [], unattributed: 0 };
  const all = [main, ...main.querySelectorAll('*')].filter((el) => !el.closest(OUTSIDE));
  // 1. The largest group of repeated sibling blocks.
  let best: Element[] = [];
  let bestText = 0;
  for (const parent of all) {
    if (parent.children.length < 2) continue;
    const groups = new Map<string, Element[]>();
    for (const child of parent.children) {
      // a bare <p> or <li> is a message's own paragraph, not a row of the thread
      if (!child.attributes.length || child.matches(OUTSIDE)) continue;
      const key = signature(child);
      groups.set(key, [...(groups.get(key) ?? []), child]);
    }
    for (const group of groups.values()) {
      if (group.length < 2) continue;
      const size = group.reduce((n, el) => n + Math.max(0, ownText(el)), 0);
      if (size > bestText || (size === bestText && group.length > best.length)) {
        best = group;
        bestText = size;
      }
    }
  }
  const rows = read(best, markdown);
  if (bothRoles(rows)) return rows;
  // 2. Else the outermost blocks whose own markup names a role (<prompt-bubble>, data-answer-block…), when that
  // finds both sides of the chat.
  const inMarked = (el: Element) => {
    for (let p = el.parentElement; p && main.contains(p); p = p.parentElement) if (ownRole(p)) return true;
    return false;
  };
  const marked = all.filter((el) => ownRole(el) && !inMarked(el));
  const byMarks = read(marked, markdown);
  return bothRoles(byMarks) ? byMarks : rows;
}
