/**
 * The one message router. Every incoming message is zod-parsed, its sender checked, and answered with a Reply:
 * errors are data. `ui:*` messages are served only to the extension's own pages; `page:*` only to our content
 * scripts in a top-level chat-site tab, for that tab's own site. Anything else gets `forbidden`, without a hint of
 * state.
 */
import browser from './browser';
import { chatSiteForUrl, healthCode } from '../shared/chat-sites';
import { parseMessage, type Message, type MessageOf, type Reply, type ReplyMap } from '../shared/messages';
import type { ConnectionMode } from '../shared/settings';
import { awaitOutcome, captureToOutbox } from './capture';
import { connectionInfo, saveConnection, testConnection } from './connection';
import { discard, edit, retry, split, undoRecent } from './outbox/actions';
import { buildStatus } from './status';
import { drainOutbox, probeSoon } from './outbox/sender';
import { loadSettings, updateSettings } from './settings-store';
import { readDiagnostics } from './db';
import { handleChatHealth, handleChatSkipped, handleChatTurn, injectChatReader, saveThisChat } from './chat-capture';
import { readSelection } from './page-capture';
import { readHealth } from './chat-health';
import { tabInfo } from './tab-info';
import { listNamespaces } from './namespaces';
import { debugInfo } from './debug-info';
import { pauseCapture, setNeverCapture } from './capture-pause';
import { badgeSoon } from './badge';
import { deleteMemoryQueued, editMemory, restoreMemory, searchPanel } from './memories-panel';
import { insertIntoChat } from './insert-into-chat';
import { ReplyError, errorReply, replyForError } from './reply-error';
import { t } from '../shared/i18n';
import { suggestCount, suggestOpen, syncSuggestions, takePendingQuery } from './suggestions';
import { POPUP_SOURCE_REF, chatSourceRef } from '../shared/source-ref';

export type Sender = {
  id?: string | undefined;
  url?: string | undefined;
  origin?: string | undefined;
  frameId?: number | undefined;
  tab?: { id?: number | undefined; url?: string; title?: string; incognito?: boolean };
};

type Handler<T extends Message['type']> = (message: MessageOf<T>, sender: Sender) => Promise<ReplyMap[T]>;

const handlers: { [T in Message['type']]: Handler<T> } = {
  'ui:settings-get': () => loadSettings(),
  'ui:settings-update': async (m) => {
    const next = await updateSettings(m.patch as Parameters<typeof updateSettings>[0]);
    await syncSuggestions(next);
    return next;
  },
  'ui:connection-get': () => connectionInfo(),
  'ui:connection-save': (m) => saveConnection(m.mode as ConnectionMode, m.apiUrl, m.token),
  'ui:connection-test': (m) =>
    testConnection({
      ...(m.mode ? { mode: m.mode } : {}),
      ...(m.apiUrl !== undefined ? { apiUrl: m.apiUrl } : {}),
      ...(m.token !== undefined ? { token: m.token } : {}),
    }),
  'ui:active-tab': async (m) => {
    const tab = await tabInfo(m.tabId);
    if (!tab)
      return {
        selection: '',
        title: '',
        url: '',
        site: null,
        siteHealth: null,
        siteHealthReason: null,
        conversation: null,
      };
    const page = await readSelection(tab.id);
    const stored = tab.site ? (await readHealth())[tab.site] : undefined;
    const live = tab.chat?.health && tab.chat.health !== 'unknown';
    const health = live ? tab.chat!.health : (stored?.state ?? 'unknown');
    // The reason is a code checked against the known ones, so a page cannot put its own words in the popup.
    const reason = health === 'degraded' ? healthCode(live ? (tab.chat?.reason ?? stored?.code) : stored?.code) : null;
    return {
      selection: page && page.from !== 'password' ? page.text : '',
      title: page?.title || tab.title || '',
      url: page?.url || tab.url || '',
      site: tab.site,
      siteHealth: tab.site ? health : null,
      siteHealthReason: tab.site ? reason : null,
      conversation: tab.site && tab.chat?.conversationId ? chatSourceRef(tab.site, tab.chat.conversationId) : null,
    };
  },
  'ui:quick-save': async (m) => {
    const tab = m.tabId !== undefined ? await tabInfo(m.tabId) : null;
    const queued = await captureToOutbox({
      content: m.content,
      kind: 'quick-save',
      sourceRef: tab?.url ?? POPUP_SOURCE_REF,
      ...(m.namespace ? { namespace: m.namespace } : {}),
      ...(m.tags ? { tags: m.tags } : {}),
      ...(m.split ? { split: true } : {}),
      metadata: tab?.url ? { url: tab.url, title: tab.title ?? '' } : {},
    });
    return awaitOutcome(queued);
  },
  'ui:status': async () => {
    // Opening the popup while the server is unreachable probes at once (a read; it does nothing otherwise).
    if (await probeSoon()) void drainOutbox();
    return buildStatus();
  },
  'ui:outbox-retry': async (m) => {
    await retry(m.id);
    return buildStatus();
  },
  'ui:outbox-discard': async (m) => {
    await discard(m.id);
    return buildStatus();
  },
  'ui:outbox-edit': async (m) => {
    await edit(m.id, m.content);
    return buildStatus();
  },
  'ui:outbox-split': async (m) => {
    await split(m.id);
    return buildStatus();
  },
  'ui:recent-undo': async (m) => {
    await undoRecent(m.id);
    return buildStatus();
  },
  'ui:namespaces': () => listNamespaces(),
  'ui:save-this-chat': async (m) => {
    const tab = await tabInfo(m.tabId);
    if (!tab) throw new ReplyError('not-found', t('bg_route_no_tab'));
    return saveThisChat(tab.id, tab.url);
  },
  'ui:capture-pause': (m) => pauseCapture(m.until),
  'ui:never-capture': (m) => setNeverCapture(m.conversation, m.never),
  'ui:memories-search': (m) => searchPanel(m),
  'ui:memory-edit': (m) => editMemory(m),
  'ui:memory-delete': (m) => deleteMemoryQueued(m),
  'ui:memory-restore': (m) => restoreMemory(m),
  'ui:insert-into-chat': (m) => insertIntoChat(m.tabId, m.texts),
  'ui:diagnostics': () => readDiagnostics(),
  'ui:debug-info': () => debugInfo(),
  'ui:suggest-pending': () => Promise.resolve(takePendingQuery()),
  'page:chat-turn': (m, sender) => handleChatTurn(m, sender),
  'page:chat-health': (m, sender) => handleChatHealth(m, sender),
  'page:chat-reader': (_m, sender) => injectChatReader(sender),
  'page:chat-skipped': (m) => handleChatSkipped(m),
  'page:suggest-count': (m) => suggestCount(m),
  // Synchronous up to sidePanel.open: the click's user gesture.
  'page:suggest-open': (m, sender) => suggestOpen(m, sender.tab?.id),
};

/** Is this sender allowed to send this message? */
export function senderAllowed(message: Message, sender: Sender, extensionId: string, extensionOrigin: string): boolean {
  if (sender.id !== extensionId) return false;
  if (message.type.startsWith('ui:')) {
    // Extension pages (popup, options): their URL is on our own origin. Content scripts' URLs are the page's.
    return !!sender.url && sender.url.startsWith(extensionOrigin);
  }
  // Content scripts: a top frame of a real tab whose URL (set by Chrome, not the page) is the site it claims.
  if (!sender.tab || sender.tab.id === undefined || sender.tab.id < 0) return false;
  if (sender.frameId !== undefined && sender.frameId !== 0) return false;
  const site = chatSiteForUrl(sender.url ?? sender.tab.url);
  return site !== null && 'site' in message && message.site === site;
}

export async function route(raw: unknown, sender: Sender): Promise<Reply<unknown>> {
  const parsed = parseMessage(raw);
  if (!parsed.success) return errorReply('bad-message', 'Unknown or malformed message.');
  const message = parsed.data;
  if (!senderAllowed(message, sender, browser.runtime.id, browser.runtime.getURL(''))) {
    return errorReply('forbidden', 'Not allowed.');
  }
  try {
    const handler = handlers[message.type] as Handler<Message['type']>;
    const value = await handler(message as never, sender);
    if (message.type !== 'ui:status' && message.type !== 'ui:diagnostics') badgeSoon();
    return { ok: true, value };
  } catch (err) {
    return replyForError(message.type, err);
  }
}
