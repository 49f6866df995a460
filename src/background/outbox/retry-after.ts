/**
 * Retry-After (RFC 9110 §10.2.3): delta-seconds or an HTTP-date. The API documents seconds; proxies and other
 * deployments send dates. The wait is clamped to 1 s – 1 h so a bogus header can neither hammer the server nor
 * stall the outbox for days. Anything unparsable (garbage, negative, empty) → null, and the caller backs off.
 */
export const MIN_RETRY_AFTER_MS = 1_000;
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1_000;

const clamp = (ms: number) => Math.min(MAX_RETRY_AFTER_MS, Math.max(MIN_RETRY_AFTER_MS, ms));

const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

/** The three HTTP-date forms (RFC 9110 §5.6.7), all in GMT; epoch ms or null. */
function parseHttpDate(value: string): number | null {
  // IMF-fixdate (Sun, 06 Nov 1994 08:49:37 GMT) and obsolete RFC 850 (Sunday, 06-Nov-94 08:49:37 GMT): day first.
  const dayFirst =
    /^[A-Za-z]{3},\s+(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2}):(\d{2})\s+GMT$/.exec(value) ??
    /^[A-Za-z]+,\s+(\d{2})-([A-Za-z]{3})-(\d{2})\s+(\d{2}):(\d{2}):(\d{2})\s+GMT$/.exec(value);
  // Obsolete asctime (Sun Nov  6 08:49:37 1994): no zone written, and it is GMT (never the local zone).
  const asctime = dayFirst
    ? null
    : /^[A-Za-z]{3}\s+([A-Za-z]{3})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+(\d{4})$/.exec(value);
  if (!dayFirst && !asctime) return null;
  const [day = '', month = '', year = '', hh = '', mm = '', ss = ''] = dayFirst
    ? dayFirst.slice(1)
    : [asctime![2], asctime![1], asctime![6], asctime![3], asctime![4], asctime![5]];
  const monthIndex = MONTHS.indexOf(month.charAt(0).toUpperCase() + month.slice(1).toLowerCase());
  if (monthIndex < 0) return null;
  // Two-digit years (RFC 850) are read as the nearest past century, as the RFC advises.
  const fullYear = year.length === 2 ? 1900 + Number(year) + (Number(year) < 70 ? 100 : 0) : Number(year);
  const at = Date.UTC(fullYear, monthIndex, Number(day), Number(hh), Number(mm), Number(ss));
  // Date.UTC rolls impossible dates over (31 Feb → 3 Mar); such a header is garbage, not a date.
  const check = new Date(at);
  if (Number.isNaN(at) || check.getUTCDate() !== Number(day) || check.getUTCMonth() !== monthIndex) return null;
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 60) return null;
  return at;
}

/** Milliseconds to wait from `now`, or null when the header says nothing usable. */
export function parseRetryAfter(header: string | null | undefined, now: number): number | null {
  if (header == null) return null;
  const value = header.trim();
  if (value === '') return null;
  // Any run of digits is delta-seconds; one too long to represent means "very long" (RFC 9111 §1.2.2): the cap.
  if (/^\d+$/.test(value)) return value.length > 12 ? MAX_RETRY_AFTER_MS : clamp(Number(value) * 1_000);
  const at = parseHttpDate(value);
  return at === null ? null : clamp(at - now);
}
