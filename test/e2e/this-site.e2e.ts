/**
 * The popup over a chat tab: the site switch, the canary, "Save this chat" on a virtualized Claude thread (the test
 * plays the virtualizer: only rows in view are mounted), which must save every turn, and "Never capture this chat".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { eventually, launchExtension, startTestServer, type Extension, type TestServer } from './harness';

const LONG_URL = 'https://claude.ai/chat/5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d';
const CONVERSATION = 'claude:5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d';
let server: TestServer;
let ext: Extension;
let chat: Page;

beforeAll(async () => {
  server = await startTestServer();
  ext = await launchExtension();
  expect((await ext.send({ type: 'ui:connection-save', mode: 'self-hosted', apiUrl: server.url })).ok).toBe(true);
  expect((await ext.send({ type: 'ui:connection-test' })).ok).toBe(true);
  const html = readFileSync('test/fixtures/sites/claude/long.html', 'utf8');
  await ext.context.route('https://claude.ai/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
  );
  chat = await ext.context.newPage();
  await chat.setViewportSize({ width: 1200, height: 900 });
  await chat.goto(LONG_URL);
  // Play Claude's virtualizer: keep mounted only the rows in view (± a few), as the real list does.
  await chat.evaluate(() => {
    const scroller = document.querySelector<HTMLElement>('[data-autoscroll-container]')!;
    const list = document.querySelector<HTMLElement>('[aria-setsize]')!;
    const all = [...document.querySelector<HTMLTemplateElement>('template[data-fixture="all-rows"]')!.content.children];
    const mount = () => {
      const first = Math.max(0, Math.floor(scroller.scrollTop / 120) - 3);
      const last = Math.min(all.length - 1, Math.ceil((scroller.scrollTop + scroller.clientHeight) / 120) + 3);
      list.replaceChildren(...all.slice(first, last + 1).map((row) => row.cloneNode(true)));
    };
    scroller.addEventListener('scroll', mount);
    scroller.scrollTop = scroller.scrollHeight;
    mount();
  });
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
});

async function openPopup(): Promise<Page> {
  const popup = await ext.context.newPage();
  await popup.setViewportSize({ width: 360, height: 600 });
  await popup.goto(ext.popupUrl(await ext.tabIdOf(chat)));
  await popup.getByLabel('Capture chats on Claude').waitFor();
  return popup;
}

describe('This site', () => {
  it('switches capture for the site at once, from the popup', async () => {
    const popup = await openPopup();
    const toggle = popup.getByLabel('Capture chats on Claude');
    await expect.poll(() => toggle.isDisabled()).toBe(false);
    expect(await toggle.isChecked()).toBe(false);
    await toggle.check();
    await eventually(async () => {
      const settings = await ext.send({ type: 'ui:settings-get' });
      return settings.ok && settings.value.capture.sites.claude.enabled;
    });
    await popup.close();
  });

  it('"Save this chat" saves every turn of a virtualized thread, once', async () => {
    const popup = await openPopup();
    await popup.getByRole('button', { name: 'Save this chat' }).click();
    await popup
      .getByRole('status')
      .filter({ hasText: /Saved 32 turns/ })
      .waitFor({ timeout: 30_000 });
    const mine = () => server.control.memories().filter((m) => m.source_ref === CONVERSATION);
    await eventually(() => mine().length === 32, 30_000);
    expect(new Set(mine().map((m) => m.metadata.turn_key)).size).toBe(32);
    expect(mine().every((m) => m.metadata.manual === true)).toBe(true);
    // Again: the background's dedupe keeps it at one memory per turn.
    await popup.getByRole('button', { name: 'Save this chat' }).click();
    await popup
      .getByRole('status')
      .filter({ hasText: /already saved/ })
      .waitFor({ timeout: 30_000 });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(mine()).toHaveLength(32);
    await popup.close();
  });

  it('"Never capture this chat" is remembered and honoured', async () => {
    const popup = await openPopup();
    await popup.getByRole('button', { name: 'Never capture this chat' }).click();
    await popup.getByRole('button', { name: 'Allow capturing this chat' }).waitFor();
    const settings = await ext.send({ type: 'ui:settings-get' });
    expect(settings.ok && settings.value.capture.neverConversations).toEqual([CONVERSATION]);
    expect(await popup.getByRole('button', { name: 'Save this chat' }).isDisabled()).toBe(true);
    await popup.close();
  });
});
