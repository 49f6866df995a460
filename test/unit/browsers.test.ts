import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { CHROMIUM_HELP, FIREFOX_HELP, locateBrowser } from '../../scripts/browsers';

const dir = mkdtempSync(join(tmpdir(), 'mnueron-browsers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('browser lookup (the one step .ci/run, e2e and the Firefox subset share)', () => {
  it('prefers the path named in the environment when it exists', () => {
    const fake = join(dir, 'my-chrome');
    writeFileSync(fake, '');
    expect(locateBrowser('chromium', { CHROME_PATH: fake })).toBe(fake);
    const fox = join(dir, 'my-firefox');
    writeFileSync(fox, '');
    expect(locateBrowser('firefox', { FIREFOX_PATH: fox })).toBe(fox);
  });

  it('does not take a named path that does not exist', () => {
    const missing = join(dir, 'nothing-here');
    expect(locateBrowser('chromium', { CHROME_PATH: missing })).not.toBe(missing);
  });

  it('says how to get each browser, never by downloading one', () => {
    expect(CHROMIUM_HELP).toContain('apt-get install -y chromium');
    expect(FIREFOX_HELP).toContain('apt-get install -y firefox-esr');
  });

  it('the command refuses a browser it does not know', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/ensure-browsers.ts', 'safari'], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Unknown browser "safari"');
  });
});
