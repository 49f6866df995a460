// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { toMarkdown } from './markdown';
import { chatgptSite } from './sites/chatgpt';
import { withReadingParts } from './sites/reading-parts';
import { claudeSite } from './sites/claude';
import { geminiSite } from './sites/gemini';

function md(html: string, opts?: Parameters<typeof toMarkdown>[1]): string {
  const el = document.createElement('div');
  el.innerHTML = html;
  return toMarkdown([el], opts);
}

describe('toMarkdown', () => {
  it('paragraphs, emphasis, inline code, collapsed whitespace', () => {
    expect(
      md('<p>  Hello   <strong> bold </strong>and <em>soft</em>\n text, <code>a &lt; b</code>.</p><p>Two</p>'),
    ).toBe('Hello **bold** and *soft* text, `a < b`.\n\nTwo');
    expect(md('<p>use <code>a`b</code> here, <del>old</del></p>')).toBe('use `` a`b `` here, ~~old~~');
  });

  it('headings, quotes, rules, line breaks', () => {
    expect(
      md('<h2>Title <span>here</span></h2><blockquote><p>quoted</p><p>twice</p></blockquote><hr><p>a<br>b</p>'),
    ).toBe('## Title here\n\n> quoted\n>\n> twice\n\n---\n\na\nb');
  });

  it('code blocks keep indentation and blank lines, and get a language fence', () => {
    const code = 'def f():\n    return 1\n\n\n    # end\n';
    expect(md(`<pre><code class="language-python">${code}</code></pre>`)).toBe(
      '```python\ndef f():\n    return 1\n\n\n    # end\n```',
    );
    // label just before the block (Claude, Gemini: their adapters' rule); elsewhere it stays a paragraph
    const labelled = '<div><div>TypeScript</div><pre><code>let x = 1;</code></pre></div>';
    for (const site of [claudeSite, geminiSite]) expect(md(labelled, site)).toBe('```typescript\nlet x = 1;\n```');
    expect(md(labelled)).toBe('TypeScript\n\n```\nlet x = 1;\n```');
    // (and a longer text before a block is never a label)
    expect(md('<div><div>Run this first</div><pre><code>ls</code></pre></div>', claudeSite)).toBe(
      'Run this first\n\n```\nls\n```',
    );
    // ChatGPT's header inside <pre> (label, copy button) is not code; the language comes from the code's class
    const header = '<div>bash</div><div><button>Copy code</button></div>';
    expect(md(`<pre><div>${header}<div><code class="language-bash">ls  -la</code></div></div></pre>`)).toBe(
      '```bash\nls  -la\n```',
    );
    // a fence inside the code gets a longer fence
    expect(md('<pre><code>```js\nx\n```</code></pre>')).toBe('````\n```js\nx\n```\n````');
    // a one-word paragraph before a block stays a paragraph
    expect(md('<p>Output</p><pre><code>42</code></pre>')).toBe('Output\n\n```\n42\n```');
  });

  it('nested and numbered lists', () => {
    const html =
      '<ol start="3"><li>three<ul><li>a</li><li>b<ol><li>deep</li></ol></li></ul></li><li><p>four</p><p>more</p></li></ol>';
    expect(md(html)).toBe('3. three\n\n   - a\n   - b\n\n     1. deep\n4. four\n\n   more');
  });

  it('links as [text](url), only for http(s) and mailto; bare URLs stay bare', () => {
    expect(
      md(
        '<p>See <a href="https://example.com/a?b=1">the docs</a>, <a href="mailto:x@y.z">mail</a>, <a href="javascript:alert(1)">js</a>, <a href="https://e.com">https://e.com</a>.</p>',
      ),
    ).toBe('See [the docs](https://example.com/a?b=1), [mail](mailto:x@y.z), js, https://e.com.');
  });

  it('tables are readable pipe tables', () => {
    const html =
      '<table><thead><tr><th>A</th><th>B | C</th></tr></thead><tbody><tr><td><strong>1</strong></td><td><p>two</p><p>lines</p></td></tr><tr><td>only</td></tr></tbody></table>';
    expect(md(html)).toBe('| A | B \\| C |\n| --- | --- |\n| **1** | two lines |\n| only | |');
  });

  it('drops UI chrome: buttons, icons, hidden and screen-reader-only text, our own nodes', () => {
    const html =
      '<h6 class="sr-only">ChatGPT said:</h6><p>Keep<svg><text>icon</text></svg> this<span aria-hidden="true">✱</span><button>Copy</button><button>Edit</button></p>' +
      '<div hidden>hidden</div><div data-mnueron="badge">Saved to Mnueron</div><template><p>t</p></template>';
    expect(md(html)).toBe('Keep this');
    // Gemini's own chrome (Angular Material icons and screen-reader text), dropped by its adapter
    expect(
      md('<span class="cdk-visually-hidden">You said</span><p>Hi<mat-icon>content_copy</mat-icon></p>', geminiSite),
    ).toBe('Hi');
  });

  it('keeps odd Unicode as is', () => {
    const s = 'naïve café — 日本語, עברית\u200f, 👩‍💻, e\u0301, zero\u200bwidth, nbsp\u00a0here, 𝔘𝔫𝔦';
    expect(md(`<p>${s}</p>`)).toBe(s);
  });

  it('pre-wrap text keeps its line breaks; lines as configured', () => {
    expect(md('<div class="whitespace-pre-wrap">line 1\nline 2\n\n  indented</div>')).toBe(
      'line 1\nline 2\n\n  indented',
    );
    // Gemini: one prompt line per element
    const lines = '<p class="query-text-line">a</p><p class="query-text-line"><br></p><p class="query-text-line">b</p>';
    expect(md(lines, geminiSite)).toBe('a\n\nb');
  });

  it('math from KaTeX annotations; citations without links', () => {
    const katex =
      '<span class="katex"><span class="katex-mathml"><math><semantics><mrow><mi>x</mi></mrow><annotation encoding="application/x-tex">x^2</annotation></semantics></math></span><span class="katex-html" aria-hidden="true">x2</span></span>';
    expect(md(`<p>Area ${katex}.</p>`)).toBe('Area $x^2$.');
    expect(md('<p>Fact<span class="citation" data-pplx-citation-url="https://a.b/c">ab</span></p>')).toBe(
      'Fact [ab](https://a.b/c)',
    );
  });

  it('extra site chrome through the drop option; several elements join as paragraphs', () => {
    const a = document.createElement('p');
    a.textContent = 'first';
    const b = document.createElement('div');
    b.innerHTML = '<span class="chip">Sources</span>second';
    expect(toMarkdown([a, b], { drop: '.chip' })).toBe('first\n\nsecond');
  });

  it('only text the user can see: hidden by style, off-screen, or in a collapsed <details>', () => {
    const el = document.createElement('div');
    el.innerHTML =
      '<p>Shown<span style="display:none"> no-display</span><span style="visibility:hidden"> invisible</span>' +
      '<span style="opacity:0"> transparent</span><span style="position:absolute;left:-10000px"> off-screen</span>' +
      '<span style="position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)"> clipped</span>.</p>' +
      '<details><summary>Sources</summary><p>folded away</p></details><details open><summary>More</summary><p>unfolded</p></details>';
    document.body.append(el);
    expect(toMarkdown([el])).toBe('Shown.\n\nSources\n\nMore\n\nunfolded');
    el.style.display = 'none';
    expect(toMarkdown([el])).toBe('');
    el.remove();
  });

  it('code fences carry the language from the block header or a configured label, never printed as text', () => {
    // ChatGPT 2026-07: the label in the header inside <pre>, beside buttons; the code in a CodeMirror viewer
    const header =
      '<div><div>JavaScript<svg></svg></div><div><button>Copy</button><button><div>Run</div></button></div></div>';
    // (ChatGPT's code blocks are read by its adapter's own rules, given to toMarkdown as the adapter is)
    expect(
      md(
        `<pre>${header}<div class="cm-editor"><pre class="cm-content"><code>a\n  b</code></pre></div></pre>`,
        withReadingParts(chatgptSite),
      ),
    ).toBe('```javascript\na\n  b\n```');
    // ChatGPT 2026-09: code-block container, header excluded from copies, one .cm-line per line
    expect(
      md(
        '<div data-markdown-copy="code-block"><div data-markdown-copy="exclude"><span>Go</span><button>Copy</button></div>' +
          '<div class="cm-content"><div class="cm-line">x := 1</div><div class="cm-line">  y := x</div></div></div>' +
          '<p>Use <span data-markdown-copy="inline-code">x</span>.</p>',
        withReadingParts(chatgptSite),
      ),
    ).toBe('```go\nx := 1\n  y := x\n```\n\nUse `x`.');
    // Gemini 2026-07: the decoration is a sibling of the <pre>, buttons in between
    expect(
      md(
        '<div><div class="code-block-decoration"><span>Python</span></div><div class="buttons"><button>c</button></div><pre><code>print(1)</code></pre></div>',
        geminiSite,
      ),
    ).toBe('```python\nprint(1)\n```');
    // no header, no class: a bare fence (the first code text is never taken for a label)
    expect(md('<pre><code>ls</code></pre>')).toBe('```\nls\n```');
  });

  it('formulas keep their TeX: data-math, data-math-source, role=math labels', () => {
    expect(
      md(
        '<p>So <span class="math-inline" data-math="a^2"><span>a2</span></span> and</p><div class="math-block" data-math="E = mc^2"><span>E=mc2</span></div>',
      ),
    ).toBe('So $a^2$ and\n\n$$E = mc^2$$');
    expect(md('<p>Time <span data-math-source="t_0">t0</span>.</p><div data-math-source="x = 1">x=1</div>')).toBe(
      'Time $t_0$.\n\n$$x = 1$$',
    );
    expect(md('<p>Root <span role="math" aria-label="\\sqrt{2}">√2</span>.</p>')).toBe('Root $\\sqrt{2}$.');
  });

  it('text split into many neighbouring nodes (a streamed answer: one per token) reads as the same text', () => {
    const pill = '<span data-testid="webpage-citation-pill"><a href="https://e.com/x"><span>e.com</span></a></span>';
    const whole = md(`<p>Fact${pill} . And  more</p><pre><code>a  b</code></pre>`);
    const el = document.createElement('div');
    el.innerHTML = `<p>Fact${pill}</p><pre><code></code></pre>`;
    // the punctuation after the chip arrives in its own node, after a space
    for (const piece of [' ', '.', ' And ', ' more']) el.querySelector('p')!.append(piece);
    for (const piece of ['a', ' ', ' b']) el.querySelector('code')!.append(piece);
    expect(toMarkdown([el])).toBe(whole);
    expect(whole).toBe('Fact. [e.com](https://e.com/x) And more\n\n```\na  b\n```');
  });

  it('citation chips become links after their sentence, never glued to the words', () => {
    const pill = (host: string) =>
      `<span data-state="closed"><span data-testid="webpage-citation-pill"><a href="https://${host}/x"><span>${host}</span></a></span></span>`;
    expect(md(`<p>日本語の文${pill('a.jp')}。次の文${pill('b.jp')}${pill('c.jp')}</p>`)).toBe(
      '日本語の文。 [a.jp](https://a.jp/x) 次の文 [b.jp](https://b.jp/x) [c.jp](https://c.jp/x)',
    );
    expect(md(`<p>Fact${pill('e.com')}, and more.</p><ul><li>Item${pill('f.com')}</li></ul>`)).toBe(
      'Fact, [e.com](https://e.com/x) and more.\n\n- Item [f.com](https://f.com/x)',
    );
  });
});
