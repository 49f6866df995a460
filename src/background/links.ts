/**
 * Server-given links (a 402's `upgrade_url`) are opened only when they are safe: resolved against the API's
 * origin, and then only `https:` on that same origin — or, when the API itself is on loopback (local mode),
 * that loopback origin. `javascript:`, `data:`, plain http to other hosts and foreign hosts are refused.
 */
import { isLoopbackUrl } from '../shared/settings';

export function safeServerLink(link: string | null | undefined, apiUrl: string): string | null {
  if (!link) return null;
  let api: URL;
  let resolved: URL;
  try {
    api = new URL(apiUrl);
    resolved = new URL(link, api.origin + '/');
  } catch {
    return null;
  }
  if (resolved.username || resolved.password) return null;
  if (resolved.origin !== api.origin) return null;
  if (resolved.protocol === 'https:') return resolved.href;
  if (resolved.protocol === 'http:' && isLoopbackUrl(api.href)) return resolved.href;
  return null;
}
