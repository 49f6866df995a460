/**
 * Never lose a save: pacing against a server that enforces the limit, Retry-After, an hour-long outage compressed
 * (server down, worker killed twice, browser closed and relaunched on the same profile), and every reply class.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, launchExtension, startTestServer, type Extension, type TestServer } from './harness';
import type { StatusView } from '../../src/shared/messages';
import { MAX_PART_CHARS, labelledParts } from '../../src/shared/split';

let server: TestServer | undefined;
let ext: Extension | undefined;

afterEach(async () => {
  await ext?.close().catch(() => undefined);
  await server?.close().catch(() => undefined);
  ext = undefined;
  server = undefined;
});

async function connect(e: Extension, url: string, token?: string) {
  const saved = await e.send({
    type: 'ui:connection-save',
    mode: 'self-hosted',
    apiUrl: url,
    ...(token ? { token } : {}),
  });
  expect(saved.ok).toBe(true);
}

/** Captures `n` memories as fast as the background accepts them (durably queued, not yet sent). */
async function captureMany(e: Extension, n: number, prefix: string): Promise<void> {
  const sw = await e.worker();
  await sw.evaluate(
    async ({ n, prefix }) => {
      const g = globalThis as unknown as {
        __mnueron: { route(m: unknown, s: unknown): Promise<{ ok: boolean }> };
        chrome: typeof chrome;
      };
      const sender = { id: g.chrome.runtime.id, url: g.chrome.runtime.getURL('src/popup/index.html') };
      for (let i = 0; i < n; i++) {
        const reply = await g.__mnueron.route({ type: 'ui:quick-save', content: `${prefix} ${i}` }, sender);
        if (!reply.ok) throw new Error(JSON.stringify(reply));
      }
    },
    { n, prefix },
  );
}

async function status(e: Extension): Promise<StatusView> {
  const reply = await e.send({ type: 'ui:status' });
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.value;
}

async function badge(e: Extension): Promise<{ text: string; title: string }> {
  const sw = await e.worker();
  return sw.evaluate(async () => {
    const c = (globalThis as unknown as { chrome: typeof chrome }).chrome;
    return { text: await c.action.getBadgeText({}), title: await c.action.getTitle({}) };
  });
}

const posts = (s: TestServer) =>
  s.control.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/api/memories'));

describe('outbox', () => {
  it('paces 200 rapid captures under the server limit: all stored, zero 429s', async () => {
    // The same pacing logic with a 2 s window instead of 60 s, on both sides, so the test takes seconds.
    server = await startTestServer({ rateLimit: { max: 20, windowMs: 2_000 } });
    ext = await launchExtension();
    await connect(ext, server.url);
    const paced = await ext.send({ type: 'ui:settings-update', patch: { pacing: { maxWrites: 20, windowMs: 2_000 } } });
    expect(paced.ok).toBe(true);
    await captureMany(ext, 200, 'burst');
    await eventually(() => server!.control.memories().length === 200, 60_000, 250);
    expect(posts(server).filter((r) => r.status === 429)).toEqual([]);
    const contents = new Set(server.control.memories().map((m) => m.content));
    expect(contents.size).toBe(200);
    // Never more than 20 arrivals in any 2 s window.
    const times = posts(server).map((r) => r.at);
    for (let i = 20; i < times.length; i++) expect(times[i]! - times[i - 20]!).toBeGreaterThanOrEqual(2_000);
  });

  it('honours Retry-After: no request before the deadline, everything stored after', async () => {
    server = await startTestServer();
    ext = await launchExtension();
    await connect(ext, server.url);
    server.control.faults.push({
      status: 429,
      body: { error: 'rate_limited' },
      headers: { 'retry-after': '3' },
      times: 1,
      method: 'POST',
    });
    await captureMany(ext, 3, 'held');
    await eventually(() => server!.control.memories().length === 3, 20_000);
    const requests = posts(server);
    const limited = requests.find((r) => r.status === 429)!;
    const after = requests.filter((r) => r.at > limited.at);
    expect(after.length).toBeGreaterThanOrEqual(3);
    for (const r of after) expect(r.at - limited.at).toBeGreaterThanOrEqual(3_000);
  });

  it('survives an outage: server down, worker killed twice, browser restarted — each item stored once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mnueron-server-'));
    const profile = mkdtempSync(join(tmpdir(), 'mnueron-profile-'));
    server = await startTestServer({ dataDir });
    const port = server.port;
    const url = server.url;
    ext = await launchExtension({ userDataDir: profile });
    await connect(ext, url);
    await server.close();
    server = undefined;

    await captureMany(ext, 5, 'offline');
    const queued = await status(ext);
    expect(queued.pending + queued.inFlight).toBe(5);
    await eventually(async () => (await badge(ext!)).text === '5');
    await ext.killServiceWorker();
    // The woken worker may already be trying one of them against the dead server: queued means pending or in flight.
    const afterKill = await status(ext);
    expect(afterKill.pending + afterKill.inFlight).toBe(5);
    await ext.killServiceWorker();
    await ext.close();
    ext = undefined;

    server = await startTestServer({ dataDir, port });
    ext = await launchExtension({ userDataDir: profile });
    // Backoff may have grown while the server was down; the cap keeps the wait bounded.
    await eventually(() => server!.control.memories().length >= 5, 90_000, 500);
    await new Promise((r) => setTimeout(r, 1_500));
    const memories = server.control.memories();
    expect(memories.map((m) => m.content).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `offline ${i}`));
    expect(new Set(memories.map((m) => m.metadata.idempotency_key)).size).toBe(5);
    expect((await status(ext)).pending).toBe(0);
  });

  it('hostile replies (25 refusals with a 3 MB message each) leave the status small and every item discardable', async () => {
    server = await startTestServer();
    ext = await launchExtension();
    await connect(ext, server.url);
    server.control.faults.push({
      status: 400,
      body: { error: 'bad_request', message: 'x'.repeat(3_000_000) },
      times: 25,
      method: 'POST',
    });
    await captureMany(ext, 25, 'refused');
    await eventually(async () => (await status(ext!)).items.filter((i) => i.state === 'parked').length === 25, 30_000);
    const view = await status(ext);
    expect(JSON.stringify(view).length).toBeLessThan(100_000);
    // A reply over 1 MB is not read at all: the item keeps the status, not the message.
    expect(view.items[0]!.parked!.message).toBe('The server refused it (HTTP 400)');
    for (const item of view.items) expect((await ext.send({ type: 'ui:outbox-discard', id: item.id })).ok).toBe(true);
    expect((await status(ext)).items).toEqual([]);
  });

  it('402 pauses with the quota and upgrade link; saving resumes and clears it', async () => {
    server = await startTestServer({ quota: { memories: 2 } });
    ext = await launchExtension();
    await connect(ext, server.url);
    await captureMany(ext, 3, 'quota');
    const paused = await eventually(async () => {
      const s = await status(ext!);
      return s.paused?.kind === 'quota' ? s : null;
    });
    expect(server.control.memories()).toHaveLength(2);
    expect(paused.quota).toMatchObject({ used: 2, limit: 2, plan: 'free' });
    expect(paused.quota?.upgradeUrl).toBe(`${new URL(server.url).origin}/account-settings/plan`);
    expect(paused.pending).toBe(1);

    server.control.setOptions({ quota: { memories: 10 } });
    expect((await ext.send({ type: 'ui:outbox-retry' })).ok).toBe(true);
    await eventually(() => server!.control.memories().length === 3);
    const resumed = await eventually(async () => {
      const s = await status(ext!);
      return s.paused === null && s.quota === null ? s : null;
    });
    expect(resumed.pending).toBe(0);
  });

  it('401 pauses until a working token is saved', async () => {
    server = await startTestServer({ tokens: ['mnu_right_token_0001'] });
    ext = await launchExtension();
    await connect(ext, server.url, 'mnu_wrong_token_0002');
    await captureMany(ext, 1, 'auth');
    await eventually(async () => (await status(ext!)).paused?.kind === 'auth');
    expect(server.control.memories()).toHaveLength(0);
    // The badge says so without opening anything: the unsent count and the pause mark.
    await eventually(async () => (await badge(ext!)).text === '1!');
    expect((await badge(ext)).title).toMatch(/token rejected/i);
    await connect(ext, server.url, 'mnu_right_token_0001');
    await eventually(() => server!.control.memories().length === 1);
    expect((await status(ext)).paused).toBeNull();
  });

  it('500s are retried until stored; a 413 parks the item and split stores the parts', async () => {
    server = await startTestServer();
    ext = await launchExtension();
    await connect(ext, server.url);
    server.control.faults.push({ status: 500, body: { error: 'boom' }, times: 2, method: 'POST' });
    await captureMany(ext, 1, 'flaky');
    await eventually(() => server!.control.memories().length === 1, 30_000);
    expect(posts(server).filter((r) => r.status === 500)).toHaveLength(2);

    // A self-hosted server with a smaller limit than the documented one answers 413 with its max_bytes.
    const long = Array.from({ length: 60 }, (_, i) => `Line ${i} of a long note about indentation.`).join('\n');
    server.control.faults.push({
      status: 413,
      body: { error: 'memory_too_large', message: 'too large', max_bytes: 1000, received_bytes: long.length },
      times: 1,
      method: 'POST',
    });
    const sw = await ext.worker();
    await sw.evaluate(
      (content) =>
        (
          globalThis as unknown as {
            __mnueron: { route(m: unknown, s: unknown): Promise<unknown> };
            chrome: typeof chrome;
          }
        ).__mnueron.route(
          { type: 'ui:quick-save', content },
          { id: chrome.runtime.id, url: chrome.runtime.getURL('x') },
        ),
      long,
    );
    const parked = await eventually(async () =>
      (await status(ext!)).items.find((i) => i.parked?.reason === 'too-large'),
    );
    expect(parked.parked).toMatchObject({ status: 413, maxBytes: 1000 });
    expect((await ext.send({ type: 'ui:outbox-split', id: parked.id })).ok).toBe(true);
    const parts = await eventually(() => {
      const p = server!.control.memories().filter((m) => m.content.includes('long note'));
      return p.length >= 2 &&
        (
          p
            .map((m) => m.content)
            .join('')
            .match(/Line \d+/g) ?? []
        ).length === 60
        ? p
        : null;
    });
    expect(new Set(parts.map((m) => m.source_ref)).size).toBe(1);
    for (const part of parts) expect(new TextEncoder().encode(part.content).length).toBeLessThanOrEqual(1000);
  });

  it('catches content over 256 KB before sending and can split it', async () => {
    server = await startTestServer();
    ext = await launchExtension();
    await connect(ext, server.url);
    const big = 'Ünïcödé paragraph with emoji 🧠.\n'.repeat(9_000); // ~330 KB in UTF-8
    const reply = await ext.send({ type: 'ui:quick-save', content: big });
    expect(reply.ok && reply.value.status).toBe('queued');
    const parked = (await status(ext)).items.find((i) => i.parked?.reason === 'too-large')!;
    expect(parked.parked?.receivedBytes).toBeGreaterThan(256 * 1024);
    expect(posts(server)).toHaveLength(0);
    expect((await ext.send({ type: 'ui:outbox-split', id: parked.id })).ok).toBe(true);
    // readable parts of at most 6,000 characters, labelled, in order, nothing lost
    const expected = labelledParts(big);
    const parts = await eventually(
      () => (server!.control.memories().length === expected.length ? server!.control.memories() : null),
      60_000,
    );
    expect(parts.map((p) => p.content)).toEqual(expected);
    for (const part of parts) expect(part.content.length).toBeLessThanOrEqual(MAX_PART_CHARS);
    const text = parts.map((p) => p.content.replace(/^\(part \d+ of \d+\)\n\n/, '')).join('\n');
    expect(text).toBe(big.trim());
  });
});
