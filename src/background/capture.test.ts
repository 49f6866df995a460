/** The one way into the outbox: defaults, redaction before the durable write, and quick-save's real outcome. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CaptureError, MAX_PART_CHARS, awaitOutcome, captureToOutbox } from './capture';
import { db, resetDbForTests } from './db';
import { cancelWake } from './outbox/scheduler';
import { updateSettings } from './settings-store';
import { settle } from './test-kit';
import browser from './browser';

const GITHUB_TOKEN = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';

let bodies: string[] = [];
let answer: () => Promise<Response> = async () => new Response('{}', { status: 201 });

beforeEach(() => {
  resetDbForTests();
  bodies = [];
  answer = async () => new Response('{}', { status: 201 });
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_input: string | URL | Request, init: RequestInit = {}) => {
      bodies.push(String(init.body));
      return answer();
    }),
  );
});

afterEach(async () => {
  await settle();
  await cancelWake();
  vi.unstubAllGlobals();
});

const input = { kind: 'selection' as const, sourceRef: 'https://example.com/' };

describe('captureToOutbox', () => {
  it('refuses empty text', async () => {
    await expect(captureToOutbox({ ...input, content: ' \n\t ' })).rejects.toBeInstanceOf(CaptureError);
    expect(await (await db()).count('outbox')).toBe(0);
  });

  it('applies the default namespace and tags, merged and trimmed, unless the capture names its own', async () => {
    await updateSettings({ defaults: { namespace: 'notes', tags: ['web', 'read'] } });
    const a = await captureToOutbox({ ...input, content: 'a', tags: [' read ', 'extra', ''] });
    const b = await captureToOutbox({ ...input, content: 'b', namespace: '  work  ' });
    const c = await captureToOutbox({ ...input, content: 'c', namespace: '   ' });
    await settle();
    const sent = bodies.map((body) => JSON.parse(body) as { content: string; namespace: string; tags: string[] });
    const byContent = new Map(sent.map((body) => [body.content, body]));
    expect(byContent.get('a')).toMatchObject({ namespace: 'notes', tags: ['web', 'read', 'extra'] });
    expect(byContent.get('b')).toMatchObject({ namespace: 'work' });
    expect(byContent.get('c')).toMatchObject({ namespace: 'notes' });
    expect([a, b, c].every((r) => r.ids.length === 1)).toBe(true);
  });

  it('names the browser it was saved from in source (the API takes any string)', async () => {
    const sources = async () => {
      bodies = [];
      await captureToOutbox({ ...input, content: 'x' });
      await settle();
      return bodies.map((body) => (JSON.parse(body) as { source: string }).source);
    };
    expect(await sources()).toEqual(['chrome-extension']);
    vi.stubGlobal('navigator', {
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/140.0.0.0 Safari/537.36 Edg/140.0.0.0',
    });
    expect(await sources()).toEqual(['edge-extension']);
    vi.spyOn(browser.runtime, 'getURL').mockImplementation((path: string) => `moz-extension://0b4f6c1e/${path}`);
    expect(await sources()).toEqual(['firefox-extension']);
  });

  it('redacts secrets before the capture is written anywhere', async () => {
    const result = await captureToOutbox({ ...input, content: `deploy with ${GITHUB_TOKEN} please` });
    expect(result.redactedCount).toBeGreaterThanOrEqual(1);
    const stored = await (await db()).get('outbox', result.ids[0]!);
    // (the item may already be sent and gone; then the request body is what was written)
    const written = JSON.stringify(stored ?? null) + bodies.join('');
    expect(written).not.toContain(GITHUB_TOKEN);
    expect(written).toContain('[REDACTED:');
    await settle();
    expect(bodies.join('')).not.toContain(GITHUB_TOKEN);
    expect(JSON.stringify(await (await db()).getAll('diagnostics'))).not.toContain(GITHUB_TOKEN);
  });

  it('keeps the text as is when redaction is off', async () => {
    await updateSettings({ privacy: { redactSecrets: false } });
    const result = await captureToOutbox({ ...input, content: `deploy with ${GITHUB_TOKEN}` });
    expect(result.redactedCount).toBe(0);
    await settle();
    expect(bodies.join('')).toContain(GITHUB_TOKEN);
  });
});

describe('long content is split here, so a chunking server keeps each part whole', () => {
  const sentence = (i: number) => `Sentence ${i} of a long article, written to be read whole. `;
  const article = (chars: number) => {
    let text = '';
    for (let i = 0; text.length < chars; i++) text += sentence(i) + (i % 7 === 6 ? '\n\n' : '');
    return text.slice(0, chars);
  };
  type Sent = { content: string; source_ref: string; metadata: Record<string, unknown> };
  const sent = () => bodies.map((body) => JSON.parse(body) as Sent);

  it('17,735 characters → labelled parts of at most 6,000, each with its own derived key', async () => {
    await updateSettings({ privacy: { redactSecrets: false } });
    const content = article(17_735);
    const result = await captureToOutbox({ ...input, content, idempotencyKey: 'cap' });
    await settle();
    const parts = sent();
    const n = parts.length;
    expect(n).toBeGreaterThanOrEqual(3);
    expect(result.ids).toHaveLength(n);
    parts.forEach((part, index) => {
      expect(part.content.length).toBeLessThanOrEqual(MAX_PART_CHARS);
      expect(part.content.startsWith(`(part ${index + 1} of ${n})`)).toBe(true);
      expect(part.metadata.idempotency_key).toBe(`cap:part-${index + 1}-of-${n}`);
      expect(part.metadata.part).toEqual({ index: index + 1, total: n, group: 'cap' });
      expect(part.source_ref).toBe(input.sourceRef);
    });
    // nothing lost: the parts without their labels are the text
    const unlabelled = parts.map((part) => part.content.replace(/^\(part \d+ of \d+\)\n\n/, ''));
    expect(unlabelled.join(' ').replace(/\s+/g, ' ').trim()).toBe(content.replace(/\s+/g, ' ').trim());
  });

  it('a long chat turn is split the same way', async () => {
    await updateSettings({ privacy: { redactSecrets: false } });
    await captureToOutbox({ ...input, kind: 'chat-turn', content: article(7_365), idempotencyKey: 'turn' });
    await settle();
    expect(sent().map((part) => part.metadata.idempotency_key)).toEqual(['turn:part-1-of-2', 'turn:part-2-of-2']);
    for (const part of sent()) expect(part.content.length).toBeLessThanOrEqual(MAX_PART_CHARS);
  });

  it('6,000 characters or fewer → one memory, unlabelled', async () => {
    await updateSettings({ privacy: { redactSecrets: false } });
    const content = article(MAX_PART_CHARS);
    await captureToOutbox({ ...input, content, idempotencyKey: 'one' });
    await settle();
    expect(sent()).toEqual([expect.objectContaining({ content })]);
    expect(sent()[0]!.metadata.idempotency_key).toBe('one');
  });
});

describe('awaitOutcome (quick-save)', () => {
  it('a healthy save reports saved once the server confirmed it', async () => {
    const outcome = await awaitOutcome(await captureToOutbox({ ...input, content: 'x' }));
    expect(outcome).toMatchObject({ status: 'saved' });
    expect(await (await db()).count('outbox')).toBe(0);
  });

  it('a refusal reports queued with the reason', async () => {
    answer = async () => Response.json({ error: 'bad', message: 'namespace is locked' }, { status: 403 });
    const outcome = await awaitOutcome(await captureToOutbox({ ...input, content: 'x' }));
    expect(outcome).toMatchObject({ status: 'queued', reason: expect.stringMatching(/namespace is locked/) });
  });

  it('a slow server: queued after the wait, and the item stays in the outbox', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    answer = async () => {
      await held;
      return new Response('{}', { status: 201 });
    };
    const outcome = await awaitOutcome(await captureToOutbox({ ...input, content: 'x' }), 30);
    expect(outcome).toMatchObject({ status: 'queued', reason: expect.stringMatching(/slow/) });
    expect(await (await db()).count('outbox')).toBe(1);
    release();
  });

  it('an already-queued result is returned as it is', async () => {
    const queued = { status: 'queued' as const, reason: 'paused', ids: ['x'], redactedCount: 0 };
    expect(await awaitOutcome(queued, 10)).toBe(queued);
  });
});
