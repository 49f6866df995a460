/**
 * `npm run test:e2e`: finds Chromium ($CHROME_PATH or Debian's /usr/bin/chromium), installs Debian's package when
 * running as root on a machine with apt-get and none is there, otherwise says exactly how to get one; then runs
 * the end-to-end suite against dist-test/, the test build (build it first: `npm test` does).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM_HELP, findChromium } from '../test/e2e/chromium';

function haveChromium(): boolean {
  try {
    findChromium();
    return true;
  } catch {
    return false;
  }
}

if (!haveChromium()) {
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log("Chromium not found: installing Debian's package (apt-get install -y chromium)…");
    spawnSync('apt-get', ['update'], { stdio: 'inherit' });
    spawnSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit' });
  }
  if (!haveChromium()) {
    console.error(CHROMIUM_HELP);
    process.exit(1);
  }
}
if (!existsSync('dist-test/manifest.json')) {
  console.error('dist-test/ is missing: run `npm run build:test` first (or `npm test`, which builds).');
  process.exit(1);
}
const result = spawnSync('npx', ['vitest', 'run', '-c', 'vitest.e2e.config.ts', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
