/**
 * End-to-end tests: real Chromium with dist/ loaded, real local server. Files run one at a time (each drives a
 * browser; the machine has 2 cores), tests inside a file in order.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
