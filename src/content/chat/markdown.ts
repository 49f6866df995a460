/**
 * Rendered chat message → readable Markdown. Walks the DOM once; reads text only (never HTML), drops UI chrome.
 *
 * Whitespace: text in normal flow is collapsed as a browser would; code blocks and `whitespace-pre*` text keep
 * theirs. To keep that apart from the tidying done between blocks, kept newlines and spaces (and list indentation)
 * are written as two private control characters (NL, SP) and turned back into "\n" and " " at the very end.
 */

/** Never part of a message: controls, icons, hidden and screen-reader-only text, our own nodes if any. */
const CHROME =
  'button,svg,script,style,noscript,template,textarea,input,select,mat-icon,[aria-hidden="true"],[hidden],' +
  '.sr-only,.cdk-visually-hidden,[data-mnueron]';
const BLOCK = /^(P|DIV|SECTION|ARTICLE|HEADER|FOOTER|ASIDE|FIGURE|FIGCAPTION|DETAILS|SUMMARY|D[LTD]|LI)$/;
/** A code block's language label ("python", "c++", "Objective-C"). */
const LABEL = /^[\w#+.-]{1,24}$/;
const EMPHASIS: Record<string, string> = { STRONG: '**', B: '**', EM: '*', I: '*', DEL: '~~', S: '~~' };
const NL = '\u0001';
const SP = '\u0002';

export type MarkdownOptions = { drop?: string; line?: string };

let skip = CHROME;
let lineSel = '';
/** Language label seen just before a code block, for the fence of that block. */
let hint = '';

/** Markdown of the given elements (one message), joined as paragraphs. */
export function toMarkdown(els: readonly Element[], opts: MarkdownOptions = {}): string {
  skip = opts.drop ? `${CHROME},${opts.drop}` : CHROME;
  lineSel = opts.line ?? '';
  hint = '';
  return tidy(els.map((el) => block(inner(el, pre(el)))).join(''))
    .replace(/\u0001/g, '\n')
    .replace(/\u0002/g, ' ')
    .trim();
}

function tidy(s: string): string {
  return s
    .replace(/[ \t]*\n[ \t]*/g, '\n')
    .replace(/ {2,}/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function block(s: string): string {
  const t = tidy(s);
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

function inner(el: Element, keep: boolean): string {
  let out = '';
  for (let c = el.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 3) {
      const t = (c as Text).data.replace(/[\u0001\u0002]/g, '');
      out += keep ? t.replace(/\r?\n/g, NL).replace(/ /g, SP) : t.replace(/[ \t\n\r\f]+/g, ' ');
    } else if (c.nodeType === 1) {
      const e = c as Element;
      const next = e.nextElementSibling;
      // Claude and Gemini (2026-09) draw a code block's language as a small div just before the block: use it as
      // the fence language instead of printing it as a paragraph.
      const md = node(e, keep);
      if (
        (e.tagName === 'DIV' || e.tagName === 'SPAN') &&
        next &&
        md.length < 100 &&
        LABEL.test(tidy(md)) &&
        (next.tagName === 'PRE' || next.querySelector('pre'))
      ) {
        hint = tidy(md);
        continue;
      }
      out += md;
    }
  }
  return out;
}

function node(el: Element, keep: boolean): string {
  if (el.matches(skip)) return '';
  const tag = el.tagName;
  if (el.classList.contains('katex-display')) return block(`$$${tex(el)}$$`);
  if (el.classList.contains('katex')) return `$${tex(el)}$`;
  if (lineSel && el.matches(lineSel)) return tidy(inner(el, keep)) + '\n';
  const kids = () => inner(el, keep || pre(el));
  if (/^H[1-6]$/.test(tag)) return block(`${'#'.repeat(+tag[1]!)} ${tidy(kids()).replace(/\n+/g, ' ')}`);
  const mark = EMPHASIS[tag];
  if (mark) return around(kids(), (t) => mark + t + mark);
  switch (tag) {
    case 'BR':
      return keep ? NL : '\n';
    case 'PRE':
      return block(fence(el));
    case 'CODE': {
      const t = el.textContent ?? '';
      return !t ? '' : t.includes('`') ? `\`\` ${t} \`\`` : `\`${t}\``;
    }
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
  // Perplexity (2026-08) citations: span.citation[data-pplx-citation-url], sometimes without an inner <a>.
  const cite = el.getAttribute('data-pplx-citation-url');
  if (cite && !el.querySelector('a')) return link(kids(), cite);
  return BLOCK.test(tag) ? block(kids()) : kids();
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

function fence(el: Element): string {
  const code = el.querySelector('code');
  const lang = /language-([\w#+.-]+)/.exec(code?.getAttribute('class') ?? '')?.[1] ?? hint;
  hint = '';
  const body = (code ? (code.textContent ?? '') : tidy(inner(el, true)).replace(/\u0001/g, '\n')).replace(/\n+$/, '');
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
