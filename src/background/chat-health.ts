/**
 * Capture canary state per chat site, as the content scripts last reported it (page:chat-health). Kept in
 * storage.session: it describes the current browser session only and must survive worker restarts.
 */
import browser from './browser';
import * as z from 'zod/mini';
import { lazySchema } from '../shared/lazy-schema';
import { t, type MessageKey } from '../shared/i18n';
import { CHAT_SITE_IDS, HEALTH_CODES, chatSiteLabel, type ChatSiteId, type HealthCode } from '../shared/chat-sites';

const KEY = 'chat-health';
const healthSchema = lazySchema(() =>
  z.record(
    z.string(),
    z.object({
      state: z.enum(['ok', 'degraded']),
      detail: z.string(),
      /** With "degraded": what is missing (older records have none). */
      code: z.optional(z.enum(HEALTH_CODES)),
      at: z.number(),
      /** Per-selector match counts the page sent with "degraded". */
      counts: z.optional(z.array(z.tuple([z.string(), z.number()]))),
    }),
  ),
);
export type SiteHealth = z.infer<ReturnType<typeof healthSchema>>;

export async function readHealth(): Promise<SiteHealth> {
  const stored = await browser.storage.session.get(KEY);
  const parsed = healthSchema().safeParse(stored[KEY] ?? {});
  return parsed.success ? parsed.data : {};
}

export async function recordHealth(
  site: ChatSiteId,
  state: 'ok' | 'degraded',
  detail: string,
  at: number,
  counts?: Array<[string, number]>,
  code?: HealthCode,
) {
  const health = await readHealth();
  const changed = health[site]?.state !== state || health[site]?.detail !== detail;
  health[site] = {
    state,
    detail,
    at,
    ...(code && state === 'degraded' ? { code } : {}),
    ...(counts && state === 'degraded' ? { counts } : {}),
  };
  await browser.storage.session.set({ [KEY]: health });
  return changed;
}

/** The debug info's English text for a canary code (the page sends the code only). */
const DETAIL: Record<HealthCode, string> = {
  'no-thread': 'no thread container',
  'no-turns': 'no turns',
  'no-roles': 'no role markers',
  'no-answers': 'no answers',
  'no-questions': 'no questions',
  'no-signal': 'no completion signal',
};

/** What the debug info says about a canary report: the page's own text, else the one for its code. */
export function healthDetail(detail: string | undefined, code: HealthCode | undefined): string {
  return detail ?? (code ? DETAIL[code] : '');
}

const SHORT: Record<HealthCode, MessageKey> = {
  'no-thread': 'degraded_short_no_thread',
  'no-turns': 'degraded_short_no_turns',
  'no-roles': 'degraded_short_no_roles',
  'no-answers': 'degraded_short_no_answers',
  'no-questions': 'degraded_short_no_questions',
  'no-signal': 'degraded_short_no_signal',
};

/**
 * "ChatGPT (no completion signal)" for each site whose canary says degraded: what the user can act on. The reason is
 * our own translated text for the page's code; the page's free-text detail is for the debug info only.
 */
export async function degradedReasons(): Promise<string[]> {
  const health = await readHealth();
  return CHAT_SITE_IDS.flatMap((id) => {
    const h = health[id];
    if (h?.state !== 'degraded') return [];
    return [h.code ? `${chatSiteLabel(id)} (${t(SHORT[h.code])})` : chatSiteLabel(id)];
  });
}

/** Debug-info lines: each site's canary verdict, and for a degraded one how many nodes each selector matched. */
export async function healthReport(): Promise<string[]> {
  const health = await readHealth();
  return CHAT_SITE_IDS.flatMap((id) => {
    const h = health[id];
    if (!h) return [];
    return [`  ${chatSiteLabel(id)}: ${h.state} (${h.detail})`, ...(h.counts ?? []).map(([s, n]) => `    ${s}: ${n}`)];
  });
}

/** Labels of sites whose canary says degraded. */
export async function degradedSites(): Promise<string[]> {
  const health = await readHealth();
  return CHAT_SITE_IDS.filter((id) => health[id]?.state === 'degraded').map((id) => chatSiteLabel(id));
}
