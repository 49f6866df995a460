/**
 * Build only. `npm run build` → dist/ (what ships); `npm run build:test` (mode "test") → dist-test/, the same build
 * plus the test seam `globalThis.__mnueron` that the e2e suite and the bench drive. Unit tests use vitest.config.ts,
 * which never loads crx().
 */
import { defineConfig } from 'vite';
import { crx } from '@crxjs/vite-plugin';
import manifest, { CHAT_CONTENT_SCRIPTS } from './manifest.config.ts';

export default defineConfig(({ mode }) => ({
  plugins: [
    crx({
      manifest,
      // Content scripts are single self-contained IIFE files: no loader, nothing web-accessible.
      contentScripts: { standaloneFiles: CHAT_CONTENT_SCRIPTS.flatMap((script) => script.js) },
    }),
  ],
  build: {
    target: 'chrome120',
    outDir: mode === 'test' ? 'dist-test' : 'dist',
    emptyOutDir: true,
    sourcemap: false,
    minify: true,
    rollupOptions: {
      input: {
        popup: 'src/popup/index.html',
        options: 'src/options/index.html',
      },
    },
  },
  server: { port: 5173, strictPort: true, cors: { origin: [/chrome-extension:\/\//] } },
  legacy: { skipWebSocketTokenCheck: true },
}));
