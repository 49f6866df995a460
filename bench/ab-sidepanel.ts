/**
 * Builds side by side, interleaved, for the side panel's opening on a noisy machine: `node --import tsx
 * bench/ab-sidepanel.ts [--rounds=N] <dirA> <dirB> [<dirC>…]` (each dir a built test extension, e.g. a copy of
 * dist-test/ from before and after a change). Each build runs in its own browser with its own test server, set up as
 * `npm run bench` sets it up; every round runs bench/sidepanel.ts's measurement (PANEL_OPENS opens of the panel on the
 * ChatGPT fixture's memories) on each build in turn, the order reversed every other round, so all see the same load. The server is reset before
 * each round, so every round seeds the same memories. Prints, per build, the medians and ranges of open → first
 * render, → first search reply and → interactive, and every sample of the last.
 */
import type { TestServer } from '../test/e2e/harness';
import { launchSide } from './lib/ab';
import { Cleanup, type Extension } from './lib/browser';
import { median } from './lib/stats';
import { measurePanel } from './sidepanel';

const args = process.argv.slice(2);
const dirs = args.filter((a) => !a.startsWith('--'));
const rounds = Number(args.find((a) => a.startsWith('--rounds='))?.slice('--rounds='.length) ?? 4);
if (dirs.length < 2 || !(rounds > 0)) {
  console.error(
    'usage: node --import tsx bench/ab-sidepanel.ts [--rounds=N] <extension dir A> <extension dir B> [<C>…]',
  );
  process.exit(2);
}

type Side = {
  name: string;
  ext: Extension;
  server: TestServer;
  pages: Map<string, string>;
  interactive: number[];
  rendered: number[];
  firstReply: number[];
  missed: number;
};

const measured = (values: Array<number | null>) => values.filter((v): v is number => v !== null);

const cleanup = new Cleanup();
try {
  const sides: Side[] = [];
  for (const [index, dir] of dirs.entries()) {
    const name = String.fromCharCode(65 + index);
    sides.push({
      ...(await launchSide(cleanup, dir, name, true)),
      interactive: [],
      rendered: [],
      firstReply: [],
      missed: 0,
    });
  }
  for (let round = 0; round < rounds; round++) {
    for (const side of round % 2 ? [...sides].reverse() : sides) {
      side.server.control.reset();
      const run = await measurePanel(side.ext, side.server, side.pages);
      await run.close();
      side.interactive.push(...measured(run.panel.interactive));
      side.missed += run.panel.interactive.length - measured(run.panel.interactive).length;
      side.rendered.push(...measured(run.panel.rendered));
      side.firstReply.push(...measured(run.panel.firstReply));
      process.stderr.write(`round ${round + 1}/${rounds} ${side.name} done\n`);
    }
  }
  const line = (label: string, values: number[]) =>
    `${label} ${median(values).toFixed(1)} ms (${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)})`;
  for (const side of sides) {
    console.log(
      `${side.name} (${dirs[sides.indexOf(side)]}): ${line('interactive', side.interactive)}; ${line('first render', side.rendered)}; ` +
        `${line('first reply', side.firstReply)}; n=${side.interactive.length}, not interactive within 5 s: ${side.missed}`,
    );
    console.log(`   interactive samples: ${side.interactive.map((v) => v.toFixed(0)).join(' ')}`);
  }
} finally {
  await cleanup.runAll();
}
