/**
 * Every user-facing string goes through here: `t(key)` reads `public/_locales/<lang>/messages.json` through the
 * browser's i18n API (the browser picks the language from its UI language and falls back to English, the
 * manifest's `default_locale`). Works in every context: pages, the background and content scripts.
 *
 * Keys are typed from the English file, so a misspelt key does not compile. Placeholders are the browser's own
 * (`$COUNT$` declared in the entry's `placeholders`); `t()` passes substitutions in order.
 *
 * Plurals: the browser's i18n has none, so a counted string is a family of keys `<base>_<category>` with the
 * CLDR categories of each language (`Intl.PluralRules`): English needs `_one` and `_other`, Japanese and Chinese
 * only `_other`, French and Spanish may add `_many`. `plural(base, n)` picks the category and falls back to
 * `_other`.
 */
import type englishMessages from '../../public/_locales/en/messages.json';

export type MessageKey = keyof typeof englishMessages;
/** Bases of plural families: every key ending in `_other`. */
export type PluralKey = MessageKey extends infer K ? (K extends `${infer B}_other` ? B : never) : never;

type I18nApi = { getMessage(key: string, substitutions?: string | string[]): string; getUILanguage(): string };

function api(): I18nApi | undefined {
  return (globalThis as { chrome?: { i18n?: I18nApi } }).chrome?.i18n;
}

/** The language the browser shows our strings in ("en", "de", "zh-CN"…), for Intl formatting. */
export function uiLanguage(): string {
  try {
    return api()?.getUILanguage() || 'en';
  } catch {
    return 'en';
  }
}

/**
 * The string for `key` in the user's language. A key the browser does not know (a build without the locales)
 * comes back as the key itself, visible rather than blank; the key-completeness test keeps that from shipping.
 */
export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  const message = api()?.getMessage(key, substitutions.map(String));
  return message || key;
}

let pluralRules: Intl.PluralRules | undefined;
let pluralRulesLanguage = '';

function pluralCategory(n: number): Intl.LDMLPluralRule {
  const language = uiLanguage();
  if (!pluralRules || pluralRulesLanguage !== language) {
    pluralRules = new Intl.PluralRules(language);
    pluralRulesLanguage = language;
  }
  return pluralRules.select(n);
}

/** A counted string: `plural('outbox_pending', 3)` → "3 waiting to be sent". The count is the first placeholder. */
export function plural(base: PluralKey, count: number, ...more: (string | number)[]): string {
  const formatted = formatNumber(count);
  const exact = `${base}_${pluralCategory(count)}`;
  const message = api()?.getMessage(exact, [formatted, ...more.map(String)]);
  if (message) return message;
  return t(`${base}_other` as MessageKey, formatted, ...more);
}

let numberFormat: Intl.NumberFormat | undefined;
let numberFormatLanguage = '';

/**
 * A number in the user's language ("1,234", "1.234", "1 234"). One format per language, and none for a whole
 * number below 1,000, which every shipped language writes as its digits (the test checks it against Intl): the
 * first Intl.NumberFormat of a worker costs about 25 ms of CPU (ICU's locale data), and the badge formats its
 * counts on every outbox change, so each capture woke the worker into that cost.
 */
export function formatNumber(n: number): string {
  if (Number.isInteger(n) && n >= 0 && n < 1000) return String(n);
  const language = uiLanguage();
  if (!numberFormat || numberFormatLanguage !== language) {
    numberFormat = new Intl.NumberFormat(language);
    numberFormatLanguage = language;
  }
  return numberFormat.format(n);
}
