/**
 * Renders public/icons/icon.svg to the PNG sizes the manifest names, with the same Chromium the tests use.
 * Run after changing the SVG: `node --import tsx scripts/icons.ts`. The PNGs are committed.
 */
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { findChromium } from './browsers';

const svg = readFileSync(new URL('./icon.svg', import.meta.url), 'utf8');
const browser = await chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
for (const size of [16, 32, 48, 128]) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
  );
  await page.screenshot({ path: `public/icons/icon${size}.png`, omitBackground: true });
}
await browser.close();
console.log('icons written');
