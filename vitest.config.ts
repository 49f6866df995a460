/**
 * Unit tests. Never loads crx(). `webextension-polyfill` resolves to the in-memory fake browser, so code under test
 * calls the same `browser.*` it calls in Chrome.
 */
import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: {
    alias: {
      'webextension-polyfill': fileURLToPath(new URL('./test/fakes/browser.ts', import.meta.url)),
    },
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'server/**/*.test.ts', 'test/unit/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['test/setup-unit.ts'],
    pool: 'threads',
    maxWorkers: 2,
    testTimeout: 15_000,
  },
});
