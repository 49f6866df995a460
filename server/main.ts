/** `npm run server`: the local Mnueron API as a process. Flags and environment: see server/README.md or --help. */
import { startServer } from './app';
import { DEFAULT_EXTENSION_ORIGINS, USAGE, UsageError, parseServerConfig, type ServerConfig } from './options';

function describeStartError(error: unknown, config: ServerConfig): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') {
    return `Port ${config.port} on ${config.host} is already in use (another Mnueron server?). Try --port <n>.`;
  }
  if (code === 'EACCES') return `Not allowed to listen on ${config.host}:${config.port}.`;
  return error instanceof Error ? error.message : String(error);
}

async function main(): Promise<void> {
  let config: ServerConfig | null;
  try {
    config = parseServerConfig(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (config === null) {
    console.log(USAGE);
    return;
  }

  // Handlers go in before the start so a signal during start-up also ends the process through them.
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  let stopping = false;
  const stop = (signal: string) => {
    // A second Ctrl-C while closing means "now".
    if (stopping) process.exit(130);
    stopping = true;
    if (!server) process.exit(0);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Error while stopping on ${signal}:`, error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  try {
    server = await startServer(config);
  } catch (error) {
    console.error(`Mnueron local API could not start: ${describeStartError(error, config)}`);
    process.exit(1);
  }

  const extras = [
    config.profile === 'real-local' ? 'profile: real-local' : null,
    config.tokens ? `tokens: ${config.tokens.length}` : null,
    config.quota ? 'quota on' : null,
    config.rateLimit ? `rate limit: ${config.rateLimit.max}/${config.rateLimit.windowMs} ms` : null,
    config.testMode ? 'test mode' : config.testHooks ? 'test hooks on' : null,
  ].filter(Boolean);
  // The address really bound (0.0.0.0 is not 127.0.0.1: other machines can reach it), then where to reach it.
  const [bound, ...reachable] = server.listenUrls;
  console.log(
    `Mnueron local API listening on ${bound} (data: ${config.dataDir ?? 'in memory, not saved'})` +
      (extras.length > 0 ? ` [${extras.join(', ')}]` : ''),
  );
  if (reachable.length > 0) console.log(`Reachable at ${reachable.join(', ')}`);
  if (
    !config.anyExtension &&
    (config.allowedExtensionOrigins ?? []).length === 0 &&
    DEFAULT_EXTENSION_ORIGINS.length === 0
  ) {
    // Until the extension's id is pinned, an unpacked build has an id of its own that must be allowed by hand.
    console.log(
      'No extension is allowed yet: pass --allow-extension chrome-extension://<id> (the id is on chrome://extensions).',
    );
  }
}

await main();
