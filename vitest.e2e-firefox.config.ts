/**
 * The Firefox end-to-end subset: Debian's firefox-esr with dist-firefox-test/ installed, real local server. Files
 * run one at a time (each drives a browser), tests inside a file in order. `npm run test:e2e:firefox` builds first.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e-firefox/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
