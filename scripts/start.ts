/**
 * `npm start`: build the extension, start the local Mnueron API on 127.0.0.1:3122 (SQLite, persistent), and open
 * Chromium with the extension loaded — it defaults to Local mode, so it is already pointed at this server.
 * Without a display (or without Chromium) it prints how to load dist/ by hand and keeps the server running.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer } from '../server/app';
import { CHROMIUM_HELP, findChromium } from './browsers';

const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'dist');
const port = Number(process.env.MNUERON_PORT ?? 3122);
const dataDir = process.env.MNUERON_DATA_DIR ?? join(homedir(), '.mnueron-local');

console.log('Building the extension…');
const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

async function existingServer(): Promise<boolean> {
  try {
    const reply = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(1_000) });
    return reply.ok;
  } catch {
    return false;
  }
}

let server: Awaited<ReturnType<typeof startServer>> | null = null;
if (await existingServer()) {
  console.log(`A Mnueron API already answers on http://127.0.0.1:${port}/api — using it.`);
} else {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  server = await startServer({ host: '127.0.0.1', port, dataDir });
  console.log(`Mnueron local API listening on ${server.url} (data: ${join(dataDir, 'mnueron.db')})`);
}

const manual = [
  '',
  'Load the extension by hand:',
  '  1. Open chrome://extensions in Chrome or Chromium',
  '  2. Turn on "Developer mode" (top right)',
  `  3. Click "Load unpacked" and choose ${dist}`,
  '  4. The settings page opens; Local mode (http://127.0.0.1:3122/api, no token) is already selected.',
  '',
  'Press Ctrl+C to stop the server.',
].join('\n');

const hasDisplay =
  process.platform === 'darwin' ||
  process.platform === 'win32' ||
  !!process.env.DISPLAY ||
  !!process.env.WAYLAND_DISPLAY;
let browserPath: string | null = null;
try {
  browserPath = findChromium();
} catch {
  browserPath = null;
}

if (!hasDisplay || !browserPath) {
  console.log(!hasDisplay ? '\nNo display found, so no browser was opened.' : `\n${CHROMIUM_HELP}`);
  console.log(manual);
} else {
  const profile = join(root, '.data', 'chromium-profile');
  mkdirSync(profile, { recursive: true });
  const args = [
    `--user-data-dir=${profile}`,
    `--disable-extensions-except=${dist}`,
    `--load-extension=${dist}`,
    '--no-first-run',
    '--no-default-browser-check',
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
  ];
  console.log(`Opening Chromium with the extension (profile: ${profile})…`);
  const browser = spawn(browserPath, args, { stdio: 'ignore' });
  browser.on('exit', () => console.log('Chromium closed. The server keeps running; Ctrl+C to stop it.'));
  console.log('Press Ctrl+C to stop the server.');
}

const stop = () => {
  void (server ? server.close() : Promise.resolve()).then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
