/**
 * The store package carries no test seam: `npm run zip` packs dist/, and no file in it mentions `__mnueron`, while
 * the test build does (so this test would see the seam if it leaked).
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { DIST } from './harness';

const root = resolve(import.meta.dirname, '../..');
/** The seam's global (other names that start the same, like the content scripts' own marker, are not it). */
const SEAM = /__mnueron\b/;

function scripts(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? scripts(path) : path.endsWith('.js') ? [path] : [];
  });
}

describe('store package', () => {
  it('the test build has the seam and the zip of dist/ has none of it', () => {
    expect(scripts(DIST).some((f) => SEAM.test(readFileSync(f, 'utf8')))).toBe(true);
    const out = mkdtempSync(join(tmpdir(), 'mnueron-zip-'));
    const run = spawnSync('node', ['--import', 'tsx', 'scripts/zip.ts', '--out', out], { cwd: root, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const [zipName] = readdirSync(out).filter((n) => n.endsWith('.zip'));
    const files = unzipSync(readFileSync(join(out, zipName!)));
    const names = Object.keys(files);
    expect(names).toContain('manifest.json');
    const leaking = names.filter((n) => SEAM.test(new TextDecoder().decode(files[n])));
    expect(leaking).toEqual([]);
  });
});
