/**
 * Screenshots of the popup and the options page in the states people meet, from the real built extension (dist/)
 * talking to the real local server: `npm run screenshots` (builds first) → screenshots/*.png for English and
 * screenshots/<lang>/*.png for each of the other five languages (git-ignored), Chromium started in that language.
 * `-- --lang de,ja` takes only those.
 *
 * States are produced the way they happen in use — saves through the background, server faults and quota — not by
 * faking replies, so a screenshot that looks wrong points at a real problem. A state that cannot be produced is
 * reported and skipped; the script fails only if none could be taken.
 *
 * Before each screenshot, axe-core checks the page as it is shown: the script fails, listing them, if any state has
 * a serious or critical accessibility violation.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import axe from 'axe-core';
import { eventually, launchExtension, startTestServer, type Extension, type TestServer } from '../test/e2e/harness';
import { MAX_CONTENT_BYTES } from '../src/shared/api-limits';
import type { StatusView } from '../src/shared/messages';

const ROOT = resolve(import.meta.dirname, '../screenshots');
/** Chromium language → folder; English stays at the top so the store screenshots keep reading it. */
const LANGUAGES: Array<{ lang: string; dir: string }> = [
  { lang: 'en-US', dir: '' },
  { lang: 'de', dir: 'de' },
  { lang: 'es', dir: 'es' },
  { lang: 'fr', dir: 'fr' },
  { lang: 'ja', dir: 'ja' },
  { lang: 'zh-CN', dir: 'zh_CN' },
];
let OUT = ROOT;
const POPUP_VIEWPORT = { width: 360, height: 600 };
const OPTIONS_VIEWPORT = { width: 1100, height: 1400 };

/** An ordinary page on loopback (inside the extension's host permissions, so the popup can read its selection). */
const PAGE_URL = 'http://127.0.0.1:9/notes';
const PAGE_HTML = `<!doctype html><html><head><title>Team style notes</title></head><body>
<h1>Team style notes</h1><p id="fact">Prefers 2-space indentation in TypeScript; tabs only in Makefiles.</p>
</body></html>`;
const taken: string[] = [];
const skipped: string[] = [];
const violations: string[] = [];

/** axe-core over the page as shown; serious and critical violations are collected, one line per rule. */
async function checkAccessibility(page: Page, shown: string): Promise<void> {
  // evaluate runs through the debugger, so the extension pages' CSP (script-src 'self') does not block it.
  await page.evaluate(axe.source);
  const found = await page.evaluate(async () => {
    const g = globalThis as unknown as { axe: typeof axe };
    const result = await g.axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
  for (const line of found) {
    violations.push(`${shown}: ${line}`);
    console.log(`    ✗ ${line}`);
  }
}

async function shot(page: Page, name: string): Promise<void> {
  const path = resolve(OUT, `${name}.png`);
  await checkAccessibility(page, `screenshots/${path.slice(ROOT.length + 1)}`);
  await page.screenshot({ path, fullPage: true });
  const shown = `screenshots/${path.slice(ROOT.length + 1)}`;
  taken.push(shown);
  console.log(`  ✓ ${shown}`);
}

/** Runs one state; a failure is reported with its reason and the script moves on. */
async function state(name: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    skipped.push(`${OUT.slice(ROOT.length + 1) || 'en'} ${name}: ${reason}`);
    console.log(`  ✗ ${name}: ${reason}`);
  }
}

async function status(ext: Extension): Promise<StatusView> {
  const reply = await ext.send({ type: 'ui:status' });
  if (!reply.ok) throw new Error(`ui:status failed: ${reply.error.message}`);
  return reply.value;
}

async function quickSave(
  ext: Extension,
  content: string,
  extra: { namespace?: string; tags?: string[]; tabId?: number } = {},
) {
  const reply = await ext.send({ type: 'ui:quick-save', content, ...extra });
  if (!reply.ok) throw new Error(`ui:quick-save failed: ${reply.error.message}`);
  return reply.value;
}

async function openPopup(ext: Extension, tabId: number | undefined, colorScheme: 'light' | 'dark'): Promise<Page> {
  const page = await ext.context.newPage();
  await page.setViewportSize(POPUP_VIEWPORT);
  await page.emulateMedia({ colorScheme });
  await page.goto(ext.popupUrl(tabId));
  await page.locator('main.popup, main.first-run').first().waitFor({ timeout: 10_000 });
  // Settings and namespaces fill in after the first paint; give them a moment so the shot is settled.
  await page.waitForTimeout(400);
  return page;
}

async function openOptions(ext: Extension, colorScheme: 'light' | 'dark'): Promise<Page> {
  const page = await ext.context.newPage();
  await page.setViewportSize(OPTIONS_VIEWPORT);
  await page.emulateMedia({ colorScheme });
  await page.goto(ext.optionsUrl);
  await page.locator('#connection').waitFor({ timeout: 10_000 });
  await page.locator('table.diagnostics, #diagnostics p.muted').first().waitFor({ timeout: 10_000 });
  await page.waitForTimeout(300);
  return page;
}

/** The local server on its usual port when free (the popup then says "Local"), else any port, self-hosted. */
async function startServer(): Promise<TestServer> {
  try {
    return await startTestServer({ port: 3122 });
  } catch {
    return await startTestServer();
  }
}

async function main(): Promise<void> {
  const flag = process.argv.indexOf('--lang');
  const only = flag > 0 ? (process.argv[flag + 1] ?? '').split(',') : null;
  for (const { lang, dir } of LANGUAGES) {
    if (only && !only.includes(lang) && !only.includes(dir)) continue;
    OUT = resolve(ROOT, dir);
    console.log(`\n${lang}`);
    await shootLanguage(lang);
  }
  console.log(`\n${taken.length} screenshots in screenshots/`);
  if (skipped.length) console.log(`not produced:\n  ${skipped.join('\n  ')}`);
  if (violations.length) console.log(`accessibility violations (serious or critical):\n  ${violations.join('\n  ')}`);
  if (taken.length === 0 || violations.length) process.exitCode = 1;
}

/** Every state, from a fresh profile and a fresh server, with Chromium in `lang`. */
async function shootLanguage(lang: string): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const server = await startServer();
  const ext = await launchExtension({ colorScheme: 'light', lang });
  console.log(`server ${server.url}, extension ${ext.extensionId}`);
  try {
    await ext.context.route('http://127.0.0.1:9/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: PAGE_HTML }),
    );
    const article = await ext.context.newPage();
    // A fresh profile may open the welcome/options tab at install, interrupting the first navigation: try again.
    await article.goto(PAGE_URL).catch(() => article.goto(PAGE_URL));
    const articleTab = await ext.tabIdOf(article);

    if (server.port !== 3122) {
      const saved = await ext.send({ type: 'ui:connection-save', mode: 'self-hosted', apiUrl: server.url });
      if (!saved.ok) throw new Error(`could not point the extension at ${server.url}: ${saved.error.message}`);
    }

    await state('popup first run', async () => {
      const popup = await openPopup(ext, articleTab, 'light');
      await popup.locator('main.first-run').waitFor({ timeout: 5_000 });
      await shot(popup, 'popup-first-run');
      await popup.close();
    });

    // Connected, with a few saves in Recent.
    const tested = await ext.send({ type: 'ui:connection-test' });
    if (!tested.ok || tested.value.result !== 'connected') {
      throw new Error(`the extension cannot reach ${server.url}: ${JSON.stringify(tested)}`);
    }
    await quickSave(ext, 'Prefers 2-space indentation in TypeScript; tabs only in Makefiles.', {
      namespace: 'style',
      tags: ['typescript', 'formatting'],
      tabId: articleTab,
    });
    await quickSave(ext, 'Deploys go out on Tuesdays and Thursdays, never on Fridays.', {
      namespace: 'team',
      tags: ['ops'],
    });
    await quickSave(ext, 'Uses pnpm, not npm, in the monorepo.', { namespace: 'default', tags: ['tooling'] });
    await eventually(async () => (await status(ext)).recent.length >= 3);

    for (const scheme of ['light', 'dark'] as const) {
      await state(`side panel ${scheme}`, async () => {
        const panel = await ext.context.newPage();
        await panel.setViewportSize({ width: 400, height: 700 });
        await panel.emulateMedia({ colorScheme: scheme });
        await panel.goto(ext.popupUrl(articleTab).replace('src/popup/index.html', 'src/sidepanel/index.html'));
        // by position, not by label: the same steps in every language (the views are This page, Recent, All)
        await panel.locator('.sidepanel-views button').nth(2).click();
        await panel.locator('.sidepanel-item').first().waitFor({ timeout: 5_000 });
        // one memory chosen, so the Insert selected / Copy as prompt bar shows
        await panel.locator('.sidepanel-select input').first().check();
        await panel.waitForTimeout(300);
        await shot(panel, `sidepanel-${scheme}`);
        await panel.close();
      });
    }

    await state('popup main with pending items', async () => {
      // The server fails every write for now: new saves wait in the outbox with a retry time.
      server.control.faults.push({
        status: 503,
        body: { error: 'unavailable' },
        times: 1_000,
        method: 'POST',
        pathPrefix: '/api/memories',
      });
      await quickSave(ext, 'Standup moved to 9:30 from next week.', { namespace: 'team' });
      await quickSave(ext, 'Staging database is reset every Sunday night.', { namespace: 'ops', tags: ['staging'] });
      await quickSave(ext, 'Prefers small PRs, under 400 lines.', { namespace: 'style' });
      await eventually(async () => {
        const s = await status(ext);
        return s.pending + s.inFlight >= 3 && (s.retryAt !== null || s.nextAttemptAt !== null);
      });
      await article.evaluate(() => {
        const range = document.createRange();
        range.selectNodeContents(document.getElementById('fact')!);
        getSelection()!.removeAllRanges();
        getSelection()!.addRange(range);
      });
      const popup = await openPopup(ext, articleTab, 'light');
      await shot(popup, 'popup-pending');
      await popup.close();
    });

    // Let the server answer again and drain the outbox.
    server.control.faults.length = 0;
    await ext.send({ type: 'ui:outbox-retry' });
    await eventually(async () => {
      const s = await status(ext);
      return s.pending + s.inFlight === 0;
    }, 30_000);

    await state('popup with parked items', async () => {
      server.control.faults.push({
        status: 400,
        body: {
          error: 'invalid_namespace',
          message: 'Namespace "Team Notes!" may only contain letters, digits, - and _.',
        },
        times: 1,
        method: 'POST',
        pathPrefix: '/api/memories',
      });
      await quickSave(ext, 'Release checklist lives in the wiki under Ops → Releases.', { namespace: 'Team Notes!' });
      await eventually(async () => (await status(ext)).items.some((i) => i.state === 'parked'));
      server.control.faults.push({
        status: 413,
        body: {
          error: 'payload_too_large',
          message: 'Memory exceeds 256 KB',
          max_bytes: MAX_CONTENT_BYTES,
          received_bytes: 301_877,
        },
        times: 1,
        method: 'POST',
        pathPrefix: '/api/memories',
      });
      await quickSave(ext, 'Architecture decision record: event sourcing for the billing service (full text below)…');
      await eventually(async () => (await status(ext)).items.filter((i) => i.state === 'parked').length >= 2);
      const popup = await openPopup(ext, articleTab, 'light');
      await shot(popup, 'popup-parked');
      await popup.close();
    });

    // Clear the parked items for the next state.
    for (const item of (await status(ext)).items) await ext.send({ type: 'ui:outbox-discard', id: item.id });

    await state('popup paused by 402 with quota meter', async () => {
      const used = server.control.memories().length;
      server.control.setOptions({ quota: { memories: used, plan: 'free' } });
      await quickSave(ext, 'Prefers dark mode in every editor.', { namespace: 'style' });
      await quickSave(ext, 'On call rotation changes every Monday at 10:00.', { namespace: 'team' });
      await eventually(async () => (await status(ext)).paused?.kind === 'quota');
      const popup = await openPopup(ext, articleTab, 'light');
      await shot(popup, 'popup-quota');
      await popup.close();
    });

    await state('options light', async () => {
      const options = await openOptions(ext, 'light');
      await shot(options, 'options-light');
      await options.close();
    });
    await state('options dark', async () => {
      const options = await openOptions(ext, 'dark');
      await shot(options, 'options-dark');
      await options.close();
    });

    await state('popup dark', async () => {
      // Back under quota. (A chat tab's URL is hidden from the extension unless a real toolbar click granted
      // activeTab, so the "This site" section cannot be produced with the popup opened as a page.)
      server.control.setOptions({ quota: null });
      await ext.send({ type: 'ui:outbox-retry' });
      await eventually(async () => {
        const s = await status(ext);
        return s.paused === null && s.pending + s.inFlight === 0;
      }, 30_000);
      const popup = await openPopup(ext, articleTab, 'dark');
      await shot(popup, 'popup-dark');
      await popup.close();
    });
  } finally {
    await ext.close();
    await server.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
