/**
 * `npm run test:e2e`: finds Chromium ($CHROME_PATH or Debian's /usr/bin/chromium), installs Debian's package when
 * running as root on a machine with apt-get and none is there, otherwise says exactly how to get one; then runs
 * the end-to-end suite against dist-test/, the test build (build it first: `npm test` does).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ensureBrowser } from './browsers';

ensureBrowser('chromium');
if (!existsSync('dist-test/manifest.json')) {
  console.error('dist-test/ is missing: run `npm run build:test` first (or `npm test`, which builds).');
  process.exit(1);
}
const result = spawnSync('npx', ['vitest', 'run', '-c', 'vitest.e2e.config.ts', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
