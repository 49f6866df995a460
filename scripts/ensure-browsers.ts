/**
 * `node --import tsx scripts/ensure-browsers.ts chromium firefox`: makes sure each named browser is here (installs
 * Debian's package when it can, else says how to get it and exits 1). Used by `.ci/run` and the e2e scripts.
 */
import { ensureBrowser, type BrowserKind } from './browsers';

const kinds = process.argv.slice(2);
for (const kind of kinds) {
  if (kind !== 'chromium' && kind !== 'firefox') {
    console.error(`Unknown browser "${kind}": expected chromium or firefox.`);
    process.exit(2);
  }
  console.log(`${kind}: ${ensureBrowser(kind as BrowserKind)}`);
}
