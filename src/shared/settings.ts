/**
 * Typed, versioned settings. The background keeps them in its own IndexedDB (background/settings-store.ts) and
 * publishes a copy without the connection to `storage.local` under SETTINGS_KEY, where content scripts read the
 * capture switches. They hold no secret (the API token lives in the background's IndexedDB, see
 * background/secrets.ts).
 *
 * Reads are zod-parsed field by field: a missing or corrupted field falls back to its default instead of throwing
 * away the rest. Older shapes are upgraded by the ordered MIGRATIONS below before parsing.
 */
import * as z from 'zod/mini';
import { CLOUD_API_URL, LOCAL_API_URL } from './api-limits';
import { CHAT_SITE_IDS, type ChatSiteId } from './chat-sites';
import { lazySchema } from './lazy-schema';

export const SETTINGS_KEY = 'settings';
export const SETTINGS_VERSION = 1;

// The schemas are built on first use (lazy-schema.ts), not when a page or the service worker loads this module.
export const connectionModeSchema = lazySchema(() => z.enum(['local', 'cloud', 'self-hosted']));
export type ConnectionMode = z.infer<ReturnType<typeof connectionModeSchema>>;

export const DEFAULT_API_URL: Record<ConnectionMode, string> = {
  local: LOCAL_API_URL,
  cloud: CLOUD_API_URL,
  'self-hosted': '',
};

/** Namespace names as the API takes them; free text, trimmed, bounded. */
export const namespaceNameSchema = lazySchema(() => z.string().check(z.trim(), z.minLength(1), z.maxLength(200)));
/** A tag: trimmed, no commas (the tag input splits on them), bounded. */
export const tagSchema = lazySchema(() =>
  z.string().check(
    z.trim(),
    z.minLength(1),
    z.maxLength(100),
    z.refine((t) => !t.includes(','), 'a tag cannot contain a comma'),
  ),
);

const siteCaptureSchema = lazySchema(() =>
  z.object({
    /** Automatic capture on this site; off until the user turns it on. */
    enabled: z.catch(z.boolean(), false),
    /** Per-site namespace override; the default namespace when absent. */
    namespace: z.catch(z.optional(namespaceNameSchema()), undefined),
    /** Per-site tags, added to the default tags. */
    tags: z.catch(z.optional(z.array(tagSchema())), undefined),
  }),
);
export type SiteCaptureSettings = z.infer<ReturnType<typeof siteCaptureSchema>>;

const defaultSites = Object.fromEntries(CHAT_SITE_IDS.map((id) => [id, { enabled: false }])) as Record<
  ChatSiteId,
  SiteCaptureSettings
>;

export const captureContentSchema = lazySchema(() => z.enum(['exchange', 'user', 'assistant']));
export type CaptureContent = z.infer<ReturnType<typeof captureContentSchema>>;

const defaultCapture = {
  sites: defaultSites,
  content: 'exchange' as const,
  pausedUntil: null,
  skipTemporary: true,
  allowIncognito: false,
  denyHosts: [],
  neverConversations: [],
};

export const settingsSchema = lazySchema(() =>
  z.object({
    version: z.catch(z.literal(SETTINGS_VERSION), SETTINGS_VERSION),
    connection: z.catch(
      z.object({
        mode: z.catch(connectionModeSchema(), 'local'),
        /** Base URL ending in /api, no trailing slash. */
        apiUrl: z.catch(z.string(), LOCAL_API_URL),
      }),
      { mode: 'local', apiUrl: LOCAL_API_URL },
    ),
    defaults: z.catch(
      z.object({
        namespace: z.catch(namespaceNameSchema(), 'default'),
        tags: z.catch(z.array(tagSchema()), []),
      }),
      { namespace: 'default', tags: [] },
    ),
    capture: z.catch(
      z.object({
        sites: z.catch(
          z.object(
            Object.fromEntries(
              CHAT_SITE_IDS.map((id) => [id, z.catch(siteCaptureSchema(), { enabled: false })]),
            ) as Record<ChatSiteId, z.ZodMiniCatch<ReturnType<typeof siteCaptureSchema>>>,
          ),
          defaultSites,
        ),
        /** What a finished exchange becomes: both sides (default), only the user's messages, or only answers. */
        content: z.catch(captureContentSchema(), 'exchange'),
        /** Epoch ms until which all capture is paused; null when not paused. */
        pausedUntil: z.catch(z.nullable(z.number()), null),
        /** Skip ChatGPT temporary chats and Claude incognito chats. */
        skipTemporary: z.catch(z.boolean(), true),
        /** Capture in incognito windows (also needs Chrome's "Allow in Incognito"). */
        allowIncognito: z.catch(z.boolean(), false),
        /** Hostnames where nothing is ever captured automatically. */
        denyHosts: z.catch(z.array(z.string()), []),
        /** `<site>:<conversation id>` keys the user asked never to capture. */
        neverConversations: z.catch(z.array(z.string()), []),
      }),
      defaultCapture,
    ),
    suggestions: z.catch(
      z.object({
        /**
         * Sites where, while the user types in the composer, a count of related memories is shown (a read-only
         * server search of the draft after a pause). Off everywhere until the user opts in per site.
         */
        sites: z.catch(z.array(z.enum(CHAT_SITE_IDS)), []),
      }),
      { sites: [] },
    ),
    privacy: z.catch(
      z.object({
        /** Replace secrets with [REDACTED:<kind>] before a capture is written anywhere. */
        redactSecrets: z.catch(z.boolean(), true),
      }),
      { redactSecrets: true },
    ),
    /**
     * Client-side write pacing: at most `maxWrites` sends in any rolling `windowMs`. The API allows 60/min per token;
     * tests lower the window on both sides to run the same logic faster.
     */
    pacing: z.catch(
      z.object({
        maxWrites: z.catch(z.number().check(z.int(), z.minimum(1), z.maximum(10_000)), 60),
        windowMs: z.catch(z.number().check(z.int(), z.minimum(100), z.maximum(3_600_000)), 60_000),
      }),
      { maxWrites: 60, windowMs: 60_000 },
    ),
  }),
);
export type Settings = z.infer<ReturnType<typeof settingsSchema>>;

/** The settings of a fresh install (every field's default), parsed on first use and kept. */
export const defaultSettings = lazySchema((): Settings => settingsSchema().parse({}));

/**
 * Ordered migrations: MIGRATIONS[n] upgrades a stored object of version n to n+1. Version 0 is anything without a
 * `version` (nothing stored yet, or hand-written JSON). A future shape change appends a function here and bumps
 * SETTINGS_VERSION; the field-wise `.catch` defaults above keep every read total meanwhile.
 */
const MIGRATIONS: Array<(old: Record<string, unknown>) => Record<string, unknown>> = [
  // 0 → 1: nothing to carry over; defaults fill every missing field.
  (old) => ({ ...old, version: 1 }),
];

export function migrateSettings(raw: unknown): Settings {
  let value: Record<string, unknown> = raw && typeof raw === 'object' ? { ...(raw as Record<string, unknown>) } : {};
  let version = typeof value.version === 'number' ? value.version : 0;
  while (version < SETTINGS_VERSION && MIGRATIONS[version]) {
    value = MIGRATIONS[version]!(value);
    version += 1;
  }
  return settingsSchema().parse(value);
}

/** A partial update from the UI, deep-merged one level into each section. Never the connection (see connection.ts). */
export type SettingsPatch = {
  [K in Exclude<keyof Settings, 'version' | 'capture' | 'connection'>]?: Partial<Settings[K]>;
} & {
  /** `sites` names only the sites that change; each one given replaces that site's settings whole. */
  capture?: Partial<Omit<Settings['capture'], 'sites'>> & { sites?: Partial<Settings['capture']['sites']> };
};

/**
 * Merges a patch from a page into the stored settings, section by section; within `capture.sites`, site by site, so
 * a page that changes one site cannot overwrite another site changed elsewhere meanwhile.
 */
export function applySettingsPatch(current: Settings, patch: SettingsPatch): Settings {
  const next: Record<string, unknown> = { ...current };
  for (const [section, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (section === 'connection' || section === 'version') throw new Error(`settings patch cannot change ${section}`);
    next[section] = { ...(current as unknown as Record<string, Record<string, unknown>>)[section], ...value };
  }
  if (patch.capture?.sites) {
    next.capture = { ...(next.capture as object), sites: { ...current.capture.sites, ...patch.capture.sites } };
  }
  return settingsSchema().parse(next);
}

/** Normalises an API base URL: trimmed, no trailing slash. Returns null when it is not an http(s) URL. */
export function normaliseApiUrl(input: string): string | null {
  const trimmed = input.trim().replace(/\/+$/, '');
  try {
    const url = new URL(trimmed);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (url.username || url.password) return null;
    return trimmed;
  } catch {
    return null;
  }
}

/** Loopback hosts, where plain http is acceptable. */
export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === '127.0.0.1' || host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}
