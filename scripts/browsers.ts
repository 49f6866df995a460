/**
 * The browsers the project drives, found on this machine and never downloaded: Chromium ($CHROME_PATH, else Debian's
 * /usr/bin/chromium) and Firefox ($FIREFOX_PATH, else Debian's /usr/bin/firefox-esr). `ensureBrowser` is the one
 * install step shared by `.ci/run`, `npm run test:e2e` and the Firefox subset: when the browser is missing and we
 * run as root on a machine with apt-get, it installs Debian's package; otherwise it says exactly how to get one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export type BrowserKind = 'chromium' | 'firefox';

type Spec = { env: string; paths: string[]; debianPackage: string; help: string };

const SPECS: Record<BrowserKind, Spec> = {
  chromium: {
    env: 'CHROME_PATH',
    paths: ['/usr/bin/chromium', '/usr/bin/chromium-browser'],
    debianPackage: 'chromium',
    help: [
      'No Chromium found.',
      '  Debian/Ubuntu:  sudo apt-get install -y chromium      (gives /usr/bin/chromium)',
      '  Elsewhere:      install Chrome or Chromium and set CHROME_PATH=/path/to/chrome',
      '(`npx playwright install` is not needed and not used.)',
    ].join('\n'),
  },
  firefox: {
    env: 'FIREFOX_PATH',
    paths: ['/usr/bin/firefox-esr', '/usr/bin/firefox'],
    debianPackage: 'firefox-esr',
    help: [
      'No Firefox found.',
      '  Debian/Ubuntu:  sudo apt-get install -y firefox-esr   (gives /usr/bin/firefox-esr)',
      '  Elsewhere:      install Firefox 128 or newer and set FIREFOX_PATH=/path/to/firefox',
      "(puppeteer's browser download is not needed and not used.)",
    ].join('\n'),
  },
};

export const CHROMIUM_HELP = SPECS.chromium.help;
export const FIREFOX_HELP = SPECS.firefox.help;

/** The browser's path, or undefined when none of the candidates exists. */
export function locateBrowser(kind: BrowserKind, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const spec = SPECS[kind];
  return [env[spec.env], ...spec.paths].find((path): path is string => !!path && existsSync(path));
}

export function findChromium(): string {
  const found = locateBrowser('chromium');
  if (!found) throw new Error(CHROMIUM_HELP);
  return found;
}

export function findFirefox(): string {
  const found = locateBrowser('firefox');
  if (!found) throw new Error(FIREFOX_HELP);
  return found;
}

/** Finds the browser, installing Debian's package first when it is missing and that is possible; else exits 1. */
export function ensureBrowser(kind: BrowserKind): string {
  const spec = SPECS[kind];
  let found = locateBrowser(kind);
  if (!found && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log(`${kind} not found: installing Debian's package (apt-get install -y ${spec.debianPackage})…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', '-qq', spec.debianPackage], { stdio: 'inherit', env });
    found = locateBrowser(kind);
  }
  if (!found) {
    console.error(spec.help);
    process.exit(1);
  }
  return found;
}
