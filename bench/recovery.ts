/**
 * Recovery and reconciliation against the real-local server profile (it never de-duplicates, so every extra write
 * would be a duplicate row):
 * - recovery after outage: RECOVERY_ITEMS saves are queued while the server is down for RECOVERY_OUTAGE_MS, then
 *   the server comes back on the same port; the figure is the time from its first answer to the outbox being empty
 *   (nothing presses "Retry now": the read probes alone must find it). Writes spent = POSTs after it came back.
 * - reconciliation cost: RECONCILE_ITEMS saves whose replies are lost after the server stored them (the connection
 *   is cut); the figure is memory reads (GET /api/memories) per item in doubt, and the rows that exist at the end.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../test/e2e/harness';
import type { Cleanup, Extension } from './lib/browser';
import { poll } from './lib/stats';

export const RECOVERY_ITEMS = 10;
export const RECOVERY_OUTAGE_MS = 60_000;
export const RECONCILE_ITEMS = 10;

export type RecoveryResult = {
  /** ms from the server's return to an empty outbox; null when it did not empty within the time limit. */
  recoveredMs: number | null;
  stored: number;
  postsAfterReturn: number;
};

export type ReconcileResult = {
  inDoubt: number;
  reads: number;
  stored: number;
  posts: number;
  timedOut: boolean;
};

async function connect(ext: Extension, url: string): Promise<void> {
  const saved = await ext.send({ type: 'ui:connection-save', mode: 'self-hosted', apiUrl: url });
  if (!saved.ok) throw new Error(`connection-save: ${saved.error.message}`);
}

async function outboxEmpty(ext: Extension): Promise<boolean> {
  const reply = await ext.send({ type: 'ui:status' });
  return reply.ok && reply.value.pending + reply.value.inFlight === 0 && reply.value.items.length === 0;
}

async function save(ext: Extension, content: string): Promise<void> {
  const reply = await ext.send({ type: 'ui:quick-save', content });
  if (!reply.ok) throw new Error(`quick-save: ${reply.error.message}`);
}

/** Leaves the extension connected to `restoreUrl` afterwards. */
export async function measureRecovery(ext: Extension, cleanup: Cleanup, restoreUrl: string): Promise<RecoveryResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mnueron-bench-recovery-'));
  const first = await startTestServer({ profile: 'real-local', dataDir });
  const { port, url } = first;
  await connect(ext, url);
  await first.close();
  for (let i = 0; i < RECOVERY_ITEMS; i++) await save(ext, `bench recovery item ${i}`);
  await new Promise((resolve) => setTimeout(resolve, RECOVERY_OUTAGE_MS));
  const server: TestServer = await startTestServer({ profile: 'real-local', dataDir, port });
  cleanup.add('close recovery server', () => server.close());
  const back = Date.now();
  const done = await poll(
    async () => server.control.memories().length >= RECOVERY_ITEMS && (await outboxEmpty(ext)),
    120_000,
    100,
  );
  const recoveredMs = done ? Date.now() - back : null;
  const result = {
    recoveredMs,
    stored: server.control.memories().length,
    postsAfterReturn: server.control.requests.filter((r) => r.method === 'POST').length,
  };
  await connect(ext, restoreUrl);
  await server.close();
  return result;
}

/** Leaves the extension connected to `restoreUrl` afterwards. */
export async function measureReconciliation(
  ext: Extension,
  cleanup: Cleanup,
  restoreUrl: string,
): Promise<ReconcileResult> {
  const server = await startTestServer({ profile: 'real-local' });
  cleanup.add('close reconciliation server', () => server.close());
  await connect(ext, server.url);
  server.control.faults.push({
    status: 0,
    loseReply: true,
    times: RECONCILE_ITEMS,
    method: 'POST',
    pathPrefix: '/api/memories',
  });
  for (let i = 0; i < RECONCILE_ITEMS; i++) await save(ext, `bench reconciliation item ${i}`);
  const done = await poll(async () => await outboxEmpty(ext), 180_000, 200);
  // a late duplicate would arrive now
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  console.error(server.control.requests.map((r) => `${r.at % 100000} ${r.method} ${r.path} ${r.status}`).join('\n'));
  const reads = server.control.requests.filter((r) => r.method === 'GET' && r.path === '/api/memories').length;
  const result = {
    inDoubt: RECONCILE_ITEMS,
    reads,
    stored: server.control.memories().length,
    posts: server.control.requests.filter((r) => r.method === 'POST').length,
    timedOut: !done,
  };
  await connect(ext, restoreUrl);
  await server.close();
  return result;
}
