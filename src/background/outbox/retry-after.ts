/**
 * Retry-After (RFC 9110 §10.2.3): delta-seconds or an HTTP-date. The API documents seconds; proxies and other
 * deployments send dates. The wait is clamped to 1 s – 1 h so a bogus header can neither hammer the server nor
 * stall the outbox for days. Anything unparsable (garbage, negative, empty) → null, and the caller backs off.
 */
export const MIN_RETRY_AFTER_MS = 1_000;
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1_000;

const clamp = (ms: number) => Math.min(MAX_RETRY_AFTER_MS, Math.max(MIN_RETRY_AFTER_MS, ms));

/** Milliseconds to wait from `now`, or null when the header says nothing usable. */
export function parseRetryAfter(header: string | null | undefined, now: number): number | null {
  if (header == null) return null;
  const value = header.trim();
  if (value === '') return null;
  if (/^\d{1,12}$/.test(value)) return clamp(Number(value) * 1_000);
  // Only date-looking values go to Date.parse (it accepts oddities like "1" or "-5" as years otherwise).
  if (
    !/^[A-Za-z]{3},\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{2}:\d{2}:\d{2}\s+GMT$/.test(value) &&
    !/^[A-Za-z]+,\s+\d{2}-[A-Za-z]{3}-\d{2}\s+\d{2}:\d{2}:\d{2}\s+GMT$/.test(value) &&
    !/^[A-Za-z]{3}\s+[A-Za-z]{3}\s+[\d ]\d\s+\d{2}:\d{2}:\d{2}\s+\d{4}$/.test(value)
  ) {
    return null;
  }
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return clamp(at - now);
}
