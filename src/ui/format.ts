/**
 * Plain-words formatting shared by the popup and the options page: sizes, clock times, relative times, errors.
 * Pure functions of their inputs and the UI language (Intl formats with it); `now` is a parameter so tests do not
 * depend on the clock.
 */
import { formatNumber, t, uiLanguage, type MessageKey } from '../shared/i18n';
import { chatSiteLabel } from '../shared/chat-sites';
import { POPUP_SOURCE_REF, chatSiteOfRef } from '../shared/source-ref';

const DAY_MS = 86_400_000;

/** A number with at most `decimals` fraction digits, in the UI language ("1.2", "1,2"). */
function decimal(n: number, decimals: number): string {
  return new Intl.NumberFormat(uiLanguage(), {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(n);
}

/**
 * "1.2 KB", "256 KB", "3.4 MB" (French "1,2 Ko"); KB = 1024 bytes, matching how the API counts its 256 KB limit.
 * `roundUp` for sizes over a limit, so 256 KB + 10 bytes reads "257 KB", not a confusing "256 KB / 256 KB".
 */
export function formatBytes(bytes: number, roundUp = false): string {
  if (bytes < 1024) return t('ui_size_bytes', formatNumber(bytes));
  const round = (n: number, decimals: number) => {
    const f = 10 ** decimals;
    return (roundUp ? Math.ceil(n * f) : Math.round(n * f)) / f;
  };
  const scaled = (n: number) => (n < 10 ? decimal(round(n, 1), 1) : decimal(round(n, 0), 0));
  const kb = bytes / 1024;
  if (kb < 1024) return t('ui_size_kb', scaled(kb));
  return t('ui_size_mb', scaled(kb / 1024));
}

/** Spaces inside a time or date become no-break ones: "10:16 AM" must not wrap before "AM". */
function unbroken(text: string): string {
  return text.replace(/ /g, '\u00a0');
}

/** The clock time in the UI language's own style ("2:05 PM", "14:05", "14:05"). */
export function clockTime(at: number): string {
  return unbroken(new Intl.DateTimeFormat(uiLanguage(), { hour: 'numeric', minute: '2-digit' }).format(at));
}

function startOfDay(at: number): number {
  const d = new Date(at);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** "2:15 PM" today, "tomorrow 12:00 AM", or "Nov 25, 8:30 AM" further away, so a time alone is never ambiguous. */
export function untilText(at: number, now = Date.now()): string {
  const days = Math.round((startOfDay(at) - startOfDay(now)) / DAY_MS);
  if (days === 0) return clockTime(at);
  if (days === 1) return t('ui_until_tomorrow', clockTime(at));
  return unbroken(
    new Intl.DateTimeFormat(uiLanguage(), {
      day: 'numeric',
      month: 'short',
      hour: 'numeric',
      minute: '2-digit',
    }).format(at),
  );
}

/**
 * The relative-time formats, built once per UI language: a list of memories asks for one per row, and building an
 * Intl format costs far more than using one.
 */
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();
function relativeFormat(style: 'short' | 'long'): Intl.RelativeTimeFormat {
  const language = uiLanguage();
  const key = `${language} ${style}`;
  let format = relativeFormats.get(key);
  if (!format) {
    format = new Intl.RelativeTimeFormat(language, { numeric: 'auto', style });
    relativeFormats.set(key, format);
  }
  return format;
}

/** "just now", "5 min. ago", "3 hr. ago", "yesterday", "3 days ago", in the UI language. */
export function relativeTime(at: number, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 45) return t('ui_time_just_now');
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return relativeFormat('short').format(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 24) return relativeFormat('short').format(-hours, 'hour');
  const days = Math.round(hours / 24);
  return relativeFormat('long').format(-days, 'day');
}

export type UiError = { code: string; message: string };

const FALLBACK_BY_CODE: Record<string, MessageKey> = {
  'bad-message': 'ui_error_bad_message',
  forbidden: 'ui_error_forbidden',
  'not-found': 'ui_error_not_found',
  invalid: 'ui_error_invalid',
  'too-large': 'ui_error_too_large',
  unavailable: 'ui_error_unavailable',
  internal: 'ui_error_internal',
};

/**
 * An error as one readable sentence: the background's message when it is plain text, else a sentence for its code.
 * Never "[object Object]" and never a stack trace, whatever reached us.
 */
export function errorText(error: unknown): string {
  const code = error && typeof error === 'object' && 'code' in error ? String((error as UiError).code) : 'internal';
  const raw = error && typeof error === 'object' && 'message' in error ? (error as UiError).message : undefined;
  const firstLine = typeof raw === 'string' ? (raw.split('\n')[0] ?? '').trim() : '';
  const looksBroken = !firstLine || firstLine.includes('[object ') || /^\s*at\s/.test(firstLine);
  return looksBroken ? t(FALLBACK_BY_CODE[code] ?? 'ui_error_internal') : firstLine;
}

/** Only http(s) links become hrefs: a `javascript:` source URL must never be clickable. */
export function safeHttpUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** "127.0.0.1:3122" from an API URL, for sentences; the input itself when it does not parse. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * A memory's `source_ref` that is not a web address, in words: the popup's quick save and a chat conversation are
 * named; anything else (written by another client) is shown as it is.
 */
export function sourceText(ref: string): string {
  if (ref === POPUP_SOURCE_REF) return t('sidepanel_source_popup');
  const site = chatSiteOfRef(ref);
  return site ? t('sidepanel_source_chat', chatSiteLabel(site)) : ref;
}
