/**
 * The chat sites' composers as fixture pages, built from the real editor library each site uses (ProseMirror for
 * ChatGPT and Claude, Quill for Gemini, Lexical for Perplexity): the sources in this folder, bundled with Vite and
 * inlined into a page nested as the site nests its composer. Used by test/e2e/insert.e2e.ts and by the insertion
 * figure of `npm run bench` (bench/insert.ts).
 */
import { build } from 'vite';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type ComposerEditor = 'prosemirror' | 'quill' | 'lexical';

export type SiteCase = {
  site: 'chatgpt' | 'claude' | 'gemini' | 'perplexity';
  label: string;
  url: string;
  editor: ComposerEditor;
  /** The page around the editor's mount point, as the site nests its composer. */
  wrap: (mount: string) => string;
  attributes?: Record<string, string>;
};

export const COMPOSER_SITES: SiteCase[] = [
  {
    site: 'chatgpt',
    label: 'ChatGPT',
    url: 'https://chatgpt.com/c/6724c1f0-8a2b-8000-9f1e-3c5d7e9a1b20',
    editor: 'prosemirror',
    wrap: (mount) => `<main><form>${mount}<button data-testid="send-button">Send</button></form></main>`,
    attributes: { id: 'prompt-textarea' },
  },
  {
    site: 'claude',
    label: 'Claude',
    url: 'https://claude.ai/chat/0c5e7a2b-41d3-4f6e-9a8b-2d1c3e4f5a6b',
    editor: 'prosemirror',
    wrap: (mount) => `<fieldset>${mount}<button aria-label="Send message">Send</button></fieldset>`,
    attributes: { 'aria-label': 'Write your prompt to Claude', role: 'textbox' },
  },
  {
    site: 'gemini',
    label: 'Gemini',
    url: 'https://gemini.google.com/app/5f1c2b3a4d5e6f70',
    editor: 'quill',
    wrap: (mount) => `<rich-textarea>${mount}</rich-textarea>`,
  },
  {
    site: 'perplexity',
    label: 'Perplexity',
    url: 'https://www.perplexity.ai/search/what-is-the-boiling-point-of-w-Xq3.Zr7TQ2aVb1Lw9nK0sA',
    editor: 'lexical',
    wrap: (mount) => `<div class="composer">${mount}</div>`,
  },
];

const OUT = resolve(import.meta.dirname, '../../../.tmp/composers');
const ROOT = resolve(import.meta.dirname, '../../..');

/** Each editor's composer as one IIFE script, ready to inline into a page. */
/**
 * Each editor bundled for a page's inline <script>. `target` is the browser to build for; `tag` names the output
 * files, so test files bundling the same editor at the same time do not write over each other's.
 */
export async function bundleComposers(
  editors: readonly ComposerEditor[] = ['prosemirror', 'quill', 'lexical'],
  { target = 'chrome120', tag = 'insert' }: { target?: string; tag?: string } = {},
): Promise<Map<ComposerEditor, string>> {
  mkdirSync(OUT, { recursive: true });
  const bundles = new Map<ComposerEditor, string>();
  for (const editor of editors) {
    await build({
      configFile: false,
      logLevel: 'warn',
      define: { 'process.env.NODE_ENV': '"production"' },
      build: {
        outDir: OUT,
        emptyOutDir: false,
        minify: false,
        target,
        lib: {
          entry: resolve(import.meta.dirname, `${editor}.ts`),
          formats: ['iife'],
          name: `${editor}Composer`,
          fileName: () => `${editor}-${tag}.js`,
        },
      },
    });
    bundles.set(editor, readFileSync(join(OUT, `${editor}-${tag}.js`), 'utf8').replace(/<\/script/gi, '<\\/script'));
  }
  return bundles;
}

/** The site's page with its composer holding `draft`; the editor's own text is `window.__editorText()`. */
export function composerPage(c: SiteCase, draft: string, bundles: ReadonlyMap<ComposerEditor, string>): string {
  const attributes = JSON.stringify(c.attributes ?? {}).replace(/"/g, '&quot;');
  const mount = `<div id="mount" data-draft="${draft}" data-attributes="${attributes}"></div>`;
  const css = c.editor === 'quill' ? readFileSync(join(ROOT, 'node_modules/quill/dist/quill.core.css'), 'utf8') : '';
  return `<!doctype html><html><head><meta charset="utf-8"><title>${c.label}</title>
<style>${css} #mount, [contenteditable] { min-height: 40px; border: 1px solid #888; white-space: pre-wrap; }</style>
</head><body>${c.wrap(mount)}<script>${bundles.get(c.editor)}</script></body></html>`;
}
