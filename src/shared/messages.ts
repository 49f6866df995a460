/**
 * The one message protocol. Every message that reaches the background is parsed with `messageSchema` in
 * background/router.ts, which also checks the sender:
 *  - `ui:*`   come from the extension's own pages (popup, options) only;
 *  - `page:*` come from our content scripts on a chat-site tab only, and their page URL is taken from `sender`,
 *             never from the body.
 * Names say which way a message travels. Replies are always `Reply<T>`: errors are data, never thrown across.
 */
import * as z from 'zod/mini';
import { CHAT_SITE_IDS, HEALTH_CODES, type ChatSiteId, type HealthCode } from './chat-sites';
import { lazySchema } from './lazy-schema';
import { MAX_SUGGEST_DRAFT } from './suggest';
import { connectionModeSchema, type Settings, type SettingsPatch } from './settings';
import type { Quota } from './api-schema';

/** Largest text a message may carry (a 10 MB selection plus slack); bigger bodies are refused, not truncated. */
export const MAX_MESSAGE_TEXT = 16 * 1024 * 1024;

/** Longest memory text "Insert into chat" puts into a composer (chat composers take about this much at most). */
export const MAX_INSERT_TEXT = 100_000;

// Every schema here is built on first use (see lazy-schema.ts): the router parses each message with the one schema
// of its type (`parseMessage`), so a cold start builds one message schema, not all of them.
const text = lazySchema(() => z.string().check(z.maxLength(MAX_MESSAGE_TEXT)));
const shortText = lazySchema(() => z.string().check(z.maxLength(2_000)));
const nonEmptyShortText = lazySchema(() => z.string().check(z.minLength(1), z.maxLength(2_000)));
const tabId = lazySchema(() => z.optional(z.number().check(z.int(), z.nonnegative())));
const siteId = lazySchema(() => z.enum(CHAT_SITE_IDS));

const section = lazySchema(() => z.optional(z.looseObject({})));
/** No `connection`: it changes only through ui:connection-save, which checks it. */
const settingsPatchSchema = lazySchema(() =>
  z.strictObject({
    defaults: section(),
    capture: section(),
    suggestions: section(),
    privacy: section(),
    pacing: section(),
  }),
);

/** One message of a chat turn as a content script read it. */
export const chatMessageSchema = lazySchema(() =>
  z.object({
    /** Who wrote it. */
    role: z.enum(['user', 'assistant']),
    /** Readable Markdown of the message. */
    text: text(),
  }),
);

type Variants = Record<string, () => z.ZodMiniType>;

/** Each builder memoized: the schema of one message type is built the first time such a message arrives. */
function lazyVariants<V extends Variants>(variants: V): V {
  return Object.fromEntries(Object.entries(variants).map(([type, build]) => [type, lazySchema(build)])) as V;
}

const UI_VARIANTS = lazyVariants({
  /** Current settings (no secrets). */
  'ui:settings-get': () => z.object({ type: z.literal('ui:settings-get') }),
  /** Deep-merge a patch into the settings; answers the new settings. */
  'ui:settings-update': () => z.object({ type: z.literal('ui:settings-update'), patch: settingsPatchSchema() }),
  /** Connection as stored: mode, URL, whether a token is set (never the token). */
  'ui:connection-get': () => z.object({ type: z.literal('ui:connection-get') }),
  /** Store a connection. `token`: a new token, null to clear it, absent to keep the stored one. */
  'ui:connection-save': () =>
    z.object({
      type: z.literal('ui:connection-save'),
      mode: connectionModeSchema(),
      apiUrl: shortText(),
      token: z.optional(z.nullable(shortText())),
    }),
  /** Prove a connection (stored one, or the given draft) with an authenticated call. */
  'ui:connection-test': () =>
    z.object({
      type: z.literal('ui:connection-test'),
      mode: z.optional(connectionModeSchema()),
      apiUrl: z.optional(shortText()),
      token: z.optional(z.nullable(shortText())),
    }),
  /**
   * The active tab as the popup needs it: its selection (empty when unreadable), title, URL and chat site.
   * `tabId` names the tab explicitly (the popup opened as a page with `?tab=<id>`, as the e2e tests do);
   * absent → the active tab of the last focused window.
   */
  'ui:active-tab': () => z.object({ type: z.literal('ui:active-tab'), tabId: tabId() }),
  /** Save a memory typed or edited in the popup. `split`: save an over-size text as parts instead of refusing. */
  'ui:quick-save': () =>
    z.object({
      type: z.literal('ui:quick-save'),
      content: text(),
      namespace: z.optional(shortText()),
      tags: z.optional(z.array(shortText()).check(z.maxLength(100))),
      split: z.optional(z.boolean()),
      /** The tab the popup was opened over, for provenance (title, URL); absent → no page provenance. */
      tabId: tabId(),
    }),
  /** Outbox, pause, quota and recent saves, for the popup. */
  'ui:status': () => z.object({ type: z.literal('ui:status') }),
  /** Send now: one parked item (by id) or, without id, lift a pause/backoff and drain. */
  'ui:outbox-retry': () => z.object({ type: z.literal('ui:outbox-retry'), id: z.optional(shortText()) }),
  /** Drop an item the user no longer wants. The only way an unsent item leaves the outbox besides a 2xx. */
  'ui:outbox-discard': () => z.object({ type: z.literal('ui:outbox-discard'), id: shortText() }),
  /** Replace a parked item's content and queue it again. */
  'ui:outbox-edit': () => z.object({ type: z.literal('ui:outbox-edit'), id: shortText(), content: text() }),
  /** Replace an over-size item by parts that fit, sharing its source_ref. */
  'ui:outbox-split': () => z.object({ type: z.literal('ui:outbox-split'), id: shortText() }),
  /** Delete a saved memory on the server (Recent → Undo). `id` is the recent entry's id. */
  'ui:recent-undo': () => z.object({ type: z.literal('ui:recent-undo'), id: shortText() }),
  /** Namespaces known to the server plus recently used ones. */
  'ui:namespaces': () => z.object({ type: z.literal('ui:namespaces') }),
  /** Capture every turn of the chat in the active tab ("Save this chat"). */
  'ui:save-this-chat': () => z.object({ type: z.literal('ui:save-this-chat'), tabId: tabId() }),
  /** Pause all automatic capture for some minutes, until tomorrow 00:00 local, or resume (null). */
  'ui:capture-pause': () =>
    z.object({
      type: z.literal('ui:capture-pause'),
      until: z.union([
        z.object({
          minutes: z.number().check(z.int(), z.minimum(1), z.maximum(60 * 24 * 7)),
        }),
        z.literal('tomorrow'),
        z.null(),
      ]),
    }),
  /**
   * Never capture one conversation (`<site>:<conversation id>`), or allow it again. The background edits the list
   * from the stored settings, so a page's stale copy cannot overwrite other entries.
   */
  'ui:never-capture': () =>
    z.object({
      type: z.literal('ui:never-capture'),
      conversation: z.string().check(z.minLength(3), z.maxLength(2_000), z.regex(/^[a-z]+:.+$/)),
      never: z.boolean(),
    }),
  /**
   * The side panel's list: server search (q over content and tags) plus the outbox's unsent items. `view`: 'all'
   * (default) searches everything; 'recent' lists the newest, ignoring q; 'page' keeps those saved from the tab's
   * URL (`tabId`, or the active tab).
   */
  'ui:memories-search': () =>
    z.object({
      type: z.literal('ui:memories-search'),
      q: shortText(),
      namespace: z.optional(shortText()),
      tags: z.optional(z.array(shortText()).check(z.maxLength(20))),
      offset: z.optional(z.number().check(z.int(), z.nonnegative(), z.maximum(100_000))),
      view: z.optional(z.enum(['recent', 'page', 'all'])),
      tabId: tabId(),
    }),
  /** Change a saved memory (PATCH), queued through the outbox like a save. */
  'ui:memory-edit': () =>
    z.object({
      type: z.literal('ui:memory-edit'),
      id: nonEmptyShortText(),
      content: text(),
      namespace: z.optional(shortText()),
      tags: z.optional(z.array(shortText()).check(z.maxLength(100))),
    }),
  /** Delete a saved memory (DELETE), queued through the outbox; the fields are kept for Undo. */
  'ui:memory-delete': () =>
    z.object({
      type: z.literal('ui:memory-delete'),
      id: nonEmptyShortText(),
      content: text(),
      namespace: shortText(),
      tags: z.array(shortText()).check(z.maxLength(100)),
      sourceRef: z.optional(shortText()),
    }),
  /** Undo a delete: cancel it while unsent, otherwise save the memory again (a new create item). */
  'ui:memory-restore': () =>
    z.object({
      type: z.literal('ui:memory-restore'),
      outboxId: z.optional(shortText()),
      content: text(),
      namespace: shortText(),
      tags: z.array(shortText()).check(z.maxLength(100)),
      sourceRef: z.optional(shortText()),
    }),
  /**
   * Put memories into the composer of the chat in a tab ("Insert into chat"): framed as one block at the caret,
   * the draft kept, the clipboard untouched. `tabId` absent → the active tab of the last focused window.
   */
  'ui:insert-into-chat': () =>
    z.object({
      type: z.literal('ui:insert-into-chat'),
      tabId: tabId(),
      texts: z
        .array(z.string().check(z.minLength(1), z.maxLength(MAX_INSERT_TEXT)))
        .check(z.minLength(1), z.maxLength(20)),
    }),
  /** Last 50 capture and send attempts. */
  'ui:diagnostics': () => z.object({ type: z.literal('ui:diagnostics') }),
  /** Text for "copy debug info" (never the token). */
  'ui:debug-info': () => z.object({ type: z.literal('ui:debug-info') }),
  /** The query a suggestion click asked the panel to show (taken once, within seconds), or null. */
  'ui:suggest-pending': () => z.object({ type: z.literal('ui:suggest-pending') }),
});

const PAGE_VARIANTS = lazyVariants({
  /** A finished chat turn (or exchange), read by the site adapter. */
  'page:chat-turn': () =>
    z.object({
      type: z.literal('page:chat-turn'),
      site: siteId(),
      /** From the URL (/c/<id>, /chat/<uuid>, …). */
      conversationId: nonEmptyShortText(),
      /** site + conversation + message id (or ordinal + content hash); the dedupe and idempotency basis. */
      turnKey: nonEmptyShortText(),
      /** The turn key this one replaces (an edited or regenerated answer). */
      replaces: z.optional(shortText()),
      messages: z.array(chatMessageSchema()).check(z.minLength(1), z.maxLength(50)),
      /** The user stopped generation; the answer is what was shown. */
      stopped: z.boolean(),
      /** Conversation title when visible. */
      title: z.optional(shortText()),
      /** Sent by "Save this chat" rather than live capture. */
      manual: z.optional(z.boolean()),
      /**
       * Read by the generic whole-document reader (the adapter was degraded): roles the markup did not state were
       * guessed by position.
       */
      generic: z.optional(z.boolean()),
    }),
  /** The adapter's canary: does the page still look the way the selectors expect? */
  'page:chat-health': () =>
    z.object({
      type: z.literal('page:chat-health'),
      site: siteId(),
      state: z.enum(['ok', 'degraded']),
      /**
       * For the debug info only (English, from the page): never shown as the reason. With "degraded" the page sends
       * only `code`, and the background writes the debug text for it (content-script size).
       */
      detail: z.optional(shortText()),
      /** With "degraded": what is missing, as a code the UI translates. */
      code: z.optional(z.enum(HEALTH_CODES)),
    }),
  /**
   * The content script needs the chat reader (Markdown) it does not carry (src/content/chat/late-reader.ts): the
   * background injects it into the sender's top frame.
   */
  'page:chat-reader': () => z.object({ type: z.literal('page:chat-reader'), site: siteId() }),
  /** A turn the content script chose not to capture, with why (shown in Diagnostics). */
  'page:chat-skipped': () =>
    z.object({
      type: z.literal('page:chat-skipped'),
      site: siteId(),
      reason: z.enum(['temporary-chat', 'incognito-chat', 'paused', 'disabled', 'never-conversation', 'denied-host']),
    }),
  /** Suggestions (opt-in per site): how many memories the server finds for the draft (a count only; never stored). */
  'page:suggest-count': () =>
    z.object({
      type: z.literal('page:suggest-count'),
      site: siteId(),
      draft: z.string().check(z.minLength(1), z.maxLength(MAX_SUGGEST_DRAFT)),
    }),
  /** The user clicked the count: open the memories panel on the draft's results (inside the click's gesture). */
  'page:suggest-open': () =>
    z.object({
      type: z.literal('page:suggest-open'),
      site: siteId(),
      draft: z.string().check(z.minLength(1), z.maxLength(MAX_SUGGEST_DRAFT)),
    }),
});

type ParsedOf<V extends Variants> = { [K in keyof V]: z.infer<ReturnType<V[K]>> }[keyof V];
export type UiMessage = ParsedOf<typeof UI_VARIANTS>;
export type PageMessage = ParsedOf<typeof PAGE_VARIANTS>;
export type Message = UiMessage | PageMessage;

/** The variants as one discriminated union on `type`, in their declared order. */
function union(variants: Variants) {
  const options = Object.values(variants).map((build) => build());
  return z.discriminatedUnion('type', options as [z.ZodMiniObject, ...z.ZodMiniObject[]]);
}
/** Every `ui:*` message, as one discriminated union (tests; the router parses with `parseMessage`). */
export const uiMessageSchema = lazySchema(() => union(UI_VARIANTS));
/** Every `page:*` message, as one discriminated union. */
export const pageMessageSchema = lazySchema(() => union(PAGE_VARIANTS));
/** Every message the background accepts. */
export const messageSchema = lazySchema(() => z.union([uiMessageSchema(), pageMessageSchema()]));

const VARIANTS: Variants = { ...UI_VARIANTS, ...PAGE_VARIANTS };

/**
 * Parses a message exactly as `messageSchema` does (the same acceptance, the same data), building only the schema
 * of the message's own type: a discriminated union picks its option by `type` before parsing, and so does this.
 */
export function parseMessage(raw: unknown): { success: true; data: Message } | { success: false } {
  const type = raw !== null && typeof raw === 'object' ? (raw as { type?: unknown }).type : undefined;
  const variant = typeof type === 'string' && Object.hasOwn(VARIANTS, type) ? VARIANTS[type] : undefined;
  if (!variant) return { success: false };
  const parsed = variant().safeParse(raw);
  return parsed.success ? { success: true, data: parsed.data as Message } : { success: false };
}
export type ChatTurnMessage = Extract<PageMessage, { type: 'page:chat-turn' }>;

/**
 * What a chat tab says about itself (src/content/chat/tab-scripts.ts siteInfoInTab, run there by the background);
 * also serves when Chrome hides the tab's URL from the extension (no `tabs` permission, no activeTab grant yet).
 */
export type SiteInfoReply = {
  site: ChatSiteId;
  url: string;
  /** From the URL; null on a page without a conversation (a new chat, settings…). */
  conversationId: string | null;
  title?: string;
  /** The canary's current verdict for this page. */
  health: 'ok' | 'degraded' | 'unknown';
  /** With "degraded": what is missing. */
  reason?: HealthCode;
};
export type GenericCount = { found: number; unattributed: number };
/** What "Save this chat" answers (tab-scripts.ts collectChatInTab). */
export type CollectChatReply =
  | {
      ok: true;
      site: ChatSiteId;
      conversationId: string;
      turns: number;
      sent: number;
      title?: string;
      /** Read by the generic reader: how many messages it found, and how many it could not attribute to a role. */
      generic?: GenericCount;
    }
  | { ok: false; error: string };

// ---- replies -------------------------------------------------------------------------------------------------

export type ErrorCode =
  'bad-message' | 'forbidden' | 'not-found' | 'invalid' | 'too-large' | 'unavailable' | 'internal';

export type Reply<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string } };

export type ConnectionTestResult =
  | { result: 'connected'; detail: string }
  | { result: 'token-rejected'; detail: string }
  | { result: 'unreachable'; detail: string }
  | { result: 'error'; detail: string };

export type ConnectionInfo = {
  mode: Settings['connection']['mode'];
  apiUrl: string;
  hasToken: boolean;
  /** Last four characters of the token, for recognition; empty without a token. */
  tokenHint: string;
};

export type SaveResult = {
  /**
   * Both mean the capture is durably in the outbox. `saved`: nothing stands in the way, it is being sent now;
   * `queued`: something holds sends back (paused, offline, rate-limited, too large) — `reason` says what.
   */
  status: 'saved' | 'queued';
  /** Why it is only queued (paused, offline, rate-limited…), in plain words. */
  reason?: string;
  /** Outbox item ids created (several when split). */
  ids: string[];
  /** Secrets replaced before the capture was stored. */
  redactedCount: number;
};

export type ParkedReason = 'too-large' | 'rejected' | 'expired';

export type OutboxItemView = {
  id: string;
  /** What the item does on the server: create (POST), edit (PATCH) or delete (DELETE) a memory. */
  op: OutboxOp;
  /** For edit and delete: the memory it acts on. */
  memoryId?: string;
  /** First 200 characters, for display. */
  preview: string;
  bytes: number;
  createdAt: number;
  state: 'pending' | 'inflight' | 'parked';
  attempts: number;
  nextAttemptAt: number | null;
  namespace: string;
  kind: string;
  sourceUrl?: string;
  parked?: { reason: ParkedReason; status?: number; message: string; maxBytes?: number; receivedBytes?: number };
  lastError?: string;
};

export type OutboxOp = 'create' | 'edit' | 'delete';

/** A memory as the side panel shows it; `content` is cut at MAX_VIEW_CONTENT characters (`truncated`). */
export type MemoryView = {
  id: string;
  content: string;
  truncated: boolean;
  namespace: string;
  tags: string[];
  sourceRef: string | null;
  createdAt: number;
  updatedAt: number;
};

export type MemoriesPage = {
  memories: MemoryView[];
  /** Offset of the next page, or null when this was the last. */
  nextOffset: number | null;
  /** Unsent outbox items (pending, in flight, parked), newest first; empty past the first page. */
  outbox: OutboxItemView[];
  /** The tab's URL for the 'page' view (null when unknown). */
  pageUrl: string | null;
  /** Why the server could not be searched (the outbox is still listed); null when it answered. */
  error: string | null;
};

export type PauseView =
  | { kind: 'auth'; message: string; since: number }
  | { kind: 'quota'; message: string; since: number; retryAt: number | null };

export type RecentView = {
  id: string;
  memoryId: string;
  preview: string;
  namespace: string;
  tags: string[];
  savedAt: number;
  sourceUrl?: string;
};

export type StatusView = {
  connection: ConnectionInfo & { lastResult: ConnectionTestResult['result'] | null };
  pending: number;
  inFlight: number;
  items: OutboxItemView[];
  paused: PauseView | null;
  /** 429: nothing is sent before this instant. */
  holdUntil: number | null;
  /** Server unreachable / 5xx: next try. */
  retryAt: number | null;
  lastError: string | null;
  nextAttemptAt: number | null;
  quota: (Quota & { upgradeUrl: string | null }) | null;
  recent: RecentView[];
  degradedSites: string[];
  capturePausedUntil: number | null;
};

export type ActiveTabInfo = {
  selection: string;
  title: string;
  url: string;
  site: ChatSiteId | null;
  siteHealth: 'ok' | 'degraded' | 'unknown' | null;
  /** With "degraded": what the canary found missing (null when not known). */
  siteHealthReason: HealthCode | null;
  /** `<site>:<conversation id>` of the chat in the tab (for "Never capture this chat"); null elsewhere. */
  conversation: string | null;
};

export type DiagnosticEntry = {
  at: number;
  /** 'internal': a handler failed in a way it did not expect (the router logs it; see reply-error.ts). */
  kind: 'capture' | 'send' | 'skip' | 'health' | 'internal';
  outcome: string;
  status?: number;
  detail: string;
};

/** Related memories for a composer draft: how many the search found (at most `limit`; `more` when it was full). */
export type SuggestCount = { count: number; more: boolean };

export type SaveThisChatResult = { turns: number; sent: number; site: string; generic?: GenericCount };

export type InsertIntoChatResult = {
  /** Memories put into the composer. */
  inserted: number;
  /** The chat site's name (ChatGPT, Claude…). */
  site: string;
};

export type ReplyMap = {
  'ui:settings-get': Settings;
  'ui:settings-update': Settings;
  'ui:connection-get': ConnectionInfo;
  'ui:connection-save': ConnectionInfo;
  'ui:connection-test': ConnectionTestResult;
  'ui:active-tab': ActiveTabInfo;
  'ui:quick-save': SaveResult;
  'ui:status': StatusView;
  'ui:outbox-retry': StatusView;
  'ui:outbox-discard': StatusView;
  'ui:outbox-edit': StatusView;
  'ui:outbox-split': StatusView;
  'ui:recent-undo': StatusView;
  'ui:namespaces': string[];
  'ui:save-this-chat': SaveThisChatResult;
  'ui:capture-pause': Settings;
  'ui:never-capture': Settings;
  'ui:memories-search': MemoriesPage;
  'ui:memory-edit': { outboxId: string };
  'ui:memory-delete': { outboxId: string };
  'ui:memory-restore': { restored: 'cancelled' | 'queued'; outboxId?: string };
  'ui:insert-into-chat': InsertIntoChatResult;
  'ui:diagnostics': DiagnosticEntry[];
  'ui:debug-info': string;
  'ui:suggest-pending': string | null;
  'page:chat-turn': { accepted: boolean };
  'page:chat-health': null;
  'page:chat-reader': null;
  'page:chat-skipped': null;
  'page:suggest-count': SuggestCount;
  'page:suggest-open': { opened: boolean };
};

// The side panel's live port (its own module, so the panel page loads no zod).
export { LIVE_PORT, type LiveMessage } from './live-port';

export type MessageOf<T extends Message['type']> = Extract<Message, { type: T }>;
export type { SettingsPatch };
