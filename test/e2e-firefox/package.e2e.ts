/**
 * The Firefox store package: `web-ext lint` finds no errors in dist-firefox/, and its zip carries no test seam while
 * the Firefox test build does (so this test would see the seam if it leaked).
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { DIST } from './harness';

const root = resolve(import.meta.dirname, '../..');
const SHIPPED = join(root, 'dist-firefox');
const SEAM = /__mnueron\b/;

function scripts(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? scripts(path) : path.endsWith('.js') ? [path] : [];
  });
}

describe('firefox store package', () => {
  it('passes web-ext lint with no errors', () => {
    expect(existsSync(join(SHIPPED, 'manifest.json')), 'run `npm run build:firefox` first').toBe(true);
    const run = spawnSync('npx', ['web-ext', 'lint', '--source-dir', SHIPPED, '--output', 'json', '--no-input'], {
      cwd: root,
      encoding: 'utf8',
    });
    const report = JSON.parse(run.stdout) as { errors: Array<{ code: string; message: string; file?: string }> };
    expect(report.errors).toEqual([]);
  }, 60_000);

  it('the Firefox test build has the seam and the Firefox zip has none of it', () => {
    expect(scripts(DIST).some((f) => SEAM.test(readFileSync(f, 'utf8')))).toBe(true);
    const out = mkdtempSync(join(tmpdir(), 'mnueron-zip-firefox-'));
    const run = spawnSync('node', ['--import', 'tsx', 'scripts/zip.ts', '--target', 'firefox', '--out', out], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    const [zipName] = readdirSync(out).filter((n) => n.endsWith('.zip'));
    expect(zipName).toMatch(/^mnueron-firefox-/);
    const files = unzipSync(readFileSync(join(out, zipName!)));
    const names = Object.keys(files);
    expect(names).toContain('manifest.json');
    expect(names.some((n) => n.startsWith('.vite/'))).toBe(false);
    expect(names.filter((n) => SEAM.test(new TextDecoder().decode(files[n])))).toEqual([]);
  });
});
