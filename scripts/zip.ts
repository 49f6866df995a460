/**
 * `npm run zip`: dist/ → release/mnueron-chrome-<version>.zip (or `-- --out <dir>`), ready for the Chrome Web Store
 * (and Edge Add-ons). `--target firefox` (`npm run zip:firefox`): dist-firefox/ → release/mnueron-firefox-<version>.zip,
 * ready for addons.mozilla.org.
 */
import { zipSync } from 'fflate';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const targetFlag = process.argv.indexOf('--target');
const target = targetFlag > 0 ? process.argv[targetFlag + 1] : 'chrome';
if (target !== 'chrome' && target !== 'firefox') throw new Error(`--target must be chrome or firefox, not ${target}`);
const distName = target === 'firefox' ? 'dist-firefox' : 'dist';
const dist = join(root, distName);
const { version } = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')) as { version: string };

const files: Record<string, Uint8Array> = {};
const walk = (dir: string) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    // Vite's build manifest is for tooling, not for the browser.
    else if (!path.includes(`${join(distName, '.vite')}`))
      files[relative(dist, path).split('\\').join('/')] = readFileSync(path);
  }
};
walk(dist);
const outFlag = process.argv.indexOf('--out');
const outDir = outFlag > 0 && process.argv[outFlag + 1] ? resolve(process.argv[outFlag + 1]!) : join(root, 'release');
mkdirSync(outDir, { recursive: true });
const out = join(outDir, `mnueron-${target}-${version}.zip`);
writeFileSync(out, zipSync(files, { level: 9 }));
console.log(`${out} (${Object.keys(files).length} files, ${statSync(out).size} bytes)`);
