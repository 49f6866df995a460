/**
 * Build only. `npm run build` → dist/ (what ships); `npm run build:test` (mode "test") → dist-test/, the same build
 * plus the test seam `globalThis.__mnueron` that the e2e suite and the bench drive. Firefox from the same source:
 * `npm run build:firefox` (mode "firefox") → dist-firefox/, `npm run build:firefox-test` (mode "firefox-test", with
 * the seam) → dist-firefox-test/. Unit tests use vitest.config.ts, which never loads crx().
 */
import { build, defineConfig, type Plugin, type ResolvedConfig, type Rollup } from 'vite';
import { crx } from '@crxjs/vite-plugin';
import { CHAT_CONTENT_SCRIPTS, manifestFor } from './manifest.config.ts';
import { ON_DEMAND_SCRIPTS } from './src/shared/on-demand-scripts.ts';

/**
 * The scripts the background injects on demand (src/shared/on-demand-scripts.ts): each built, as crxjs builds the
 * standalone content scripts, into one self-contained IIFE file emitted at its fixed path. Not in the manifest, not
 * web-accessible.
 */
function onDemandScripts(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'mnueron:on-demand-scripts',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    async generateBundle() {
      for (const { entry, file } of Object.values(ON_DEMAND_SCRIPTS)) {
        const result = (await build({
          configFile: false,
          logLevel: 'warn',
          root: config.root,
          mode: config.mode,
          ...(config.define ? { define: config.define } : {}),
          plugins: [],
          build: {
            write: false,
            emptyOutDir: false,
            lib: { entry, formats: ['iife'], name: 'mnueronOnDemand', fileName: () => file },
            rollupOptions: { output: { entryFileNames: file } },
            minify: config.build.minify,
            sourcemap: false,
            target: config.build.target,
          },
        })) as Rollup.RollupOutput | Rollup.RollupOutput[];
        const chunks = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output);
        const chunk = chunks.find((c): c is Rollup.OutputChunk => c.type === 'chunk' && c.isEntry);
        if (!chunk) throw new Error(`no IIFE built for ${entry}`);
        this.emitFile({ type: 'asset', fileName: file, source: chunk.code });
      }
    },
  };
}

const OUT_DIR: Record<string, string> = {
  production: 'dist',
  development: 'dist',
  test: 'dist-test',
  firefox: 'dist-firefox',
  'firefox-test': 'dist-firefox-test',
};

export default defineConfig(({ mode }) => {
  const target = mode.startsWith('firefox') ? 'firefox' : 'chrome';
  const outDir = OUT_DIR[mode];
  if (!outDir) throw new Error(`unknown build mode ${mode}: one of ${Object.keys(OUT_DIR).join(', ')}`);
  return {
    plugins: [
      crx({
        manifest: manifestFor(target),
        browser: target,
        // Content scripts are single self-contained IIFE files: no loader, nothing web-accessible.
        contentScripts: { standaloneFiles: CHAT_CONTENT_SCRIPTS.flatMap((script) => script.js) },
      }),
      onDemandScripts(),
    ],
    build: {
      target: target === 'firefox' ? 'firefox128' : 'chrome120',
      outDir,
      emptyOutDir: true,
      sourcemap: false,
      minify: true,
      rollupOptions: {
        input: {
          popup: 'src/popup/index.html',
          options: 'src/options/index.html',
          sidepanel: 'src/sidepanel/index.html',
        },
      },
    },
    server: { port: 5173, strictPort: true, cors: { origin: [/chrome-extension:\/\//, /moz-extension:\/\//] } },
    legacy: { skipWebSocketTokenCheck: true },
  };
});
