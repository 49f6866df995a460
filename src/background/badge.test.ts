/**
 * The toolbar badge as the worker keeps it: after the outbox changes it shows what is left (unsent parts, parked
 * items, a pause), and a burst of changes (a drain of several parts, each with its in-flight and done transitions)
 * refreshes it once, not once per transition (each refresh counts the outbox and sets three browser properties).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FakeBrowser } from '../../test/fakes/browser';

let fakeBrowser: FakeBrowser;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fresh worker (as in index.test.ts), its start-up done, with `fetch` answered by `respond`. */
async function startWorker(respond: (body: { content: string; metadata: unknown }) => Response) {
  vi.resetModules();
  fakeBrowser = (await import('../../test/fakes/browser')).fakeBrowser;
  let n = 0;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_input: unknown, init: RequestInit = {}) => {
      if ((init.method ?? 'GET') !== 'POST') return new Response(JSON.stringify({ memories: [] }), { status: 200 });
      return respond(JSON.parse(String(init.body)) as { content: string; metadata: unknown });
    }),
  );
  const created = (body: { content: string; metadata: unknown }) =>
    new Response(JSON.stringify({ id: `mem-${++n}`, ...body, namespace: 'default', tags: [] }), { status: 201 });
  const worker = await import('./index');
  await worker.started;
  const { updateSettings } = await import('./settings-store');
  await updateSettings({ privacy: { redactSecrets: false } });
  const { captureToOutbox } = await import('./capture');
  const { settle } = await import('./test-kit');
  const { countByState } = await import('./outbox/store');
  return { created, captureToOutbox, settle, countByState };
}

/** Three parts (MAX_PART_CHARS is 6,000). */
const LONG = Array.from({ length: 250 }, (_, i) => `Paragraph ${i} of a long answer, with some words in it.`).join(
  '\n\n',
);

const capture = (captureToOutbox: (typeof import('./capture'))['captureToOutbox']) =>
  captureToOutbox({ content: LONG, kind: 'chat-turn', sourceRef: 'chatgpt:c1', metadata: {} });

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('toolbar badge', () => {
  it('after a drain of a three-part capture shows nothing unsent, refreshed once for the burst', async () => {
    let created: ((body: { content: string; metadata: unknown }) => Response) | null = null;
    const worker = await startWorker((body) => created!(body));
    created = worker.created;
    const setText = vi.spyOn(fakeBrowser.action, 'setBadgeText');
    const setTitle = vi.spyOn(fakeBrowser.action, 'setTitle');
    const result = await capture(worker.captureToOutbox);
    expect(result.ids).toHaveLength(3);
    await worker.settle();
    await sleep(600);
    expect(await worker.countByState()).toEqual({ pending: 0, inflight: 0, parked: 0 });
    expect(fakeBrowser.__fake.badge.text).toBe('');
    expect(fakeBrowser.__fake.badge.title).not.toMatch(/\n/);
    // Six transitions (three in flight, three done): one refresh for them, not six.
    expect(setText.mock.calls.length).toBeLessThanOrEqual(1);
    expect(setTitle.mock.calls.length).toBeLessThanOrEqual(1);
  });

  it('while the server is unreachable, counts the capture’s three parts', async () => {
    const worker = await startWorker(() => {
      throw new TypeError('Failed to fetch');
    });
    await capture(worker.captureToOutbox);
    await worker.settle();
    await sleep(600);
    expect(await worker.countByState()).toEqual({ pending: 3, inflight: 0, parked: 0 });
    expect(fakeBrowser.__fake.badge.text).toBe('3');
    expect(fakeBrowser.__fake.badge.title).toMatch(/3/);
  });
});
