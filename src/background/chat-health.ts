/**
 * Capture canary state per chat site, as the content scripts last reported it (page:chat-health). Kept in
 * storage.session: it describes the current browser session only and must survive worker restarts.
 */
import browser from 'webextension-polyfill';
import * as z from 'zod/mini';
import { CHAT_SITE_IDS, chatSiteLabel, type ChatSiteId } from '../shared/chat-sites';

const KEY = 'chat-health';
const healthSchema = z.record(
  z.string(),
  z.object({ state: z.enum(['ok', 'degraded']), detail: z.string(), at: z.number() }),
);
export type SiteHealth = z.infer<typeof healthSchema>;

export async function readHealth(): Promise<SiteHealth> {
  const stored = await browser.storage.session.get(KEY);
  const parsed = healthSchema.safeParse(stored[KEY] ?? {});
  return parsed.success ? parsed.data : {};
}

export async function recordHealth(site: ChatSiteId, state: 'ok' | 'degraded', detail: string, at: number) {
  const health = await readHealth();
  const changed = health[site]?.state !== state;
  health[site] = { state, detail, at };
  await browser.storage.session.set({ [KEY]: health });
  return changed;
}

/** Labels of sites whose canary says degraded. */
export async function degradedSites(): Promise<string[]> {
  const health = await readHealth();
  return CHAT_SITE_IDS.filter((id) => health[id]?.state === 'degraded').map((id) => chatSiteLabel(id));
}
