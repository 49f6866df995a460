/**
 * Two builds side by side, interleaved, for the service worker's figures on a noisy machine: `node --import tsx
 * bench/ab-worker.ts <dirA> <dirB> [rounds]` (each dir a built extension, e.g. a copy of dist-test/ from before
 * and after a change). Each build runs in its own browser with its own test server; every round takes the worker
 * CPU per 16 KB capture (bench/capture-cpu.ts, 5 captures) and 5 cold starts (bench/worker.ts) from A, then from B,
 * so both see the same load. Prints the medians and ranges per build.
 */
import type { TestServer } from '../test/e2e/harness';
import { measureCaptureCpu } from './capture-cpu';
import { launchSide } from './lib/ab';
import { Cleanup, type Extension } from './lib/browser';
import { median } from './lib/stats';
import { measureColdStart } from './worker';

const [dirA, dirB, roundsArg] = process.argv.slice(2);
if (!dirA || !dirB) {
  console.error('usage: node --import tsx bench/ab-worker.ts <extension dir A> <extension dir B> [rounds]');
  process.exit(2);
}
const rounds = Number(roundsArg ?? 4);

type Side = {
  name: string;
  ext: Extension;
  server: TestServer;
  pages: Map<string, string>;
  cpu: number[];
  cold: number[];
};

const cleanup = new Cleanup();
try {
  const sides: Side[] = [];
  for (const [name, dir] of [
    ['A', dirA],
    ['B', dirB],
  ] as const) {
    sides.push({ ...(await launchSide(cleanup, dir, name)), cpu: [], cold: [] });
  }
  for (let round = 0; round < rounds; round++) {
    for (const side of round % 2 ? [...sides].reverse() : sides) {
      const samples = await measureCaptureCpu({ ...side, tag: `ab-${side.name}-${round}-${Date.now().toString(36)}` });
      side.cpu.push(...samples.flatMap((s) => (s.cpuMs === null ? [] : [s.cpuMs + (s.storageCpuMs ?? 0)])));
      side.cold.push(...(await measureColdStart(side.ext, 5)).coldMs);
      process.stderr.write(`round ${round + 1}/${rounds} ${side.name} done\n`);
    }
  }
  const line = (label: string, values: number[]) =>
    `${label} ${median(values).toFixed(1)} ms median (${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}, n=${values.length})`;
  for (const side of sides) {
    console.log(`${side.name}: ${line('capture CPU', side.cpu)}; ${line('cold start', side.cold)}`);
    console.log(`   capture CPU samples: ${side.cpu.map((v) => v.toFixed(0)).join(' ')}`);
    console.log(`   cold start samples: ${side.cold.map((v) => v.toFixed(0)).join(' ')}`);
  }
} finally {
  await cleanup.runAll();
}
