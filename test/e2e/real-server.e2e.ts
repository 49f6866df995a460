/**
 * Against the real-local server profile (it chunks content over 6,000 characters, never de-duplicates, answers
 * DELETE with 200 {"deleted":true}): a long save lands as readable parts and never as chunks, undo leaves nothing,
 * a worker killed while a slow save is in flight leaves exactly one row, a reply lost after the server stored the
 * save leaves exactly one row (against both profiles), a 300 KB save split into parts is undone to nothing, and
 * saves queued during an outage land within 10 s of the server answering again.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, launchExtension, startTestServer, type Extension, type TestServer } from './harness';
import type { StatusView } from '../../src/shared/messages';

let server: TestServer | undefined;
let ext: Extension | undefined;

afterEach(async () => {
  await ext?.close().catch(() => undefined);
  await server?.close().catch(() => undefined);
  ext = undefined;
  server = undefined;
});

async function connect(e: Extension, url: string) {
  const saved = await e.send({ type: 'ui:connection-save', mode: 'self-hosted', apiUrl: url });
  expect(saved.ok).toBe(true);
}

async function status(e: Extension): Promise<StatusView> {
  const reply = await e.send({ type: 'ui:status' });
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.value;
}

/** Prose of exactly `chars` characters: sentences in paragraphs. */
function article(chars: number): string {
  let text = '';
  for (let i = 0; text.length < chars; i++)
    text += `Sentence ${i} of a long article, written to be read whole. ` + (i % 9 === 8 ? '\n\n' : '');
  return text.slice(0, chars);
}

describe('against the real local server', () => {
  it('a 17,735-character save lands as labelled parts within 6,000 characters, no chunk row; undo removes all', async () => {
    server = await startTestServer({ profile: 'real-local' });
    ext = await launchExtension();
    await connect(ext, server.url);
    const content = article(17_735);
    const reply = await ext.send({ type: 'ui:quick-save', content });
    expect(reply.ok).toBe(true);
    await eventually(async () => {
      const s = await status(ext!);
      return s.pending + s.inFlight === 0 && server!.control.memories().length > 0;
    }, 30_000);
    const rows = server.control.memories();
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const [i, row] of rows.entries()) {
      expect(row.content.length).toBeLessThanOrEqual(6_000);
      expect(row.tags).not.toContain('chunk');
      expect(row.content.startsWith(`(part ${i + 1} of ${rows.length})`)).toBe(true);
    }
    const recent = (await status(ext)).recent;
    expect(recent).toHaveLength(1);
    expect(recent[0]!.tags).not.toContain('chunk');

    const undone = await ext.send({ type: 'ui:recent-undo', id: recent[0]!.id });
    expect(undone.ok).toBe(true);
    expect(server.control.memories()).toEqual([]);
  });

  it('a worker killed while a slow save is in flight leaves exactly one row', async () => {
    server = await startTestServer({ profile: 'real-local' });
    ext = await launchExtension();
    await connect(ext, server.url);
    // The server stores the save 8 s after it arrives; the worker that sent it is gone by then.
    server.control.faults.push({ status: 0, delayMs: 8_000, times: 1, method: 'POST', pathPrefix: '/api/memories' });
    const reply = await ext.send({ type: 'ui:quick-save', content: 'saved once, whatever happens' });
    expect(reply.ok).toBe(true);
    await eventually(() => server!.control.requests.some((r) => r.method === 'POST'), 10_000);
    await ext.killServiceWorker();
    // Whether the server still stores the dead worker's request or drops it with the closed connection, a fresh
    // worker recovers the item in doubt and looks it up before sending anything again: one row either way.
    await eventually(
      async () => {
        const s = await status(ext!);
        return s.pending + s.inFlight === 0 && s.recent.length === 1;
      },
      60_000,
      500,
    );
    // past the slow reply's delay: a late write would show now
    await new Promise((resolve) => setTimeout(resolve, 9_000));
    expect(server.control.memories()).toHaveLength(1);
    // the fresh worker looked the save up before anything else went out for it
    const paths = server.control.requests.map((r) => `${r.method} ${r.path}`);
    const first = paths.indexOf('POST /api/memories');
    const next = paths.indexOf('POST /api/memories', first + 1);
    const between = paths.slice(first + 1, next < 0 ? undefined : next);
    expect(between.some((p) => p.startsWith('GET /api/memories'))).toBe(true);
  }, 120_000);

  it('a 300 KB save split into parts: every part readable and labelled; undoing each leaves nothing', async () => {
    server = await startTestServer({ profile: 'real-local' });
    ext = await launchExtension();
    await connect(ext, server.url);
    const big = article(300_000);
    const reply = await ext.send({ type: 'ui:quick-save', content: big });
    expect(reply.ok).toBe(true);
    const parked = await eventually(async () =>
      (await status(ext!)).items.find((i) => i.parked?.reason === 'too-large'),
    );
    expect((await ext.send({ type: 'ui:outbox-split', id: parked.id })).ok).toBe(true);
    await eventually(
      async () => {
        const s = await status(ext!);
        return s.pending + s.inFlight + s.items.length === 0 && server!.control.memories().length > 0;
      },
      90_000,
      500,
    );
    const rows = server.control.memories();
    for (const row of rows) {
      expect(row.content.length).toBeLessThanOrEqual(6_000);
      expect(row.tags).not.toContain('chunk');
      expect(row.content).toMatch(/^\(part \d+ of \d+\)/);
    }
    const body = rows.map((r) => r.content.replace(/^\(part \d+ of \d+\)\n\n/, '')).join(' ');
    expect(body.replace(/\s+/g, ' ')).toBe(big.trim().replace(/\s+/g, ' '));
    for (const entry of (await status(ext)).recent) {
      const undone = await ext.send({ type: 'ui:recent-undo', id: entry.id });
      expect(undone.ok).toBe(true);
    }
    expect(server.control.memories()).toEqual([]);
  }, 150_000);

  it('saves queued during an outage land within 10 s of the server answering again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mnueron-server-'));
    server = await startTestServer({ profile: 'real-local', dataDir });
    const { port, url } = server;
    ext = await launchExtension();
    await connect(ext, url);
    await server.close();
    server = undefined;
    for (let i = 0; i < 3; i++)
      expect((await ext.send({ type: 'ui:quick-save', content: `during outage ${i}` })).ok).toBe(true);
    // long enough for the backoff to grow past what a quick recovery allows
    await new Promise((resolve) => setTimeout(resolve, 25_000));
    server = await startTestServer({ profile: 'real-local', dataDir, port });
    const back = Date.now();
    await eventually(() => server!.control.memories().length === 3, 30_000, 250);
    expect(Date.now() - back).toBeLessThanOrEqual(10_000);
    expect(
      server.control
        .memories()
        .map((m) => m.content)
        .sort(),
    ).toEqual([0, 1, 2].map((i) => `during outage ${i}`));
  }, 90_000);
});

/** The ChatGPT streaming fixture at its real URL, with a long answer streamed into it and then finished. */
const CHAT_URL = 'https://chatgpt.com/c/6724c1f0-8a2b-8000-9f1e-3c5d7e9a1b20';
const fixture = (name: string) => readFileSync(`test/fixtures/sites/chatgpt/${name}.html`, 'utf8');

describe('chat capture against the real local server', () => {
  it('a 7,400-character answer lands as clean labelled parts (no chunk rows), once, and stays once after a reload', async () => {
    server = await startTestServer({ profile: 'real-local' });
    ext = await launchExtension();
    await connect(ext, server.url);
    const settings = await ext.send({ type: 'ui:settings-get' });
    if (!settings.ok) throw new Error(settings.error.message);
    const sites = {
      ...settings.value.capture.sites,
      chatgpt: { ...settings.value.capture.sites.chatgpt, enabled: true },
    };
    expect((await ext.send({ type: 'ui:settings-update', patch: { capture: { sites } } })).ok).toBe(true);
    let body = fixture('streaming');
    await ext.context.route('https://chatgpt.com/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body }),
    );
    const page = await ext.context.newPage();
    await page.goto(CHAT_URL);
    await page.locator('[data-fixture-stream]').waitFor();
    await page.waitForTimeout(300);
    const tail = article(7_400);
    for (let at = 0; at < tail.length; at += 800) {
      await page.evaluate((t) => document.querySelector('[data-fixture-stream]')!.append(t), tail.slice(at, at + 800));
      await page.waitForTimeout(50);
    }
    await page.evaluate(`(() => {
      const template = (name) => document.querySelector('template[data-fixture="' + name + '"]').content.cloneNode(true);
      document.querySelector('.markdown.result-streaming').classList.remove('result-streaming');
      document.querySelector('button[data-testid="stop-button"]').replaceWith(template('send-button'));
      document.querySelector('[data-fixture-stream]').closest('[class*="group/turn-messages"]').append(template('finish-actions'));
    })()`);
    const rows = await eventually(
      async () => {
        const s = await status(ext!);
        const found = server!.control.memories();
        return s.pending + s.inFlight === 0 && found.length >= 2 ? found : null;
      },
      60_000,
      250,
    );
    for (const [i, row] of rows.entries()) {
      expect(row.content.length).toBeLessThanOrEqual(6_000);
      expect(row.tags).not.toContain('chunk');
      expect(row.content.startsWith(`(part ${i + 1} of ${rows.length})`)).toBe(true);
      // cut at a sentence or paragraph end, never mid-sentence
      expect(row.content.trimEnd()).toMatch(/[.!?:)]$/);
    }
    expect(new Set(rows.map((r) => r.source_ref)).size).toBe(1);
    expect(rows.map((r) => r.content).join(' ')).toContain(tail.slice(-60).trim());

    body = fixture('finished');
    await page.reload();
    await page.waitForTimeout(2_000);
    expect(server.control.memories()).toHaveLength(rows.length);
  }, 120_000);
});

/**
 * The server stores a save and the connection is cut before the reply. On a reused keep-alive connection Chromium
 * re-sends the request on its own, so the server may get it twice; the outbox must end with one row anyway.
 */
async function lostReply(profile: 'cloud' | 'real-local', warm: boolean) {
  server = await startTestServer({ profile });
  ext = await launchExtension();
  await connect(ext, server.url);
  if (warm) {
    expect((await ext.send({ type: 'ui:quick-save', content: 'warm-up' })).ok).toBe(true);
    await eventually(() => server!.control.memories().length === 1, 30_000, 100);
  }
  server.control.faults.push({ status: 0, loseReply: true, times: 1, method: 'POST', pathPrefix: '/api/memories' });
  expect((await ext.send({ type: 'ui:quick-save', content: 'stored once though the reply was lost' })).ok).toBe(true);
  const saves = warm ? 2 : 1;
  await eventually(
    async () => {
      const s = await status(ext!);
      return s.pending + s.inFlight === 0 && s.recent.length === saves;
    },
    60_000,
    250,
  );
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const lost = server.control.memories().filter((m) => m.content === 'stored once though the reply was lost');
  expect(lost).toHaveLength(1);
  // Recent points at the row that stayed, so Undo removes it
  expect((await status(ext)).recent.map((r) => r.memoryId)).toContain(lost[0]!.id);
}

describe('a reply lost after the server stored the save', () => {
  it(
    'cloud, on a reused connection (the re-send is de-duplicated by key): one row',
    () => lostReply('cloud', true),
    90_000,
  );
  it(
    'real-local, on a fresh connection: found by key before any re-send, one row',
    () => lostReply('real-local', false),
    90_000,
  );
  // Chromium's own re-send is answered 201, so the outbox never saw the first write: the read after a 201 from a
  // server that may not de-duplicate finds the copy and deletes it.
  it('real-local, on a reused connection (Chromium re-sends): one row', () => lostReply('real-local', true), 90_000);
});
