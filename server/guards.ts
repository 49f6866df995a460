/**
 * The local API holds a person's memories on a port any web page can reach, so it refuses what only a web page would
 * send: a page's Origin (cross-site requests) and a non-loopback Host (DNS rebinding, where evil.example resolves to
 * 127.0.0.1 and the browser then treats our replies as same-origin to the attacker's page).
 */
import { isIP } from 'node:net';

const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension|safari-web-extension):\/\/[^/]+$/i;

/** True for an Origin header value an extension sends (service worker, popup or options page). */
export function isExtensionOrigin(origin: string): boolean {
  return EXTENSION_ORIGIN.test(origin);
}

/**
 * An allowlist entry in canonical form (lower case, no trailing slash), or null when it is not an extension origin.
 * Chrome ids and Firefox UUIDs are lower case, so comparing canonical forms is exact.
 */
export function normalizeExtensionOrigin(value: string): string | null {
  const origin = value.trim().replace(/\/$/, '').toLowerCase();
  return isExtensionOrigin(origin) ? origin : null;
}

/**
 * Another installed extension is as able as ours to send an extension Origin, so only the allowed ones are served
 * (`allowed` holds canonical origins); `anyExtension` is for test harnesses that load an unpinned build.
 */
export function isAllowedExtensionOrigin(origin: string, allowed: ReadonlySet<string>, anyExtension: boolean): boolean {
  if (!isExtensionOrigin(origin)) return false;
  return anyExtension || allowed.has(origin.toLowerCase());
}

/** The host name of a Host header, without port or IPv6 brackets; null when it cannot be read. */
export function hostNameOf(hostHeader: string): string | null {
  const value = hostHeader.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    if (end < 0) return null;
    const rest = value.slice(end + 1);
    if (rest !== '' && !/^:\d*$/.test(rest)) return null;
    return value.slice(1, end);
  }
  const match = /^([^:]+)(?::\d*)?$/.exec(value);
  return match ? (match[1] as string) : null;
}

/** localhost, any 127.0.0.0/8 literal, or ::1: names a rebinding attacker cannot point at us. */
export function isLoopbackHostName(name: string): boolean {
  if (name === 'localhost' || name === 'localhost.') return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  if (isIP(name) === 6) return name === '::1' || name === '0:0:0:0:0:0:0:1';
  return false;
}

/** Whether the server listens on loopback only; the Host guard is only meaningful (and only applied) then. */
export function isLoopbackBindAddress(host: string): boolean {
  const name = host.startsWith('[') ? host.slice(1, -1) : host;
  return isLoopbackHostName(name.toLowerCase());
}

/**
 * Sliding window over the arrival times of the writes it let through, one window per key (token). A rejected
 * request does not count: a client that waits for Retry-After is then guaranteed a slot.
 */
export class WriteRateLimiter {
  private readonly arrivals = new Map<string, number[]>();

  /** Records the write and returns null when allowed; otherwise the milliseconds until a slot frees up. */
  take(key: string, now: number, limit: { max: number; windowMs: number }): number | null {
    const windowStart = now - limit.windowMs;
    const times = (this.arrivals.get(key) ?? []).filter((time) => time > windowStart);
    if (times.length >= limit.max) {
      this.arrivals.set(key, times);
      // A slot frees when enough of the oldest arrivals leave the window (more than one if max was lowered).
      // With max <= 0 every write is refused; asking for a whole window is as good an answer as any.
      const oldest = times[times.length - limit.max] ?? now;
      return Math.max(1, oldest + limit.windowMs - now);
    }
    times.push(now);
    this.arrivals.set(key, times);
    return null;
  }

  clear(): void {
    this.arrivals.clear();
  }
}

/** Retry-After in whole seconds, rounded up and never 0 (a 0 invites an immediate retry that fails again). */
export function retryAfterSeconds(waitMs: number): number {
  return Math.max(1, Math.ceil(waitMs / 1000));
}
