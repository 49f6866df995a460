/**
 * Firefox: a save made while the server is down waits in the outbox (IndexedDB), survives the background being
 * restarted (the add-on reloaded: every extension page and all in-memory state gone), and is delivered exactly once
 * when the server is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, launchExtension, startTestServer, type Extension, type TestServer } from './harness';

let ext: Extension;
let server: TestServer | undefined;

beforeAll(async () => {
  ext = await launchExtension();
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
});

describe('firefox outbox', () => {
  it('keeps a queued save across a background restart and delivers it once the server is back', async () => {
    server = await startTestServer(ext);
    const port = server.port;
    const saved = await ext.send({ type: 'ui:connection-save', mode: 'self-hosted', apiUrl: server.url });
    expect(saved.ok).toBe(true);
    await server.close();
    server = undefined;

    const reply = await ext.send({ type: 'ui:quick-save', content: 'Queued in Firefox while the server was down.' });
    expect(reply.ok && reply.value.status).toBe('queued');

    // Restart the background: reloading the add-on closes every extension page, so the one open here going away
    // proves the restart happened.
    // A plain tab keeps the window open when the reload closes the extension's tabs.
    await ext.browser.newPage();
    const before = await ext.open(ext.popupUrl);
    await before.evaluate(() => {
      setTimeout(() => (globalThis as unknown as { browser: typeof chrome }).browser.runtime.reload(), 0);
    });
    await eventually(async () => !(await ext.findPage(ext.popupUrl)), 15_000, 250);

    const pending = await eventually(
      async () => {
        const status = await ext.send({ type: 'ui:status' });
        return status.ok ? status : null;
      },
      20_000,
      500,
    );
    expect(pending.ok && pending.value.pending).toBe(1);

    server = await startTestServer(ext, { port });
    const retried = await ext.send({ type: 'ui:outbox-retry' });
    expect(retried.ok).toBe(true);
    const current = server;
    await eventually(() =>
      current.control.memories().some((m) => m.content === 'Queued in Firefox while the server was down.'),
    );
    await eventually(async () => {
      const status = await ext.send({ type: 'ui:status' });
      return status.ok && status.value.pending === 0;
    });
    expect(current.control.memories()).toHaveLength(1);
  });
});
