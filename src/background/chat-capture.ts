/**
 * The background half of automatic chat capture. Content scripts only read the page; here each finished turn is
 * checked against the settings (site enabled, pause, incognito, never-capture), deduplicated by its turn key in
 * IndexedDB (so reloads, SPA navigation and re-renders never create a second memory), formatted, and captured
 * through the one capture path with an idempotency key derived from the turn key.
 */
import browser from './browser';
import {
  chatSiteForUrl,
  chatSiteLabel,
  privateChatByUrl,
  type ChatSiteId,
  type PrivateChatKind,
} from '../shared/chat-sites';
import type {
  ChatTurnMessage,
  CollectChatReply,
  GenericCount,
  PageMessage,
  SaveThisChatResult,
} from '../shared/messages';
import { stripMemoryBlocks } from '../shared/memory-block';
import type { Settings } from '../shared/settings';
import { captureToOutbox } from './capture';
import { clock } from './clock';
import { db, kvGet, kvSet, logDiagnostic } from './db';
import { ReplyError } from './reply-error';
import { ON_DEMAND_SCRIPTS } from '../shared/on-demand-scripts';
import { CHAT_HOST_GLOBAL, SAVE_CHAT_GLOBAL } from '../content/chat/save-chat-api';
import { collectChatInTab, probeCountsInTab } from '../content/chat/tab-scripts';
import { PROBES } from '../content/chat/sites/probes';
import { loadSettings } from './settings-store';
import { healthDetail, recordHealth } from './chat-health';
import { refreshBadge } from './badge';
import { formatNumber, plural, t } from '../shared/i18n';
import { chatSourceRef } from '../shared/source-ref';

export type TabSender = {
  tab?:
    | {
        id?: number | undefined;
        url?: string | undefined;
        incognito?: boolean | undefined;
        title?: string | undefined;
      }
    | undefined;
  url?: string | undefined;
  frameId?: number | undefined;
};

function skipReason(
  settings: Settings,
  site: ChatSiteId,
  conversation: string,
  incognito: boolean,
  manual: boolean,
  now: number,
  host: string,
  privateKind: PrivateChatKind | null,
): string | null {
  if (incognito && !settings.capture.allowIncognito) return 'incognito window (allow it in Settings → Privacy)';
  if (settings.capture.denyHosts.includes(host)) return 'this site is on your deny list';
  if (settings.capture.neverConversations.includes(conversation)) return 'you asked never to capture this chat';
  if (settings.capture.skipTemporary && privateKind) return PRIVATE_TEXT[privateKind];
  if (manual) return null;
  if (!settings.capture.sites[site].enabled) return `capture is off for ${chatSiteLabel(site)}`;
  if (settings.capture.pausedUntil && settings.capture.pausedUntil > now) return 'capture is paused';
  return null;
}

function formatTurn(message: ChatTurnMessage, content: Settings['capture']['content']): string {
  const label = chatSiteLabel(message.site);
  const wanted = message.messages.filter((m) => content === 'exchange' || m.role === content);
  if (content !== 'exchange') return wanted.map((m) => m.text.trim()).join('\n\n');
  return wanted.map((m) => `**${m.role === 'user' ? 'You' : label}:**\n${m.text.trim()}`).join('\n\n');
}

/**
 * Live captures a tab may queue per minute. A person finishes a turn every few seconds at most; a page that forges
 * turns (a compromised renderer, or a bug) is held to this. "Save this chat" is not limited (it is the user's own
 * request, and the background opened it).
 */
export const CHAT_TURN_LIMIT = { perTab: 12, perConversation: 12, windowMs: 60_000 } as const;

const recentByTab = new Map<number, number[]>();
const recentByConversation = new Map<string, number[]>();
/** Tabs whose "Save this chat" request, made by this background, is open now (tab id → open requests). */
const savingTabs = new Map<number, number>();

/** Marks a "Save this chat" of `tabId` as open; the returned function closes it. */
export function beginSaveThisChat(tabId: number): () => void {
  savingTabs.set(tabId, (savingTabs.get(tabId) ?? 0) + 1);
  let closed = false;
  return () => {
    if (closed) return;
    closed = true;
    const left = (savingTabs.get(tabId) ?? 1) - 1;
    if (left > 0) savingTabs.set(tabId, left);
    else savingTabs.delete(tabId);
  };
}

/** For unit tests: forget the in-memory limits and open requests. */
export function resetChatCaptureForTests(): void {
  recentByTab.clear();
  recentByConversation.clear();
  savingTabs.clear();
}

/** Records one capture under `key` unless the window is full; false when it is. */
function takeSlot<K>(map: Map<K, number[]>, key: K, limit: number, now: number): boolean {
  const kept = (map.get(key) ?? []).filter((at) => now - at < CHAT_TURN_LIMIT.windowMs);
  if (kept.length >= limit) {
    map.set(key, kept);
    return false;
  }
  kept.push(now);
  map.set(key, kept);
  return true;
}

/**
 * Does the turn belong to the page that sent it? The conversation id must be a segment of the tab's URL (Chrome
 * fills that in, not the page) and the turn key must start with `<site>:<conversation id>:`.
 */
function ownTurn(message: ChatTurnMessage, url: string): boolean {
  if (!message.turnKey.startsWith(`${chatSourceRef(message.site, message.conversationId)}:`)) return false;
  if (chatSiteForUrl(url) !== message.site) return false;
  try {
    return new URL(url).pathname.split('/').includes(message.conversationId);
  } catch {
    return false;
  }
}

function withoutMemoryBlocks(messages: ChatTurnMessage['messages']): ChatTurnMessage['messages'] {
  return messages
    .map((m) => (m.role === 'user' ? { ...m, text: stripMemoryBlocks(m.text) } : m))
    .filter((m) => m.role !== 'user' || m.text.trim().length > 0);
}

export async function handleChatTurn(message: ChatTurnMessage, sender: TabSender): Promise<{ accepted: boolean }> {
  const now = clock.now();
  const settings = await loadSettings();
  const conversation = chatSourceRef(message.site, message.conversationId);
  // The page URL comes from the sender (Chrome fills it in), never from the message body.
  const url = sender.tab?.url ?? sender.url ?? '';
  let host = '';
  try {
    host = new URL(url).hostname;
  } catch {
    host = '';
  }
  const tabId = sender.tab?.id ?? -1;
  if (!ownTurn(message, url)) {
    await logDiagnostic({
      at: now,
      kind: 'skip',
      outcome: 'refused',
      detail: `${chatSiteLabel(message.site)}: a turn that does not belong to the tab's own chat was refused`,
    });
    return { accepted: false };
  }
  // `manual` is the page's claim; it counts only while this background's own "Save this chat" for the tab is open.
  const manual = !!message.manual && savingTabs.has(tabId);
  if (
    !manual &&
    (!takeSlot(recentByTab, tabId, CHAT_TURN_LIMIT.perTab, now) ||
      !takeSlot(recentByConversation, conversation, CHAT_TURN_LIMIT.perConversation, now))
  ) {
    await logDiagnostic({
      at: now,
      kind: 'skip',
      outcome: 'refused',
      detail: `${chatSiteLabel(message.site)}: more finished turns than a person writes in a minute; held back`,
    });
    return { accepted: false };
  }
  const reason = skipReason(
    settings,
    message.site,
    conversation,
    !!sender.tab?.incognito,
    manual,
    now,
    host,
    privateChatByUrl(url),
  );
  if (reason) {
    await logDiagnostic({
      at: now,
      kind: 'skip',
      outcome: 'skipped',
      detail: `${chatSiteLabel(message.site)}: ${reason}`,
    });
    return { accepted: false };
  }
  // Memories the user put into the chat with "Insert into chat" are not the user's words: they leave the user's
  // message before anything is saved (a message that was only a block leaves nothing on the user side).
  message = { ...message, messages: withoutMemoryBlocks(message.messages) };
  const text = formatTurn(message, settings.capture.content);
  if (!text.trim()) return { accepted: false };
  const database = await db();
  // Reserve the turn key first (add fails on an existing key), so two deliveries of one turn race to one capture.
  try {
    await database.add('turns', { key: message.turnKey, conversation, at: now });
  } catch {
    return { accepted: false };
  }
  const siteSettings = settings.capture.sites[message.site];
  const included = message.messages.filter(
    (m) => settings.capture.content === 'exchange' || m.role === settings.capture.content,
  );
  try {
    await captureToOutbox(
      {
        content: text,
        kind: 'chat-turn',
        sourceRef: conversation,
        ...(siteSettings.namespace ? { namespace: siteSettings.namespace } : {}),
        tags: siteSettings.tags ?? [],
        idempotencyKey: `turn:${message.turnKey}`,
        split: true,
        metadata: {
          site: message.site,
          conversation_id: message.conversationId,
          turn_key: message.turnKey,
          roles: [...new Set(included.map((m) => m.role))],
          url,
          ...(message.title ? { title: message.title } : {}),
          ...(message.stopped ? { stopped: true } : {}),
          ...(message.replaces ? { replaces: message.replaces } : {}),
          ...(manual ? { manual: true } : {}),
          // roles the page's markup did not state were guessed by position (see docs/sites.md)
          ...(manual && message.generic ? { reader: 'generic' } : {}),
        },
      },
      settings,
    );
  } catch (err) {
    // Not captured after all: release the key so the turn can be captured again.
    await database.delete('turns', message.turnKey);
    throw err;
  }
  return { accepted: true };
}

/**
 * The chat reader (Markdown and turn keys) for a content script that does not carry it (ChatGPT's: its size budget),
 * injected into the sender's top frame, the content script's world. The sender checks (router.ts) make the sender our
 * content script on the chat site it names; what is injected and where is decided here, never by the message.
 */
export async function injectChatReader(sender: TabSender): Promise<null> {
  const tabId = sender.tab?.id;
  if (tabId === undefined) throw new ReplyError('not-found', t('bg_route_no_tab'));
  try {
    await browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: [ON_DEMAND_SCRIPTS.reader.file] });
  } catch {
    throw new ReplyError('unavailable', 'The chat reader could not be injected into this tab.');
  }
  return null;
}

/**
 * A degraded page's per-selector counts, for the debug info: counted next to the content script (which carries
 * neither the list nor the count, to stay small); none when the tab cannot be scripted.
 */
async function probeCounts(site: ChatSiteId, sender: TabSender): Promise<Array<[string, number]> | undefined> {
  const tabId = sender.tab?.id;
  if (tabId === undefined) return undefined;
  try {
    const [run] = await browser.scripting.executeScript({
      target: { tabId, frameIds: [sender.frameId ?? 0] },
      func: probeCountsInTab,
      args: [[...PROBES[site]]],
    });
    const counts = run?.result as unknown;
    return Array.isArray(counts)
      ? counts.filter(
          (c): c is [string, number] => Array.isArray(c) && typeof c[0] === 'string' && Number.isInteger(c[1]),
        )
      : undefined;
  } catch {
    return undefined;
  }
}

export async function handleChatHealth(
  message: Extract<PageMessage, { type: 'page:chat-health' }>,
  sender: TabSender = {},
): Promise<null> {
  const now = clock.now();
  const detail = healthDetail(message.detail, message.code);
  const counts = message.state === 'degraded' ? await probeCounts(message.site, sender) : undefined;
  if (await recordHealth(message.site, message.state, detail, now, counts, message.code)) {
    await logDiagnostic({
      at: now,
      kind: 'health',
      outcome: message.state,
      detail: `${chatSiteLabel(message.site)}: ${detail}`,
    });
    await refreshBadge();
  }
  return null;
}

const PRIVATE_TEXT: Record<PrivateChatKind, string> = {
  'temporary-chat': 'temporary chat, not captured',
  'incognito-chat': 'incognito chat, not captured',
};

const SKIP_TEXT: Record<Extract<PageMessage, { type: 'page:chat-skipped' }>['reason'], string> = {
  ...PRIVATE_TEXT,
  paused: 'capture is paused',
  disabled: 'capture is off for this site',
  'never-conversation': 'you asked never to capture this chat',
  'denied-host': 'this site is on your deny list',
};

export async function handleChatSkipped(message: Extract<PageMessage, { type: 'page:chat-skipped' }>): Promise<null> {
  await logDiagnostic({
    at: clock.now(),
    kind: 'skip',
    outcome: message.reason,
    detail: `${chatSiteLabel(message.site)}: ${SKIP_TEXT[message.reason]}`,
  });
  return null;
}

/** Why "Save this chat" could not run, for the user (see reply-error.ts). */
export class SaveChatError extends ReplyError<'unavailable'> {
  constructor(message: string) {
    super('unavailable', message);
  }
}

/**
 * "Save this chat": the on-demand script (src/content/chat/save-chat.ts, injected here, then run with the content
 * script's adapter and state: src/content/chat/tab-scripts.ts) collects every turn (scrolling a virtualized thread), which it sends as
 * manual turns through the same dedupe. A collection with fewer turns than an earlier one of the same chat is
 * reported as a failure, never as success.
 */
export async function saveThisChat(tabId: number, tabUrl: string | undefined): Promise<SaveThisChatResult> {
  const site = chatSiteForUrl(tabUrl);
  if (!site) throw new SaveChatError(t('bg_chat_unsupported'));
  // Decided here from the URL Chrome reports as well as by the page, so a page that says nothing cannot override it.
  const privateKind = privateChatByUrl(tabUrl);
  if (privateKind && (await loadSettings()).capture.skipTemporary) {
    throw new SaveChatError(privateKind === 'temporary-chat' ? t('bg_chat_temporary') : t('bg_chat_incognito'));
  }
  let reply: CollectChatReply | undefined;
  const done = beginSaveThisChat(tabId);
  try {
    // The collecting code is not part of the per-site content script: it is injected now, into the same world.
    await browser.scripting.executeScript({ target: { tabId }, files: [ON_DEMAND_SCRIPTS.saveChat.file] });
    // …and run there, next to the content script, which it asks for the adapter and the page's state.
    const [run] = await browser.scripting.executeScript({
      target: { tabId },
      func: collectChatInTab,
      args: [CHAT_HOST_GLOBAL, SAVE_CHAT_GLOBAL],
    });
    reply = run?.result as CollectChatReply | undefined;
  } catch {
    throw new SaveChatError(t('bg_chat_not_ready'));
  } finally {
    done();
  }
  if (!reply || typeof reply !== 'object') throw new SaveChatError(t('bg_chat_no_answer'));
  if (!reply.ok) throw new SaveChatError(reply.error);
  const key = `chat-saved-turns:${site}:${reply.conversationId}`;
  const stored = await kvGet<number | { turns: number; at: number }>(key);
  const previous = typeof stored === 'number' ? stored : (stored?.turns ?? 0);
  if (reply.turns < previous) {
    throw new SaveChatError(plural('bg_chat_fewer', reply.turns, formatNumber(previous)));
  }
  await kvSet(key, { turns: reply.turns, at: clock.now() });
  const generic = genericCount(reply.generic);
  return { turns: reply.turns, sent: reply.sent, site: chatSiteLabel(site), ...(generic ? { generic } : {}) };
}

/** The generic reader's counts from the page's reply, if they are counts at all. */
function genericCount(value: unknown): GenericCount | null {
  const count = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 100_000;
  const v = value as Partial<GenericCount> | null | undefined;
  if (!v || typeof v !== 'object' || !count(v.found) || !count(v.unattributed) || v.unattributed > v.found) return null;
  return { found: v.found, unattributed: v.unattributed };
}

/** Turn keys older than this are forgotten (a chat that old re-rendered would be captured again). */
export const TURN_KEY_MAX_AGE_MS = 365 * 86_400_000;
/** At most this many turn keys are kept, newest first. */
export const TURN_KEY_MAX_COUNT = 50_000;

/**
 * Keeps the turn-key store and the "Save this chat" counts bounded: drops keys older than `maxAgeMs` and, beyond
 * `maxCount`, the oldest. Run once per worker start.
 */
export async function pruneTurnKeys(
  limits: { maxAgeMs: number; maxCount: number } = { maxAgeMs: TURN_KEY_MAX_AGE_MS, maxCount: TURN_KEY_MAX_COUNT },
): Promise<number> {
  const now = clock.now();
  const database = await db();
  const all = await database.getAll('turns');
  const keep = new Set(
    all
      .filter((r) => now - r.at <= limits.maxAgeMs)
      .sort((a, b) => b.at - a.at)
      .slice(0, limits.maxCount)
      .map((r) => r.key),
  );
  const drop = all.filter((r) => !keep.has(r.key));
  if (drop.length > 0) {
    const tx = database.transaction('turns', 'readwrite');
    for (const r of drop) void tx.store.delete(r.key);
    await tx.done;
  }
  const kvTx = database.transaction('kv', 'readwrite');
  for (const key of await kvTx.store.getAllKeys()) {
    if (typeof key !== 'string' || !key.startsWith('chat-saved-turns:')) continue;
    const value = (await kvTx.store.get(key)) as number | { at?: number } | undefined;
    // Counts written before they carried a date are dated now, and age from here.
    if (typeof value === 'number') await kvTx.store.put({ turns: value, at: now }, key);
    else if (!value || typeof value.at !== 'number' || now - value.at > limits.maxAgeMs) await kvTx.store.delete(key);
  }
  await kvTx.done;
  return drop.length;
}
