/**
 * `chrome.i18n` as the browser implements it, over the real `public/_locales/<lang>/messages.json` files: the
 * entry for the chosen language, else English (the manifest's default_locale); `$NAME$` placeholders resolved
 * through the entry's `placeholders` (`$1`…`$9` are the substitutions); `$$` is a literal dollar; an unknown key
 * gives "". Unit tests get it on `globalThis.chrome.i18n` (test/setup-unit.ts).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

type Entry = { message: string; description?: string; placeholders?: Record<string, { content: string }> };
export type Catalog = Record<string, Entry>;

// A path, not `new URL(…, import.meta.url)`: under happy-dom `URL` is the DOM's, which node:url does not accept.
export const LOCALES_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../public/_locales/');

const catalogs = new Map<string, Catalog>();

/** The parsed messages.json of one locale folder ("en", "zh_CN"…). */
export function catalog(locale: string): Catalog {
  let found = catalogs.get(locale);
  if (!found) {
    found = JSON.parse(readFileSync(`${LOCALES_DIR}${locale}/messages.json`, 'utf8')) as Catalog;
    catalogs.set(locale, found);
  }
  return found;
}

function substitute(text: string, substitutions: string[]): string {
  return text.replace(/\$(\d)/g, (_, digit: string) => substitutions[Number(digit) - 1] ?? '');
}

/** Chrome's rendering of one entry. */
export function render(entry: Entry, substitutions: string[]): string {
  const placeholders = Object.fromEntries(
    Object.entries(entry.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p.content]),
  );
  return entry.message
    .replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => {
      const content = placeholders[name.toLowerCase()];
      return content === undefined ? whole : substitute(content, substitutions);
    })
    .replace(/\$\$/g, '$');
}

export function createFakeI18n(locale = 'en') {
  return {
    getUILanguage: () => locale.replace('_', '-'),
    getMessage(key: string, substitutions?: string | string[]): string {
      const list = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
      const entry = catalog(locale)[key] ?? catalog('en')[key];
      return entry ? render(entry, list) : '';
    },
  };
}

/** Puts a fake i18n for `locale` on `globalThis.chrome`, keeping whatever else is there. */
export function installFakeI18n(locale = 'en'): void {
  const g = globalThis as { chrome?: Record<string, unknown> };
  g.chrome = { ...(g.chrome ?? {}), i18n: createFakeI18n(locale) };
}
