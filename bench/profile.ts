/**
 * Where the content script's time goes, by function: `node --import tsx bench/profile.ts [chatgpt|claude]
 * [load|settle|stream|complete|capture]` (after `npm run build:test`). Loads the bench's 1,000-turn page with
 * capture on, samples the page's isolate with the CDP Profiler (50 µs) during the first second after load (`load`),
 * the 4 s after that (`settle`: the rest of the bench's 5 s load window), a 10 s stream (`stream`), or from the end
 * of a 4,000-token stream at 200 tokens/s to 3 s after its completion (`complete`: the final capture, as in the
 * bench's Send → settled window), and prints the time spent under our content script's frames; `capture` instead samples the service worker's isolate (on its own CDP target)
 * while one ~16 KB answer of the small fixture is captured, from completion to 1.5 s after the third 201. Either way: inclusive per function, and self time per leaf (native calls such as querySelector
 * show up by name), each with a snippet of the minified source so it can be found in src/. The sampling profiler
 * slows the page down several times: read the shares, not the absolute numbers (those come from `npm run bench`).
 */
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, startTestServer } from '../test/e2e/harness';
import { Cleanup, WorkerSession, launchExtension } from './lib/browser';
import { PAGE_HELPER, SITES, longChatPage, servePages, streamingFixture, type BenchSite } from './lib/fixtures';
import { poll, sleep } from './lib/stats';

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
};
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

const site = (process.argv[2] ?? 'chatgpt') as BenchSite;
const phase = process.argv[3] ?? 'stream';
const PHASES = ['load', 'settle', 'stream', 'complete', 'capture'];
if (!(site in SITES) || !PHASES.includes(phase)) {
  console.error(`usage: node --import tsx bench/profile.ts [chatgpt|claude] [${PHASES.join('|')}]`);
  process.exit(2);
}

const cleanup = new Cleanup();
try {
  const dir = join(cleanup.tempDir('mnueron-bench-dist-'), 'extension');
  cpSync(DIST, dir, { recursive: true });
  const server = await startTestServer();
  cleanup.add('close server', () => server.close());
  const ext = await launchExtension(cleanup, dir);
  const pages = new Map<string, string>();
  await servePages(ext.context, pages);
  await ext.send({ type: 'ui:connection-save', mode: 'self-hosted', apiUrl: server.url });
  const sites = { chatgpt: { enabled: true }, claude: { enabled: true } };
  await ext.send({ type: 'ui:settings-update', patch: { capture: { sites } } });

  const spec = SITES[site];
  const url = `${spec.origin}${spec.path(`bench-profile-${Date.now()}`)}`;
  pages.set(url, phase === 'capture' ? streamingFixture(site) : longChatPage(site, 1_000));
  // A same-site page first, so the conversation loads in the process the profiler is already attached to.
  pages.set(`${spec.origin}/`, '<!doctype html><title>start</title>');
  const page = await ext.context.newPage();
  await page.addInitScript({ content: PAGE_HELPER });
  await page.goto(`${spec.origin}/`);
  const cdp = await ext.context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  let stop: () => Promise<Profile>;
  if (phase === 'capture') {
    // The worker's own isolate during one ~16 KB capture (the worker running: a session cannot attach before it
    // starts, so its wake-up is not in this profile; bench/capture-cpu.ts counts it).
    await page.goto(url, { waitUntil: 'load' });
    await sleep(700);
    await page.evaluate('window.__bench.stream(1650, 2000)');
    await sleep(500);
    await ext.worker();
    const [target] = await ext.workerTargets();
    if (!target) throw new Error('no service worker target');
    const worker = await WorkerSession.attach(await ext.browserSession(), target.targetId);
    await worker.send('Profiler.enable');
    await worker.send('Profiler.setSamplingInterval', { interval: 50 });
    await worker.send('Profiler.start');
    const mark = server.control.requests.length;
    await page.evaluate(`window.__bench.complete(${JSON.stringify(site)})`);
    await poll(
      () => server.control.requests.slice(mark).filter((r) => r.status === 201).length >= 3 || null,
      15_000,
      10,
    );
    await sleep(1_500);
    stop = async () => ((await worker.send('Profiler.stop')) as { profile: Profile }).profile;
  } else if (phase === 'load') {
    await cdp.send('Profiler.start');
    await page.goto(url, { waitUntil: 'load' });
    await sleep(1_000);
    stop = async () => ((await cdp.send('Profiler.stop')) as unknown as { profile: Profile }).profile;
  } else if (phase === 'settle') {
    await page.goto(url, { waitUntil: 'load' });
    await sleep(1_000);
    await cdp.send('Profiler.start');
    await sleep(4_000);
    stop = async () => ((await cdp.send('Profiler.stop')) as unknown as { profile: Profile }).profile;
  } else if (phase === 'complete') {
    await page.goto(url, { waitUntil: 'load' });
    await sleep(1_000);
    await page.evaluate('window.__bench.stream(4000, 200)');
    await cdp.send('Profiler.start');
    await page.evaluate(`window.__bench.complete(${JSON.stringify(site)})`);
    await sleep(3_000);
    stop = async () => ((await cdp.send('Profiler.stop')) as unknown as { profile: Profile }).profile;
  } else {
    await page.goto(url, { waitUntil: 'load' });
    await sleep(1_000);
    await cdp.send('Profiler.start');
    await page.evaluate('window.__bench.stream(500, 50)');
    stop = async () => ((await cdp.send('Profiler.stop')) as unknown as { profile: Profile }).profile;
  }
  const profile = await stop();
  const scriptUrl = `${ext.origin}/`;
  const sources = new Map<string, string[]>();
  const snippet = (cf: ProfileNode['callFrame']) => {
    if (!cf.url.startsWith(scriptUrl)) return '';
    const path = cf.url.slice(scriptUrl.length);
    if (!sources.has(path)) sources.set(path, readFileSync(join(dir, path), 'utf8').split('\n'));
    return (sources.get(path)![cf.lineNumber] ?? '').slice(cf.columnNumber, cf.columnNumber + 70);
  };

  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000));

  const inclusive = new Map<string, number>();
  const self = new Map<string, number>();
  /** Self time by leaf with its nearest callers of ours (PROFILE_CALLERS=1): where a native call comes from. */
  const chains = new Map<string, number>();
  let total = 0;
  for (const [id, ms] of selfMs) {
    const seen = new Set<string>();
    let ours = false;
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const cf = byId.get(cur)!.callFrame;
      if (!cf.url.startsWith(scriptUrl)) continue;
      ours = true;
      const key = `${cf.functionName || '(anonymous)'} · ${snippet(cf)}`;
      if (!seen.has(key)) inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
      seen.add(key);
    }
    if (!ours) continue;
    total += ms;
    const leaf = byId.get(id)!.callFrame;
    const key = leaf.url.startsWith(scriptUrl)
      ? `${leaf.functionName || '(anonymous)'} · ${snippet(leaf)}`
      : `${leaf.functionName || '(native)'} (native)`;
    self.set(key, (self.get(key) ?? 0) + ms);
    const callers: string[] = [];
    for (let cur = parent.get(id); cur !== undefined && callers.length < 3; cur = parent.get(cur)) {
      const cf = byId.get(cur)!.callFrame;
      if (cf.url.startsWith(scriptUrl)) callers.push(`${cf.functionName || '(anonymous)'}·${snippet(cf).slice(0, 30)}`);
    }
    const chain = `${key.slice(0, 40)}  ←  ${callers.join('  ←  ')}`;
    chains.set(chain, (chains.get(chain) ?? 0) + ms);
  }
  const top = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, Number(process.env.PROFILE_TOP ?? 20))
      .map(([k, v]) => `  ${v.toFixed(2).padStart(8)} ms  ${((v / total) * 100).toFixed(0).padStart(3)} %  ${k}`)
      .join('\n');
  const busy = profile.samples.reduce((n, id, i) => {
    const name = byId.get(id)!.callFrame.functionName;
    return name === '(idle)' ? n : n + (profile.timeDeltas[i + 1] ?? 0) / 1000;
  }, 0);
  const where = phase === 'capture' ? 'the service worker' : 'our content script';
  console.log(
    `${spec.label}, ${phase}: ${total.toFixed(2)} ms sampled under ${where} (profiler on); isolate busy ${busy.toFixed(2)} ms in all (GC and (program) included)`,
  );
  console.log(`\nSelf time by leaf:\n${top(self)}`);
  console.log(`\nInclusive time by function:\n${top(inclusive)}`);
  if (process.env.PROFILE_CALLERS) console.log(`\nSelf time by leaf and its callers:\n${top(chains)}`);
} finally {
  await cleanup.runAll();
}
