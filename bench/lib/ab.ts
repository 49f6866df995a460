/**
 * One side of an interleaved comparison of builds (bench/ab-worker.ts, bench/ab-sidepanel.ts): a copy of the built
 * extension in its own browser, with its own test server, connected and with chat capture on.
 */
import { cpSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startTestServer, type TestServer } from '../../test/e2e/harness';
import { launchExtension, type Cleanup, type Extension } from './browser';
import { servePages } from './fixtures';

export type AbSide = { name: string; ext: Extension; server: TestServer; pages: Map<string, string> };

export async function launchSide(cleanup: Cleanup, dir: string, name: string, test = false): Promise<AbSide> {
  const copy = join(cleanup.tempDir(`mnueron-ab-${name}-`), 'extension');
  cpSync(resolve(dir), copy, { recursive: true });
  const server = await startTestServer();
  cleanup.add(`close server ${name}`, () => server.close());
  const ext = await launchExtension(cleanup, copy);
  const pages = new Map<string, string>();
  await servePages(ext.context, pages);
  const saved = await ext.send({ type: 'ui:connection-save', mode: 'self-hosted', apiUrl: server.url });
  if (!saved.ok) throw new Error(`connection-save: ${saved.error.message}`);
  if (test) {
    const tested = await ext.send({ type: 'ui:connection-test' });
    if (!tested.ok || tested.value.result !== 'connected') throw new Error(`connection-test (${name}) failed`);
  }
  const sites = { chatgpt: { enabled: true }, claude: { enabled: true } };
  await ext.send({ type: 'ui:settings-update', patch: { capture: { sites } } });
  return { name, ext, server, pages };
}
