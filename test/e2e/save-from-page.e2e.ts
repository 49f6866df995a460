/**
 * Saving from an ordinary page: the context-menu handler (the exact function the menu calls) reads the selection
 * through scripting, keeps its line breaks, and the memory reaches the real server with all its provenance.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memorySchema } from '../../src/shared/api-schema';
import { eventually, launchExtension, startTestServer, type Extension, type TestServer } from './harness';
import { ARTICLE_HTML, PAGE_ORIGIN, servePages } from './pages';

// A payment widget as design systems build them: the card field lives in a closed shadow root, so the page's
// document.activeElement is only the host.
const CHECKOUT_HTML = `<!doctype html><html><head><title>Checkout</title></head><body>
<h1>Checkout</h1>
<pay-form id="pay"></pay-form>
<script>
  const root = document.getElementById('pay').attachShadow({ mode: 'closed' });
  root.innerHTML = '<label>Card number <input id="card" autocomplete="cc-number" value="4242 4242 4242 4242"></label>';
  window.focusCard = () => {
    const input = root.getElementById('card');
    input.focus();
    input.select();
  };
</script>
</body></html>`;

let server: TestServer;
let ext: Extension;

beforeAll(async () => {
  server = await startTestServer();
  ext = await launchExtension();
  await servePages(ext.context, { '/article.html': ARTICLE_HTML, '/checkout.html': CHECKOUT_HTML });
  const saved = await ext.send({ type: 'ui:connection-save', mode: 'self-hosted', apiUrl: server.url });
  expect(saved.ok).toBe(true);
  const defaults = await ext.send({
    type: 'ui:settings-update',
    patch: { defaults: { namespace: 'reading', tags: ['web'] } },
  });
  expect(defaults.ok).toBe(true);
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
});

async function menuClick(info: Record<string, unknown>, pageUrl: string) {
  const page = ext.context.pages().find((p) => p.url() === pageUrl)!;
  const tabId = await ext.tabIdOf(page);
  const sw = await ext.worker();
  return sw.evaluate(
    ({ info, tab }) =>
      (
        globalThis as unknown as { __mnueron: { saveFromPage(i: unknown, t: unknown): Promise<unknown> } }
      ).__mnueron.saveFromPage(info, tab),
    {
      info: { menuItemId: 'mnueron-save', pageUrl, frameId: 0, ...info },
      tab: { id: tabId, url: pageUrl, title: 'Indentation notes' },
    },
  );
}

describe('Save to Mnueron from a page', () => {
  it('saves the selection with its line breaks and full provenance', async () => {
    const url = `${PAGE_ORIGIN}/article.html`;
    const page = await ext.context.newPage();
    await page.goto(url);
    await page.evaluate(() => {
      const range = document.createRange();
      range.setStartBefore(document.getElementById('first')!);
      range.setEndAfter(document.getElementById('second')!);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    });
    // The menu's own selectionText has its whitespace collapsed; the saved text must not.
    const result = (await menuClick(
      { selectionText: 'Prefers 2-space indentation in JavaScript. Tabs only in Makefiles.' },
      url,
    )) as {
      status: string;
    };
    expect(result.status).toBe('saved');
    const [memory] = await eventually(() =>
      server.control.memories().length === 1 ? server.control.memories() : null,
    );
    const parsed = memorySchema().parse(memory);
    expect(parsed.content).toMatch(/Prefers 2-space indentation in JavaScript\.\n+Tabs only in Makefiles\./);
    expect(parsed.source).toBe('chrome-extension');
    expect(parsed.source_ref).toBe(url);
    expect(parsed.namespace).toBe('reading');
    expect(parsed.tags).toEqual(['web']);
    expect(parsed.metadata).toMatchObject({ title: 'Indentation notes', url, capture_kind: 'selection' });
    expect(typeof parsed.metadata.captured_at).toBe('number');
    expect(String(parsed.metadata.idempotency_key)).toMatch(/[0-9a-f-]{36}/);
    // The user sees a confirmation in the page.
    expect(await page.locator('#mnueron-toast-host').count()).toBe(1);
  });

  it('saves a selection inside a text field, and never a password field', async () => {
    const url = `${PAGE_ORIGIN}/article.html`;
    const page = ext.context.pages().find((p) => p.url() === url)!;
    await page.evaluate(() => {
      const area = document.getElementById('notes') as HTMLTextAreaElement;
      area.focus();
      area.setSelectionRange(0, area.value.length);
    });
    await menuClick({ selectionText: 'line one line two' }, url);
    await eventually(() => server.control.memories().some((m) => m.content === 'line one\nline two'));

    const before = server.control.memories().length;
    await page.evaluate(() => {
      const pw = document.getElementById('pw') as HTMLInputElement;
      pw.focus();
      pw.select();
    });
    const refused = await menuClick({ selectionText: 'hunter2-secret' }, url);
    expect(refused).toBeNull();
    await new Promise((r) => setTimeout(r, 500));
    expect(server.control.memories().length).toBe(before);
    expect(server.control.memories().some((m) => m.content.includes('hunter2'))).toBe(false);
  });

  it('never reads a card number focused inside a closed shadow root, and says why', async () => {
    const url = `${PAGE_ORIGIN}/checkout.html`;
    const page = await ext.context.newPage();
    await page.goto(url);
    await page.evaluate(() => (window as unknown as { focusCard(): void }).focusCard());
    // The page itself only sees the host; the selection really is the card number.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('pay');
    const before = server.control.memories().length;
    // What a right-click on the selected field hands the menu handler.
    const refused = await menuClick({ selectionText: '4242 4242 4242 4242', editable: true }, url);
    expect(refused).toBeNull();
    await new Promise((r) => setTimeout(r, 500));
    expect(server.control.memories().length).toBe(before);
    expect(server.control.memories().some((m) => m.content.includes('4242'))).toBe(false);
    // Newest first. The reason given is the secret-field rule: the reader reached the input through the closed root.
    const diagnostics = (await ext.send({ type: 'ui:diagnostics' })) as {
      ok: boolean;
      value: Array<{ kind: string; outcome: string; detail?: string }>;
    };
    expect(diagnostics.value.filter((d) => d.kind === 'capture' && d.outcome === 'refused')[0]?.detail).toBe(
      'Nothing saved: password and payment fields are never captured.',
    );
    expect(await page.locator('#mnueron-toast-host').count()).toBe(1);
    await page.close();
  });

  it('saves a link and the page itself', async () => {
    const url = `${PAGE_ORIGIN}/article.html`;
    const page = ext.context.pages().find((p) => p.url() === url)!;
    await page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      getSelection()!.removeAllRanges();
    });
    await menuClick({ linkUrl: 'https://example.com/style' }, url);
    await menuClick({}, url);
    const memories = await eventually(() => {
      const all = server.control.memories();
      const link = all.find((m) => m.metadata.capture_kind === 'link');
      const whole = all.find((m) => m.metadata.capture_kind === 'page');
      return link && whole ? { link, whole } : null;
    });
    expect(memories.link.content).toContain('https://example.com/style');
    expect(memories.whole.content).toContain('Indentation notes');
    expect(memories.whole.content).toContain('How the team formats code');
  });

  it('the keyboard shortcut saves the selection of the active tab', async () => {
    const url = `${PAGE_ORIGIN}/article.html`;
    const page = ext.context.pages().find((p) => p.url() === url)!;
    await page.evaluate(() => {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById('second')!);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    });
    const tabId = await ext.tabIdOf(page);
    const sw = await ext.worker();
    // What commands.onCommand('save-selection') calls.
    await sw.evaluate(
      ({ tab }) =>
        (
          globalThis as unknown as { __mnueron: { saveSelectionOfTab(t: unknown): Promise<unknown> } }
        ).__mnueron.saveSelectionOfTab(tab),
      { tab: { id: tabId, url, title: 'Indentation notes' } },
    );
    await eventually(() =>
      server.control
        .memories()
        .some((m) => m.content === 'Tabs only in Makefiles.' && m.metadata.capture_kind === 'selection'),
    );
    const manifest = await sw.evaluate(() =>
      (globalThis as unknown as { chrome: typeof chrome }).chrome.runtime.getManifest(),
    );
    expect(Object.keys(manifest.commands ?? {})).toEqual(expect.arrayContaining(['save-selection', '_execute_action']));
  });

  it('re-creates the context menu on every start-up', async () => {
    const menuExists = async () => {
      const sw = await ext.worker();
      return sw.evaluate(
        () =>
          new Promise<boolean>((resolve) => {
            const c = (globalThis as unknown as { chrome: typeof chrome }).chrome;
            // update() fails for an id that does not exist: the only way to ask whether a menu is registered.
            c.contextMenus.update('mnueron-save', {}, () => resolve(!c.runtime.lastError));
          }),
      );
    };
    expect(await menuExists()).toBe(true);
    const sw = await ext.worker();
    await sw.evaluate(() => (globalThis as unknown as { chrome: typeof chrome }).chrome.contextMenus.removeAll());
    expect(await menuExists()).toBe(false);
    await ext.killServiceWorker();
    await eventually(() => menuExists(), 10_000);
  });
});
