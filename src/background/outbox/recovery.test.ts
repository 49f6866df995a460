/**
 * Quick recovery after an outage: while the server is unreachable the outbox probes it with a cheap read on a
 * short fixed interval (no write is spent, the write backoff does not grow to minutes), and drains as soon as a
 * probe is answered.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '../../../test/fakes/browser';
import { captureToOutbox } from '../capture';
import { clock } from '../clock';
import { db, resetDbForTests } from '../db';
import { updateSettings } from '../settings-store';
import { WAKE_ALARM } from './scheduler';
import { PROBE_INTERVAL_MS, drainOutbox } from './sender';
import { readOutboxState } from './state';
import { settle, afterSenderTest } from '../test-kit';
import { route } from '../router';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
let t = T0;
let up = true;
let calls: Array<{ method: string; path: string }> = [];

const refused = () =>
  new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
/** When the sender asked to be woken (the alarm Chrome sets is clamped to 30 s; the in-memory timer is not). */
const wakeAt = () => fakeBrowser.__fake.alarmsAsked.get(WAKE_ALARM)?.when ?? null;
const posts = () => calls.filter((call) => call.method === 'POST');

beforeEach(async () => {
  resetDbForTests();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  t = T0;
  clock.now = () => t;
  up = true;
  calls = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string | URL | Request, init: RequestInit = {}) => {
      const url = new URL(String(input));
      calls.push({ method: init.method ?? 'GET', path: url.pathname });
      if (!up) throw refused();
      if (init.method === 'POST') {
        const body = JSON.parse(String(init.body)) as { content: string; metadata: Record<string, unknown> };
        return Response.json(
          { id: `mem-${calls.length}`, ...body, namespace: 'default', tags: [], created_at: t, updated_at: t },
          { status: 201 },
        );
      }
      if (url.pathname.endsWith('/health')) return Response.json({ ok: true });
      return Response.json([]);
    }),
  );
  await updateSettings({ privacy: { redactSecrets: false } });
});

afterEach(afterSenderTest);

describe('recovery after an outage', () => {
  it('probes with reads every few seconds while down, spends no writes, and drains within 10 s of the return', async () => {
    expect(PROBE_INTERVAL_MS).toBeLessThanOrEqual(10_000);
    up = false;
    for (let i = 0; i < 10; i++)
      await captureToOutbox({ content: `note ${i}`, kind: 'selection', sourceRef: 'https://e.x/' });
    await settle();
    expect(posts()).toHaveLength(1);
    // a 30-minute outage, woken at each scheduled wake-up
    const outageEnd = T0 + 30 * 60_000;
    let wakes = 0;
    while (t < outageEnd) {
      const next = wakeAt();
      expect(next).not.toBeNull();
      expect(next! - t).toBeLessThanOrEqual(10_000);
      t = next!;
      await drainOutbox();
      await settle();
      wakes++;
    }
    expect(wakes).toBeGreaterThan(100);
    // nothing but reads while the server was down
    expect(posts()).toHaveLength(1);
    expect(calls.filter((call) => call.method === 'GET').every((call) => call.path.endsWith('/health'))).toBe(true);
    expect((await readOutboxState()).backoff).toMatchObject({ message: expect.stringMatching(/unreachable/) });

    up = true;
    const back = t;
    t = wakeAt()!;
    expect(t - back).toBeLessThanOrEqual(10_000);
    await drainOutbox();
    await settle();
    expect(await (await db()).count('outbox')).toBe(0);
    expect(posts()).toHaveLength(11);
    expect((await readOutboxState()).backoff).toBeNull();
  });

  it('a new save while down probes at once', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    up = false;
    await captureToOutbox({ content: 'first', kind: 'selection', sourceRef: 'https://e.x/' });
    await settle();
    expect(wakeAt()! - t).toBeGreaterThan(1_000);
    up = true;
    t += 500;
    await captureToOutbox({ content: 'second', kind: 'selection', sourceRef: 'https://e.x/' });
    await settle();
    expect(await (await db()).count('outbox')).toBe(0);
  });

  it('a write that gets no reply although the probe was answered backs off exponentially, not every 5 s', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    // the server answers reads, but this POST never gets a reply
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: string | URL | Request, init: RequestInit = {}) => {
        const url = new URL(String(input));
        calls.push({ method: init.method ?? 'GET', path: url.pathname });
        if (init.method === 'POST') throw new TypeError('fetch failed');
        if (url.pathname.endsWith('/health')) return Response.json({ ok: true });
        return Response.json([]);
      }),
    );
    await captureToOutbox({ content: 'cut off', kind: 'selection', sourceRef: 'https://e.x/' });
    await settle();
    expect((await readOutboxState()).backoff).toMatchObject({ attempt: 1, unreachable: true });
    t = wakeAt()!;
    await drainOutbox();
    await settle();
    // probe answered → lookup → POST → no reply again: now the ordinary backoff, and no probe first next time
    expect(posts()).toHaveLength(2);
    expect((await readOutboxState()).backoff?.unreachable).toBeFalsy();
    t = wakeAt()!;
    await drainOutbox();
    await settle();
    expect(posts()).toHaveLength(3);
    const backoff = (await readOutboxState()).backoff!;
    expect(backoff.unreachable).toBeFalsy();
    expect(backoff.retryAt - t).toBeGreaterThan(PROBE_INTERVAL_MS);
    // and no health probe went out before that third write
    expect(calls.filter((call) => call.path.endsWith('/health'))).toHaveLength(1);
  });

  it('opening the popup (its first ui:status) probes at once', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    up = false;
    await captureToOutbox({ content: 'waiting', kind: 'selection', sourceRef: 'https://e.x/' });
    await settle();
    up = true;
    t += 500;
    const id = fakeBrowser.runtime.id;
    const reply = await route({ type: 'ui:status' }, { id, url: `chrome-extension://${id}/src/popup/index.html` });
    expect(reply.ok).toBe(true);
    await settle();
    expect(await (await db()).count('outbox')).toBe(0);
  });
});
