/**
 * ChatGPT's own Markdown rules (its code blocks and inline code, as the page marks them), the adapter's `markdown`
 * hook. Not part of ChatGPT's content script, which does not write Markdown: the reader injected on first use
 * (reader.ts) and "Save this chat" apply it, through `withReadingParts` (sites/reading-parts.ts).
 */
import { LABEL, block, fence, inlineCode } from '../markdown';
import { COPY_EXCLUDE } from './chatgpt';

/** 2026-09 turn-key layout: a code block. */
const CODE_BLOCK = '[data-markdown-copy="code-block"]';

/**
 * A code block's language label drawn inside the block, in its header (2026-02..09): the first short text outside
 * the code itself and outside buttons.
 */
function headerLabel(el: Element, code: Element): string {
  const walker = el.ownerDocument.createTreeWalker(el, 4);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const p = n.parentElement;
    if (!p || code.contains(p) || p.closest('button,[role="button"],svg')) continue;
    if (code.compareDocumentPosition(p) & 4) break; // past the code: no header
    const t = (n as Text).data.trim();
    if (t) return LABEL.test(t) ? t : '';
  }
  return '';
}

/** Code blocks (a CodeMirror viewer, one .cm-line per line since 2026-09) and inline code, as the page marks them. */
export function chatgptMarkdown(el: Element): string | undefined {
  if (el.tagName === 'PRE' || el.matches(CODE_BLOCK)) {
    const code = el.querySelector('code') ?? el.querySelector('.cm-content');
    return block(
      fence(el, code, el.querySelectorAll('.cm-content .cm-line'), () =>
        code ? headerLabel(el.querySelector(COPY_EXCLUDE) ?? el, code) : '',
      ),
    );
  }
  if (el.getAttribute('data-markdown-copy') === 'inline-code') return inlineCode(el.textContent ?? '');
}
