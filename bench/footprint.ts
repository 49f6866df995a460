/**
 * Footprint: bytes (minified, as built) and gzip bytes of what each context loads, read from the built extension's
 * manifest: every content script, the service worker (its entry plus every chunk it imports statically), the popup
 * (its HTML's scripts plus their static imports; CSS separately). Also: which content script each chat site gets,
 * whether any zod or webextension-polyfill code is inside a content script, and — in a real page — that nothing
 * of ours is injected on an ordinary page while the same probe does find our isolated world on a chat page.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext } from 'playwright-core';
import { CHAT_SITES } from '../src/shared/chat-sites';
import { SITES, type BenchSite } from './lib/fixtures';
import { sleep } from './lib/stats';

export type FileSize = { path: string; bytes: number; gzip: number };
export type Bundle = { entry: string; files: FileSize[]; bytes: number; gzip: number; dynamicImports: string[] };

type Manifest = {
  background?: { service_worker?: string };
  action?: { default_popup?: string };
  options_ui?: { page?: string };
  content_scripts?: Array<{ matches: string[]; js?: string[]; css?: string[] }>;
};

const IMPORT_RE = /(?:^|[;}\s])(?:import|export)\s*(?:[\w*${}\s,]+from\s*)?["'`]([^"'`]+)["'`]/g;
const DYNAMIC_RE = /\bimport\(\s*["'`]([^"'`]+)["'`]\s*\)/g;

export function fileSize(root: string, path: string): FileSize {
  const data = readFileSync(join(root, path));
  return { path, bytes: data.length, gzip: gzipSync(data, { level: 9 }).length };
}

/** An entry and every chunk it imports statically, transitively (paths relative to the extension root). */
export function bundleOf(root: string, entries: string[]): Bundle {
  const seen = new Set<string>();
  const dynamicImports = new Set<string>();
  const queue = [...entries.map((e) => posix.normalize(e.replace(/^\//, '')))];
  while (queue.length) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const source = readFileSync(join(root, path), 'utf8');
    for (const m of source.matchAll(IMPORT_RE)) queue.push(resolveImport(path, m[1]!));
    for (const m of source.matchAll(DYNAMIC_RE)) dynamicImports.add(resolveImport(path, m[1]!));
  }
  const files = [...seen].map((p) => fileSize(root, p));
  return {
    entry: entries.join(', '),
    files,
    bytes: files.reduce((a, f) => a + f.bytes, 0),
    gzip: files.reduce((a, f) => a + f.gzip, 0),
    dynamicImports: [...dynamicImports],
  };
}

function resolveImport(from: string, spec: string): string {
  if (spec.startsWith('/')) return posix.normalize(spec.slice(1));
  return posix.normalize(posix.join(posix.dirname(from), spec));
}

/** Scripts and stylesheets an extension page's HTML loads. */
export function pageAssets(root: string, html: string): { scripts: string[]; styles: string[] } {
  const source = readFileSync(join(root, html), 'utf8');
  const abs = (src: string) => (src.startsWith('/') ? src.slice(1) : posix.join(posix.dirname(html), src));
  const scripts = [...source.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => abs(m[1]!));
  const preloads = [...source.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => abs(m[1]!));
  const styles = [...source.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => abs(m[1]!));
  return { scripts: [...new Set([...scripts, ...preloads])], styles };
}

/** Signatures that survive minification. */
export const FORBIDDEN: Array<{ library: 'zod' | 'webextension-polyfill'; pattern: RegExp }> = [
  { library: 'zod', pattern: /\._zod\b|\$Zod[A-Z]\w*|ZodError|zod\/mini|"zod"/ },
  {
    library: 'webextension-polyfill',
    pattern: /webextension-polyfill|This script should only be loaded in a browser extension|maxArgs|wrapAsyncFunction/,
  },
];

export type Footprint = {
  contentScripts: Array<FileSize & { matches: string[]; imports: string[]; forbidden: string[] }>;
  perSite: Array<{ site: string; host: string; bytes: number; gzip: number; files: string[] }>;
  worker: Bundle;
  popupJs: Bundle;
  popupCss: { files: FileSize[]; bytes: number; gzip: number };
  optionsJs: Bundle | null;
  broadMatches: string[];
};

export function measureFootprint(root: string): Footprint {
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as Manifest;
  const scripts = manifest.content_scripts ?? [];
  const contentScripts = scripts.flatMap((cs) =>
    (cs.js ?? []).map((js) => {
      const size = fileSize(root, js);
      const source = readFileSync(join(root, js), 'utf8');
      const imports = [...source.matchAll(IMPORT_RE), ...source.matchAll(DYNAMIC_RE)].map((m) => m[1]!);
      const forbidden = FORBIDDEN.filter((f) => f.pattern.test(source)).map((f) => f.library);
      return { ...size, matches: cs.matches, imports, forbidden };
    }),
  );
  const perSite = CHAT_SITES.flatMap((site) =>
    site.hosts.map((host) => {
      const url = `https://${host}/`;
      const files = scripts
        .filter((cs) => cs.matches.some((m) => matchPattern(m, url)))
        .flatMap((cs) => [...(cs.js ?? []), ...(cs.css ?? [])]);
      const sizes = files.map((f) => fileSize(root, f));
      return {
        site: site.label,
        host,
        bytes: sizes.reduce((a, f) => a + f.bytes, 0),
        gzip: sizes.reduce((a, f) => a + f.gzip, 0),
        files,
      };
    }),
  );
  const broadMatches = scripts
    .flatMap((cs) => cs.matches)
    .filter((m) => m === '<all_urls>' || /^\*:\/\/\*\//.test(m) || /^https?:\/\/\*\//.test(m));

  const workerEntry = manifest.background?.service_worker;
  if (!workerEntry) throw new Error('manifest has no background.service_worker');
  const worker = bundleOf(root, [workerEntry]);
  const popupHtml = manifest.action?.default_popup;
  if (!popupHtml) throw new Error('manifest has no action.default_popup');
  const popup = pageAssets(root, popupHtml);
  const popupJs = bundleOf(root, popup.scripts);
  popupJs.entry = popupHtml;
  const cssFiles = popup.styles.map((s) => fileSize(root, s));
  const optionsHtml = manifest.options_ui?.page;
  let optionsJs: Bundle | null = null;
  if (optionsHtml && existsSync(join(root, optionsHtml))) {
    optionsJs = bundleOf(root, pageAssets(root, optionsHtml).scripts);
    optionsJs.entry = optionsHtml;
  }
  return {
    contentScripts,
    perSite,
    worker,
    popupJs,
    popupCss: {
      files: cssFiles,
      bytes: cssFiles.reduce((a, f) => a + f.bytes, 0),
      gzip: cssFiles.reduce((a, f) => a + f.gzip, 0),
    },
    optionsJs,
    broadMatches,
  };
}

/** Chrome match patterns, enough for scheme://host/path with * wildcards. */
export function matchPattern(pattern: string, url: string): boolean {
  if (pattern === '<all_urls>') return /^(https?|file|ftp):/.test(url);
  const m = /^(\*|https?|file|ftp):\/\/([^/]*)(\/.*)$/.exec(pattern);
  if (!m) return false;
  const u = new URL(url);
  const [, scheme, host, path] = m as unknown as [string, string, string, string];
  if (scheme === '*' ? !/^https?:$/.test(u.protocol) : u.protocol !== `${scheme}:`) return false;
  if (host !== '*') {
    if (host.startsWith('*.')) {
      const base = host.slice(2);
      if (u.hostname !== base && !u.hostname.endsWith(`.${base}`)) return false;
    } else if (u.hostname !== host) return false;
  }
  const re = new RegExp(`^${path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return re.test(u.pathname + u.search);
}

export type Injection = {
  url: string;
  /** Isolated worlds of our extension in the page's main frame. */
  extensionWorlds: number;
  /** Script bytes parsed from chrome-extension://<our id>/ in the page. */
  extensionScriptBytes: number;
  scripts: string[];
};

/**
 * What of ours runs in a page: opens `url`, waits past document_idle, enables Runtime (existing execution
 * contexts are reported at once) and Debugger (existing scripts are reported at once), and counts our isolated
 * worlds (auxData.type "isolated", origin chrome-extension://<id>) and the bytes of our parsed scripts.
 */
export async function probeInjection(context: BrowserContext, extensionId: string, url: string): Promise<Injection> {
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    await page.goto(url, { waitUntil: 'load' });
    await sleep(1_000);
    const origin = `chrome-extension://${extensionId}`;
    const worlds: Array<{ origin: string; auxData?: { type?: string } }> = [];
    const scripts: Array<{ url: string; length: number }> = [];
    cdp.on('Runtime.executionContextCreated', (e) => {
      worlds.push(e.context as { origin: string; auxData?: { type?: string } });
    });
    cdp.on('Debugger.scriptParsed', (e) => {
      scripts.push({ url: e.url, length: e.length ?? 0 });
    });
    await cdp.send('Runtime.enable');
    await cdp.send('Debugger.enable');
    await sleep(200);
    await cdp.send('Debugger.disable');
    await cdp.send('Runtime.disable');
    const ours = scripts.filter((s) => s.url.startsWith(origin));
    return {
      url,
      extensionWorlds: worlds.filter((w) => w.auxData?.type === 'isolated' && w.origin === origin).length,
      extensionScriptBytes: ours.reduce((a, s) => a + s.length, 0),
      scripts: ours.map((s) => s.url.slice(origin.length)),
    };
  } finally {
    await page.close();
  }
}

export const siteUrl = (site: BenchSite, id: string) => `${SITES[site].origin}${SITES[site].path(id)}`;
