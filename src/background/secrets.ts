/**
 * The API token: kept only in the background's IndexedDB (extension origin), which content scripts and web pages
 * cannot open, and never copied to storage.*, logs, diagnostics, replies or tabs. Pages learn only whether a
 * token is set and its last four characters.
 */
import { db } from './db';

const TOKEN_KEY = 'api-token';

export async function getToken(): Promise<string | null> {
  return ((await (await db()).get('secrets', TOKEN_KEY)) as string | undefined) ?? null;
}

export async function setToken(token: string | null): Promise<void> {
  const database = await db();
  if (token) await database.put('secrets', token, TOKEN_KEY);
  else await database.delete('secrets', TOKEN_KEY);
}

export function tokenHint(token: string | null): string {
  return token && token.length >= 8 ? token.slice(-4) : '';
}
