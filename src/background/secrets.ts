/**
 * The API token: kept only in the background's IndexedDB (extension origin), which content scripts and web pages
 * cannot open, and never copied to storage.*, logs, diagnostics, replies or tabs. Pages learn only whether a
 * token is set and its last four characters.
 *
 * A token is stored bound to the origin it was entered for, and the API client sends it to that exact origin only
 * (see api/client.ts): whatever else changes, a token cannot follow a URL to another server.
 */
import { db } from './db';

/** The `secrets` record that holds the token. */
export const TOKEN_KEY = 'api-token';

/** A token and the one API origin (scheme://host:port) it may be sent to. */
export type BoundToken = { value: string; origin: string };

/** The origin of a URL, or null when it is not one. */
export function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

function parseStored(raw: unknown, fallbackOrigin: string | null): BoundToken | null {
  if (raw && typeof raw === 'object') {
    const { value, origin } = raw as Record<string, unknown>;
    if (typeof value === 'string' && value && typeof origin === 'string' && originOf(origin) === origin)
      return { value, origin };
    return null;
  }
  // Written by an earlier version as a bare string: it belonged to the connection stored beside it.
  if (typeof raw === 'string' && raw && fallbackOrigin) return { value: raw, origin: fallbackOrigin };
  return null;
}

/**
 * The stored token, or null. `legacyApiUrl` is the stored connection's URL, used once to bind a token saved by an
 * earlier version (a bare string) to its server.
 */
export async function getBoundToken(legacyApiUrl?: string): Promise<BoundToken | null> {
  const database = await db();
  const raw: unknown = await database.get('secrets', TOKEN_KEY);
  const token = parseStored(raw, legacyApiUrl ? originOf(legacyApiUrl) : null);
  if (typeof raw === 'string' && token) await database.put('secrets', token, TOKEN_KEY);
  return token;
}

/**
 * The token from its `secrets` record as read inside a caller's transaction; a bare string from an earlier
 * version goes through getBoundToken, which binds it and stores it bound.
 */
export async function boundTokenFrom(raw: unknown, legacyApiUrl?: string): Promise<BoundToken | null> {
  if (typeof raw === 'string') return getBoundToken(legacyApiUrl);
  return parseStored(raw, null);
}

/** Stores `token` bound to the origin of `apiUrl`; null clears it. */
export async function setBoundToken(token: string | null, apiUrl: string): Promise<void> {
  const database = await db();
  const origin = originOf(apiUrl);
  if (token && origin) await database.put('secrets', { value: token, origin }, TOKEN_KEY);
  else await database.delete('secrets', TOKEN_KEY);
}

export function tokenHint(token: BoundToken | null): string {
  return token && token.value.length >= 8 ? token.value.slice(-4) : '';
}
