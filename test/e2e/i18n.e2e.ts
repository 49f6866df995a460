/**
 * The popup in the browser's language: Chromium started in German, then in Japanese, shows the extension's own
 * strings from that locale (chrome.i18n), the page's lang follows, and a save answers in that language.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { launchExtension, startTestServer, type Extension, type TestServer } from './harness';

let server: TestServer | undefined;
let ext: Extension | undefined;

afterEach(async () => {
  await ext?.close();
  await server?.close();
  ext = undefined;
  server = undefined;
});

const CASES = [
  { lang: 'de', memory: 'Erinnerung', heading: 'Schnell speichern', save: 'Speichern', saved: 'Gespeichert.' },
  { lang: 'ja', memory: 'メモリー', heading: 'クイック保存', save: '保存', saved: '保存しました。' },
];

describe('popup in the browser language', () => {
  for (const c of CASES) {
    it(`speaks ${c.lang}`, async () => {
      server = await startTestServer();
      ext = await launchExtension({ lang: c.lang });
      expect((await ext.send({ type: 'ui:connection-save', mode: 'self-hosted', apiUrl: server.url })).ok).toBe(true);
      expect((await ext.send({ type: 'ui:connection-test' })).ok).toBe(true);

      const popup = await ext.context.newPage();
      await popup.setViewportSize({ width: 360, height: 600 });
      await popup.goto(ext.popupUrl());
      const memory = popup.getByLabel(c.memory, { exact: true });
      await memory.waitFor();
      expect(await popup.evaluate(() => document.documentElement.lang)).toBe(c.lang);
      expect(await popup.getByRole('heading', { name: c.heading }).isVisible()).toBe(true);
      // Nothing English is left in the main view's headings.
      const headings = await popup.getByRole('heading').allTextContents();
      expect(headings.filter((h) => /\b(Quick save|Outbox|Recent saves)\b/.test(h))).toEqual([]);

      await memory.fill(`Ein Test in ${c.lang}.`);
      await popup.getByRole('button', { name: c.save, exact: true }).click();
      await popup.getByRole('status').filter({ hasText: c.saved }).first().waitFor();
    });
  }
});

/**
 * The side panel at a sidebar's 400 px in every language: each field's placeholder (its only visible label) is
 * shown whole, not cut (German's "Nach Namespace filtern" once read "Nach Namespace filterr…"). The text's width is
 * measured in the field's own font against the field's inner width.
 */
describe('side panel fields in every language', () => {
  for (const lang of ['en-US', 'de', 'es', 'fr', 'ja', 'zh-CN']) {
    it(`${lang}: the placeholders fit their fields at 400 px`, async () => {
      ext = await launchExtension({ lang });
      const panel = await ext.context.newPage();
      await panel.setViewportSize({ width: 400, height: 700 });
      await panel.goto(ext.popupUrl().replace('src/popup/index.html', 'src/sidepanel/index.html'));
      await panel.locator('.sidepanel-filters input').first().waitFor();
      const cut = await panel.evaluate(() => {
        const context = document.createElement('canvas').getContext('2d')!;
        return Array.from(document.querySelectorAll<HTMLInputElement>('main.sidepanel input[placeholder]'))
          .map((input) => {
            const style = getComputedStyle(input, '::placeholder');
            context.font = style.font || getComputedStyle(input).font;
            const inner =
              input.clientWidth -
              parseFloat(getComputedStyle(input).paddingLeft) -
              parseFloat(getComputedStyle(input).paddingRight);
            return { text: input.placeholder, need: Math.ceil(context.measureText(input.placeholder).width), inner };
          })
          .filter(({ need, inner }) => need > inner);
      });
      expect(cut).toEqual([]);
      await panel.close();
    });
  }
});
