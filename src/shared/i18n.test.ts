import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog, installFakeI18n, LOCALES_DIR } from '../../test/fakes/i18n';
import { formatNumber, plural, t, uiLanguage } from './i18n';

/** The six languages the extension ships; a folder more or less is a decision, so it fails here. */
const LOCALES = ['de', 'en', 'es', 'fr', 'ja', 'zh_CN'];
const english = catalog('en');
const pluralBases = Object.keys(english)
  .filter((key) => key.endsWith('_other'))
  .map((key) => key.slice(0, -'_other'.length));
const isPluralKey = (key: string) => pluralBases.some((base) => key.startsWith(`${base}_`));
const placeholderNames = (locale: string, key: string) =>
  Object.keys(catalog(locale)[key]?.placeholders ?? {})
    .map((name) => name.toLowerCase())
    .sort();
/** What a translation may keep from English: the brand, placeholders, punctuation and digits. */
const untranslatable = (message: string) =>
  message.replace(/Mnueron|\$[A-Za-z0-9_]+\$|https?:\/\/\S+|[^\p{L}]/gu, '').length === 0;

/**
 * Words a language really writes as English does: loanwords ("Cloud", "Tags", "Upgrade"), unit symbols, key names
 * printed on the keyboard. Each is a decision, listed here, so everything else must differ from English.
 */
const SAME_AS_ENGLISH: Record<string, string[]> = {
  de: ['ui_mode_cloud', 'ui_size_bytes', 'ui_size_kb', 'ui_size_mb', 'popup_qs_tags', 'popup_upgrade', 'options_pause'],
  es: ['ui_mode_local', 'ui_size_bytes', 'ui_size_kb', 'ui_size_mb'],
  fr: [
    'ui_mode_local',
    'ui_mode_cloud',
    'popup_quota',
    'popup_recent_source',
    'options_nav_capture',
    'options_pause',
    'options_mode',
    'diag_kind_capture',
  ],
  ja: ['ui_size_bytes', 'ui_size_kb', 'ui_size_mb', 'popup_qs_shortcut'],
  zh_CN: ['ui_size_bytes', 'ui_size_kb', 'ui_size_mb', 'popup_qs_shortcut'],
};

describe('locales', () => {
  it('has no plural family whose name starts another key, so no key is read as a plural form', () => {
    for (const base of pluralBases) {
      const stray = Object.keys(english).filter(
        (key) => key.startsWith(`${base}_`) && !/^(zero|one|two|few|many|other)$/.test(key.slice(base.length + 1)),
      );
      expect(stray, base).toEqual([]);
    }
  });

  it('ships exactly the six languages', () => {
    expect(readdirSync(LOCALES_DIR).sort()).toEqual(LOCALES);
  });

  for (const locale of LOCALES) {
    describe(locale, () => {
      const messages = catalog(locale);
      const categories = new Intl.PluralRules(locale.replace('_', '-')).resolvedOptions().pluralCategories;

      it('has every key, with the same placeholders', () => {
        const missing = Object.keys(english).filter((key) => !isPluralKey(key) && !messages[key]?.message);
        expect(missing).toEqual([]);
        for (const key of Object.keys(messages)) {
          if (!isPluralKey(key)) expect(placeholderNames(locale, key), key).toEqual(placeholderNames('en', key));
        }
      });

      it('has every plural form its language needs, and no others', () => {
        for (const base of pluralBases) {
          for (const category of categories) {
            expect(messages[`${base}_${category}`]?.message, `${base}_${category}`).toBeTruthy();
          }
          const extra = Object.keys(messages).filter(
            (key) => key.startsWith(`${base}_`) && !categories.includes(key.slice(base.length + 1) as never),
          );
          expect(extra).toEqual([]);
        }
      });

      it('has no key English lacks', () => {
        expect(Object.keys(messages).filter((key) => !english[key] && !isPluralKey(key))).toEqual([]);
      });

      if (locale !== 'en') {
        it('is translated, not English left in place', () => {
          const copied = Object.keys(messages).filter(
            (key) =>
              messages[key]?.message === english[key]?.message &&
              !untranslatable(english[key]?.message ?? '') &&
              !SAME_AS_ENGLISH[locale]?.includes(key),
          );
          expect(copied).toEqual([]);
        });
      }
    });
  }
});

/** Every .ts/.tsx file under src/, tests left out. */
function sourceFiles(dir = join(LOCALES_DIR, '../../src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe('keys used in the code', () => {
  it('all exist in the catalogs (a cast or a table of keys cannot slip past the types)', () => {
    const known = new Set([...Object.keys(english), ...pluralBases]);
    const used = new Set<string>();
    for (const file of sourceFiles()) {
      for (const match of readFileSync(file, 'utf8').matchAll(/'((?:popup|options|ui|bg|badge|access)_[a-z0-9_]+)'/g)) {
        used.add(match[1]!);
      }
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((key) => !known.has(key))).toEqual([]);
  });
});

describe('t', () => {
  it('reads the browser language and falls back to English', () => {
    expect(t('extName')).toBe('Mnueron');
    installFakeI18n('de');
    expect(t('commandOpenPopup')).toBe('Mnueron öffnen');
    expect(uiLanguage()).toBe('de');
  });

  it('shows the key, not a blank, where the browser has no strings', () => {
    (globalThis as { chrome?: unknown }).chrome = undefined;
    expect(t('extName')).toBe('extName');
    expect(uiLanguage()).toBe('en');
  });

  it('formats numbers and picks plural forms by language', () => {
    expect(formatNumber(1234)).toBe('1,234');
    installFakeI18n('de');
    expect(formatNumber(1234)).toBe('1.234');
  });

  it('builds one number format per language, not one per number (each costs the worker milliseconds)', () => {
    const Original = Intl.NumberFormat;
    let built = 0;
    class Counted extends Original {
      constructor(...args: ConstructorParameters<typeof Intl.NumberFormat>) {
        super(...args);
        built++;
      }
    }
    Intl.NumberFormat = Counted as typeof Intl.NumberFormat;
    try {
      installFakeI18n('en');
      formatNumber(1_234);
      plural('badge_waiting', 2_000);
      plural('badge_parked', 3_000);
      const inEnglish = built;
      expect(inEnglish).toBeLessThanOrEqual(1);
      installFakeI18n('de');
      expect(formatNumber(1234)).toBe('1.234');
      expect(formatNumber(5678)).toBe('5.678');
      expect(built - inEnglish).toBe(1);
    } finally {
      Intl.NumberFormat = Original;
    }
  });

  it('writes small counts without building a number format, as every shipped language writes them', () => {
    const Original = Intl.NumberFormat;
    let built = 0;
    class Counted extends Original {
      constructor(...args: ConstructorParameters<typeof Intl.NumberFormat>) {
        super(...args);
        built++;
      }
    }
    try {
      for (const locale of LOCALES) {
        installFakeI18n(locale);
        const language = uiLanguage();
        Intl.NumberFormat = Counted as typeof Intl.NumberFormat;
        const before = built;
        const small = [0, 1, 7, 42, 999].map(formatNumber);
        expect(built - before, locale).toBe(0);
        Intl.NumberFormat = Original;
        expect(small, locale).toEqual([0, 1, 7, 42, 999].map((n) => new Original(language).format(n)));
      }
    } finally {
      Intl.NumberFormat = Original;
    }
  });

  it('picks the plural form of the language, with the count formatted for it', () => {
    expect(plural('badge_parked', 1)).toBe('1 capture needs your attention');
    expect(plural('badge_parked', 2)).toBe('2 captures need your attention');
    installFakeI18n('fr');
    expect(plural('badge_parked', 0)).toBe('0 capture demande votre attention');
    expect(plural('badge_parked', 1_000_000)).toBe('1\u202f000\u202f000 de captures demandent votre attention');
    installFakeI18n('ja');
    expect(plural('badge_waiting', 1)).toBe('送信待ち：1 件');
  });

  it('substitutes placeholders', () => {
    expect(t('badge_degraded', 'chatgpt, claude')).toBe('Capture degraded on chatgpt, claude');
  });
});
