/** The stored connection as a request target: its URL and the token bound to it (the client re-checks the binding). */
import type { Settings } from '../../shared/settings';
import { getBoundToken } from '../secrets';
import { loadSettings } from '../settings-store';
import type { ApiTarget } from './client';

export async function storedTarget(settings?: Settings): Promise<ApiTarget> {
  const { apiUrl } = (settings ?? (await loadSettings())).connection;
  return { apiUrl, token: await getBoundToken(apiUrl) };
}
