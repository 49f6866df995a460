/**
 * Plain-words formatting shared by the popup and the options page: sizes, clock times, relative times, errors.
 * Pure functions; `now` is a parameter so tests do not depend on the clock.
 */

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * "1.2 KB", "256 KB", "3.4 MB"; KB = 1024 bytes, matching how the API counts its 256 KB limit. `roundUp` for sizes
 * over a limit, so 256 KB + 10 bytes reads "257 KB", not a confusing "256 KB / 256 KB".
 */
export function formatBytes(bytes: number, roundUp = false): string {
  if (bytes < 1024) return `${bytes} B`;
  const round = (n: number, decimals: number) => {
    const f = 10 ** decimals;
    return (roundUp ? Math.ceil(n * f) : Math.round(n * f)) / f;
  };
  const kb = bytes / 1024;
  if (kb < 1024) return kb < 10 ? `${round(kb, 1).toFixed(1)} KB` : `${round(kb, 0)} KB`;
  const mb = kb / 1024;
  return mb < 10 ? `${round(mb, 1).toFixed(1)} MB` : `${round(mb, 0)} MB`;
}

/** HH:MM in local time, 24-hour. */
export function clockTime(at: number): string {
  const d = new Date(at);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function startOfDay(at: number): number {
  const d = new Date(at);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** "14:05" today, "tomorrow 00:00", or "12 Oct 09:30" further away, so a time alone is never ambiguous. */
export function untilText(at: number, now = Date.now()): string {
  const days = Math.round((startOfDay(at) - startOfDay(now)) / 86_400_000);
  if (days === 0) return clockTime(at);
  if (days === 1) return `tomorrow ${clockTime(at)}`;
  const d = new Date(at);
  const month = d.toLocaleString('en', { month: 'short' });
  return `${d.getDate()} ${month} ${clockTime(at)}`;
}

/** "just now", "5 min ago", "3 h ago", "2 days ago". */
export function relativeTime(at: number, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  return days === 1 ? 'yesterday' : `${days} days ago`;
}

export type UiError = { code: string; message: string };

const FALLBACK_BY_CODE: Record<string, string> = {
  'bad-message': 'The extension did not understand that request. Reload the page and try again.',
  forbidden: 'That action is not allowed from here.',
  'not-found': 'That item no longer exists. It may have been sent or discarded already.',
  invalid: 'That value is not valid. Check it and try again.',
  'too-large': 'That is too large to save as one memory. Shorten it or save it in parts.',
  unavailable: 'The extension did not answer. Close this window and open it again.',
  internal:
    'Something went wrong inside the extension. Try again; if it keeps happening, copy the debug info from Settings → Diagnostics.',
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
  return looksBroken ? (FALLBACK_BY_CODE[code] ?? FALLBACK_BY_CODE.internal!) : firstLine;
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
