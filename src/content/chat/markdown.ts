/**
 * Rendered chat message → readable Markdown. Walks the DOM once; reads text only (never HTML), drops UI chrome.
 *
 * Whitespace: text in normal flow is collapsed as a browser would; code blocks and `whitespace-pre*` text keep
 * theirs. To keep that apart from the tidying done between blocks, kept newlines and spaces (and list indentation)
 * are written as two private control characters (NL, SP) and turned back into "\n" and " " at the very end.
 */

/**
 * Never part of a message: controls, icons, hidden and screen-reader-only text, our own nodes if any. (A site's own
 * chrome, such as Gemini's icon elements, is its adapter's `drop`.)
 */
const CHROME =
  'button,svg,script,style,noscript,template,textarea,input,select,[aria-hidden="true"],[hidden],.sr-only,[data-mnueron]';
const BLOCK = /^(P|DIV|SECTION|ARTICLE|HEADER|FOOTER|ASIDE|FIGURE|FIGCAPTION|DETAILS|SUMMARY|D[LTD]|LI)$/;
/** Elements a citation chip never leaves: block elements, headings, table cells, quotes. */
const ENDS =
  /^(P|DIV|SECTION|ARTICLE|HEADER|FOOTER|ASIDE|FIGURE|FIGCAPTION|DETAILS|SUMMARY|D[LTD]|LI|H[1-6]|T[DH]|BLOCKQUOTE)$/;
/** A code block's language label ("python", "c++", "Objective-C"). */
export const LABEL = /^[\w#+.-]{1,24}$/;
const EMPHASIS: Record<string, string> = { STRONG: '**', B: '**', EM: '*', I: '*', DEL: '~~', S: '~~' };
const NL = '\u0001';
const SP = '\u0002';

/** Citation chips: ChatGPT's pills (2026-02), Perplexity's spans (2026-08; a group of sources has no address). */
const CITE = '[data-testid="webpage-citation-pill"],[data-pplx-citation-url],span.citation';
/** Sentence punctuation a citation chip is moved behind ("text[1]." → "text. [1]"). */
const CLOSING = /^[\s\u200b]*(?:[.,;:!?。、，．！？…)）」』\]]+[\u200b]*)?/;

export type MarkdownOptions = {
  drop?: string;
  /**
   * A site's own markup, read before the shared rules (ChatGPT's code blocks, Gemini's prompt lines, the language
   * labels Claude and Gemini draw beside a code block): its Markdown, or undefined to read the element as usual.
   * `keep`: inside preformatted text. Kept in the site's adapter (with the helpers below that only some sites use),
   * so that the other sites' content scripts do not carry it.
   */
  markdown?(el: Element, keep: boolean): string | undefined;
};

let skip = CHROME;
let own: MarkdownOptions['markdown'];
/** Language label seen just before a code block, for the fence of that block. */
let hint = '';
/** Citation chips waiting for the end of their sentence. */
let cites: string[] = [];
let win: (Window & typeof globalThis) | null = null;

/** Markdown of the given elements (one message), joined as paragraphs. */
export function toMarkdown(els: readonly Element[], opts: MarkdownOptions = {}): string {
  skip = `${CHROME}${opts.drop ? `,${opts.drop}` : ''}`;
  own = opts.markdown;
  hint = '';
  cites = [];
  win = (els[0]?.ownerDocument.defaultView as (Window & typeof globalThis) | null) ?? null;
  // (a detached element, as in tests, has no style to judge)
  const shown = els.filter(
    (el) => !el.isConnected || (el.checkVisibility?.({ opacityProperty: true, visibilityProperty: true }) ?? true),
  );
  return tidy(shown.map((el) => block(inner(el, pre(el)) + flushCites())).join(''))
    .replace(/\u0001/g, '\n')
    .replace(/\u0002/g, ' ')
    .trim();
}

export function tidy(s: string): string {
  return s
    .replace(/[ \t]*\n[ \t]*/g, '\n')
    .replace(/ {2,}/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * A block (paragraph, list, code…) set apart by blank lines. Its inside is not tidied here: `toMarkdown` tidies the
 * whole message once at the end (tidying at every level of nesting re-read the text once per level).
 */
export function block(s: string): string {
  const t = s.trim();
  return t ? `\n\n${t}\n\n` : '';
}

/** `whitespace-pre-wrap` and friends (Tailwind classes or inline style): the text's own line breaks count. */
function pre(el: Element): boolean {
  return (
    /(^|\s)!?whitespace-pre/.test(el.getAttribute('class') ?? '') ||
    /white-space:\s*pre/.test(el.getAttribute('style') ?? '')
  );
}

/** `f` applied to the trimmed content, with the surrounding spaces kept outside (so "** bold **" never happens). */
function around(s: string, f: (t: string) => string): string {
  const t = s.trim();
  return t ? s.slice(0, s.indexOf(t[0]!)) + f(t) + (/\s$/.test(s) ? ' ' : '') : s;
}

/**
 * Not visible to the user, judged on the element's own computed style (its ancestors were judged on the way down):
 * display:none, visibility hidden, opacity 0, or moved off-screen / clipped to nothing as screen-reader-only text is.
 */
function hidden(el: Element): boolean {
  const st = win?.getComputedStyle(el);
  if (!st) return false;
  if (st.display === 'none' || st.visibility === 'hidden' || st.visibility === 'collapse' || st.opacity === '0')
    return true;
  if (st.position !== 'absolute' && st.position !== 'fixed') return false;
  const px = (v: string) => parseFloat(v);
  return (
    /rect\(\s*0(px)?[\s,]+0(px)?[\s,]+0(px)?[\s,]+0(px)?\s*\)/.test(st.clip) ||
    /inset\(\s*50%/.test(st.clipPath) ||
    px(st.left) <= -999 ||
    px(st.top) <= -999 ||
    (px(st.width) <= 1 && px(st.height) <= 1 && st.overflow === 'hidden')
  );
}

/** Pending citation chips, written after the sentence they belong to. */
function flushCites(): string {
  const out = cites.length ? ` ${cites.join(' ')} ` : '';
  cites = [];
  return out;
}

function inner(el: Element, keep: boolean): string {
  let out = '';
  for (let c = el.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 3) {
      let t = (c as Text).data;
      // neighbouring text nodes (a streamed answer can hold one per token) are read as one
      while (c.nextSibling?.nodeType === 3) t += (c = c.nextSibling as Text).data;
      t = t.replace(/[\u0001\u0002]/g, '');
      if (cites.length) {
        // the chips go after the punctuation that ends their sentence, and never glued to a word
        const close = CLOSING.exec(t)?.[0] ?? '';
        out += close.replace(/[\s\u200b]+/g, '') + flushCites();
        t = t.slice(close.length);
      }
      out += keep ? t.replace(/\r?\n/g, NL).replace(/ /g, SP) : t.replace(/[ \t\n\r\f]+/g, ' ');
    } else if (c.nodeType === 1) {
      const e = c as Element;
      if (e.matches(CITE)) {
        const chip = cite(e);
        if (chip) cites.push(chip);
        continue;
      }
      if (cites.length && !e.matches(skip)) out += flushCites();
      out += node(e, keep);
    }
  }
  // chips still waiting at the end of a block stay in that block
  return cites.length && ENDS.test(el.tagName) ? out + flushCites() : out;
}

/**
 * Claude and Gemini (2026-09) draw a code block's language as a small div or span just before the block: it becomes
 * the fence language instead of a paragraph ('' when it is one; undefined otherwise). For their `markdown` hooks.
 */
export function labelBeforeCode(el: Element, keep: boolean): string | undefined {
  const next = el.nextElementSibling;
  if (
    (el.tagName !== 'DIV' && el.tagName !== 'SPAN') ||
    !next ||
    !(next.tagName === 'PRE' || next.querySelector('pre'))
  )
    return;
  const t = tidy(inner(el, keep));
  if (t.length >= 100 || !LABEL.test(t)) return;
  hint = t;
  return '';
}

/** An element holding a code block's language label (Gemini's decoration): the next fence's language, never text. */
export function codeLabel(el: Element): string {
  hint = tidy(inner(el, false)).replace(/\n+/g, ' ');
  return '';
}

/** An element that is one line of text rather than a paragraph (Gemini's prompt lines). */
export function textLine(el: Element, keep: boolean): string {
  return tidy(inner(el, keep)) + '\n';
}

/** A citation chip as a Markdown link (or its label when it has no web address). */
function cite(el: Element): string {
  const href = el.getAttribute('data-pplx-citation-url') ?? el.querySelector('a[href]')?.getAttribute('href') ?? '';
  const label = tidy(el.textContent ?? '').replace(/[\u200b\n]/g, '');
  if (!label && !href) return '';
  return /^https?:/.test(href) ? `[${label || href}](${href})` : label;
}

function node(el: Element, keep: boolean): string {
  if (el.matches(skip) || hidden(el)) return '';
  const tag = el.tagName;
  // Formulas keep their TeX: Gemini's data-math (2026-02), ChatGPT's data-math-source (2026-09), KaTeX's annotation.
  const source = el.getAttribute('data-math') ?? el.getAttribute('data-math-source');
  if (source != null) {
    const display = el.classList.contains('math-block') || tag === 'DIV' || !!el.querySelector('.katex-display');
    return display ? block(`$$${source.trim()}$$`) : `$${source.trim()}$`;
  }
  if (el.classList.contains('katex-display')) return block(`$$${tex(el)}$$`);
  if (el.classList.contains('katex')) return `$${tex(el)}$`;
  if (el.getAttribute('role') === 'math' && el.hasAttribute('aria-label') && !el.querySelector('annotation'))
    return `$${el.getAttribute('aria-label')!.trim()}$`;
  const mine = own?.(el, keep);
  if (mine !== undefined) return mine;
  // A collapsed <details> shows only its summary.
  if (tag === 'DETAILS' && !el.hasAttribute('open')) {
    const summary = el.querySelector(':scope > summary');
    return summary ? block(node(summary, keep)) : '';
  }
  const kids = () => inner(el, keep || pre(el));
  if (/^H[1-6]$/.test(tag)) return block(`${'#'.repeat(+tag[1]!)} ${tidy(kids()).replace(/\n+/g, ' ')}`);
  const mark = EMPHASIS[tag];
  if (mark) return around(kids(), (t) => mark + t + mark);
  switch (tag) {
    case 'BR':
      return keep ? NL : '\n';
    case 'PRE':
      return block(fence(el));
    case 'CODE':
      return inlineCode(el.textContent ?? '');
    case 'A':
      return link(kids(), (el as HTMLAnchorElement).href);
    case 'UL':
    case 'OL':
      return block(list(el, tag === 'OL', keep));
    case 'BLOCKQUOTE':
      return block(
        tidy(kids())
          .split('\n')
          .map((l) => (l ? `>${SP}${l}` : '>'))
          .join('\n'),
      );
    case 'TABLE':
      return block(table(el));
    case 'HR':
      return block('---');
  }
  return BLOCK.test(tag) ? block(kids()) : kids();
}

export function inlineCode(t: string): string {
  return !t ? '' : t.includes('`') ? `\`\` ${t} \`\`` : `\`${t}\``;
}

function link(label: string, href: string): string {
  return /^(https?|mailto):/.test(href)
    ? around(label, (t) => (t === href || `${t}/` === href ? t : `[${t}](${href})`))
    : label;
}

function tex(el: Element): string {
  return (
    el.querySelector('annotation[encoding="application/x-tex"]')?.textContent?.trim() ?? el.textContent?.trim() ?? ''
  );
}

/**
 * A fenced code block: the text of `lines` (one element per line) when there are any, else of `code`, else of the
 * block itself; in the language `code`'s class names, else the label seen just before the block, else `label()`.
 */
export function fence(
  el: Element,
  code: Element | null = el.querySelector('code'),
  lines?: ArrayLike<Element>,
  label?: () => string,
): string {
  const lang = /language-([\w#+.-]+)/.exec(code?.getAttribute('class') ?? '')?.[1] || hint || label?.() || '';
  hint = '';
  const body = (
    lines?.length
      ? Array.from(lines, (l) => l.textContent ?? '').join('\n')
      : code
        ? (code.textContent ?? '')
        : tidy(inner(el, true)).replace(/\u0001/g, '\n')
  ).replace(/\n+$/, '');
  const ticks = body.includes('```') ? '````' : '```';
  return `${ticks}${lang.toLowerCase()}${NL}${body.replace(/\n/g, NL).replace(/ /g, SP)}${NL}${ticks}`;
}

function list(el: Element, ordered: boolean, keep: boolean): string {
  let n = parseInt(el.getAttribute('start') ?? '1', 10);
  if (!(n >= 0)) n = 1;
  const items: string[] = [];
  for (const li of el.children) {
    if (li.tagName !== 'LI' || li.matches(skip)) continue;
    const marker = ordered ? `${n++}.` : '-';
    const pad = SP.repeat(marker.length + 1);
    const body = tidy(inner(li, keep || pre(li)))
      .split('\n')
      .map((l, i) => (i && l ? pad + l : l))
      .join('\n')
      .replace(/\u0001/g, NL + pad);
    items.push(`${marker} ${body}`);
  }
  return items.join('\n');
}

function table(el: Element): string {
  const rows = [...el.querySelectorAll('tr')].map((tr) =>
    [...tr.children]
      .filter((c) => c.tagName === 'TD' || c.tagName === 'TH')
      .map((c) =>
        tidy(inner(c, false))
          .replace(/[\n\u0001]+/g, ' ')
          .replace(/\|/g, '\\|'),
      ),
  );
  const width = Math.max(0, ...rows.map((r) => r.length));
  if (!width) return '';
  const line = (r: string[]) => `| ${Array.from({ length: width }, (_, i) => r[i] ?? '').join(' | ')} |`;
  return [line(rows[0]!), line(Array(width).fill('---')), ...rows.slice(1).map(line)].join('\n');
}
