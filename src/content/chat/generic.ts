/**
 * The generic whole-document reader: "Save this chat" falls back to it when the site's adapter is degraded (the
 * page no longer matches its selectors). It knows nothing about the site. The turns are the largest set of
 * repeated sibling blocks in the page's main content (siblings that share a tag and first class, or attribute names:
 * how chat threads render one row per message); a role is given only where the markup states it (data-author,
 * data-message-author-role, aria-label "Assistant message"…); everything else is counted as unattributed. Text is
 * what the user can see (the Markdown reader drops buttons, icons and hidden text); navigation, headers, forms and
 * the composer are never read. Kept small and plain: it is bundled into every chat content script.
 */
import type { Role } from './adapter';
import { toMarkdown } from './markdown';

export type GenericTurn = { role: Role | null; text: string };
export type GenericRead = { turns: GenericTurn[]; unattributed: number };

/** Page chrome, never a turn nor part of one. */
const OUTSIDE =
  'nav,header,footer,aside,form,dialog,[role="navigation"],[role="banner"],[role="dialog"],[contenteditable="true"]';
/** Attributes that may say who wrote a turn. */
const ROLE_ATTRS = ['data-message-author-role', 'data-author', 'data-role', 'data-sender', 'data-from', 'aria-label'];
const ROLE_SELECTOR = ROLE_ATTRS.map((a) => `[${a}]`).join(',');
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

function roleIn(value: string | null): Role | null {
  let found: Role | null = null;
  for (const token of (value ?? '').toLowerCase().split(/[^a-z]+/)) {
    const r = USER.test(token) ? 'user' : ASSISTANT.test(token) ? 'assistant' : null;
    if (r && found && r !== found) return null;
    found = r ?? found;
  }
  return found;
}

/** The role the markup states for a turn (on it or inside it, never from a button), else null. */
export function statedRole(turn: Element): Role | null {
  const roles = new Set<Role>();
  for (const el of [turn, ...turn.querySelectorAll(ROLE_SELECTOR)]) {
    if (el.closest('button')) continue;
    for (const a of ROLE_ATTRS) {
      const r = roleIn(el.getAttribute(a));
      if (r) {
        roles.add(r);
        break;
      }
    }
    if (el === turn && roles.size) break;
  }
  return roles.size === 1 ? [...roles][0]! : null;
}

export function readGeneric(doc: Document): GenericRead {
  const main = doc.querySelector('main,[role="main"]') ?? doc.body;
  if (!main) return { turns: [], unattributed: 0 };
  let best: Element[] = [];
  let bestText = 0;
  for (const parent of [main, ...main.querySelectorAll('*')]) {
    if (parent.children.length < 2 || parent.closest(OUTSIDE)) continue;
    const groups = new Map<string, Element[]>();
    for (const child of parent.children) {
      // a bare <p> or <li> is a message's own paragraph, not a row of the thread
      if (!child.attributes.length || child.matches(OUTSIDE)) continue;
      const key = signature(child);
      groups.set(key, [...(groups.get(key) ?? []), child]);
    }
    for (const group of groups.values()) {
      if (group.length < 2) continue;
      const size = group.reduce((n, el) => n + (el.textContent?.trim().length ?? 0), 0);
      if (size > bestText || (size === bestText && group.length > best.length)) {
        best = group;
        bestText = size;
      }
    }
  }
  const turns: GenericTurn[] = [];
  for (const el of best) {
    const text = toMarkdown([el], { drop: OUTSIDE });
    if (text) turns.push({ role: statedRole(el), text });
  }
  return { turns, unattributed: turns.filter((t) => t.role === null).length };
}
