/**
 * Finds the Chromium the tests drive: $CHROME_PATH, else Debian's /usr/bin/chromium. Never downloads a browser.
 */
import { existsSync } from 'node:fs';

export const CHROMIUM_HELP = [
  'No Chromium found for the end-to-end tests.',
  '  Debian/Ubuntu:  sudo apt-get install -y chromium      (gives /usr/bin/chromium)',
  '  Elsewhere:      install Chrome or Chromium and set CHROME_PATH=/path/to/chrome',
  '(`npx playwright install` is not needed and not used.)',
].join('\n');

export function findChromium(): string {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
    (p): p is string => !!p,
  );
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(CHROMIUM_HELP);
  return found;
}
