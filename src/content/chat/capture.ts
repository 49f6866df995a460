/**
 * Automatic capture on one chat tab: reads the capture switches, follows SPA navigation, attaches a tracker to the
 * open conversation's thread, runs the canary, and sends what it captured. What is asked of the page only now and
 * then (the popup's "this site", "Save this chat") is not here: the page publishes its state (`ChatHost`,
 * save-chat-api.ts) and the background runs that code next to it when asked (tab-scripts.ts).
 *
 * While the site is disabled only one passive listener exists (settings changes); no observer, no navigation
 * listener, no timer. Every listener, observer and timer hangs off an AbortController, so a second
 * injection can abort the first.
 */
import type { ChatSiteId, HealthCode } from '../../shared/chat-sites';
import type { ChatTurnMessage, PageMessage } from '../../shared/messages';
import type { SiteAdapter } from './adapter';
import { SentTurns, type Exchange, type ReadExchange } from './exchange';
import { CHAT_HOST_GLOBAL, type ChatHost } from './save-chat-api';
import { track, type Tracker, type TurnsSeen } from './tracker';

/** shared/settings.ts SETTINGS_KEY; not imported because that module pulls zod into the content script. */
const SETTINGS_KEY = 'settings';
/** Looking for a thread that is not there yet (SPA still rendering): bounded retries, then stop. */
const RETRY_MS = [250, 500, 1_000, 2_000];
/** The canary's verdict, after the last retry. */
const CANARY_MS = 4_000;

type SkipReason = Extract<PageMessage, { type: 'page:chat-skipped' }>['reason'];

/** The capture switches this page needs, read defensively from the raw stored settings (no zod here). */
export type Switches = {
  on: boolean;
  pausedUntil: number | null;
  skipTemporary: boolean;
  content: 'exchange' | 'user' | 'assistant';
  denyHosts: string[];
  never: string[];
};

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

export function readSwitches(raw: unknown, site: ChatSiteId): Switches {
  const c = obj(obj(raw).capture);
  return {
    on: obj(obj(c.sites)[site]).enabled === true,
    pausedUntil: typeof c.pausedUntil === 'number' ? c.pausedUntil : null,
    skipTemporary: c.skipTemporary !== false,
    content: c.content === 'user' || c.content === 'assistant' ? c.content : 'exchange',
    denyHosts: strings(c.denyHosts),
    never: strings(c.neverConversations),
  };
}

/** `read`: how this site's script reads a finished exchange (exchange.ts `ReadExchange`). */
export function startChatCapture(a: SiteAdapter, read: ReadExchange): AbortController {
  const ctl = new AbortController();
  const sentTurns = new SentTurns();
  const reported = new Set<string>();
  let sw = readSwitches(undefined, a.site);
  let settingsSeen = false;
  /** Alive while the site is enabled. */
  let session: AbortController | null = null;
  /** Alive while one conversation is attached. */
  let page: AbortController | null = null;
  let tracker: Tracker | null = null;
  let root: Element | null = null;
  let conv: string | null = null;
  let health = '';
  let reason: HealthCode | null = null;

  type Answer = { ok?: boolean; value?: { accepted?: boolean } | null } | undefined;
  async function ask(m: PageMessage): Promise<Answer | null> {
    try {
      return (await chrome.runtime.sendMessage(m)) as Answer;
    } catch {
      // The extension was reloaded or removed: this copy of the script is orphaned.
      if (!chrome.runtime?.id) ctl.abort();
      return null;
    }
  }
  async function send(m: PageMessage): Promise<boolean> {
    const reply = await ask(m);
    return reply !== null && reply?.ok !== false;
  }

  /** "ok" with the turn count (debug text); "degraded" with its code only, the background words it. */
  function setHealth(state: 'ok' | 'degraded', detail: string | HealthCode) {
    const key = `${conv}:${state}`;
    if (key === health) return;
    health = key;
    const m: PageMessage = { type: 'page:chat-health', site: a.site, state };
    reason = null;
    if (state === 'ok') m.detail = detail;
    else {
      // (the background then counts the adapter's selectors in this page, for the debug info: sites/probes.ts)
      m.code = reason = detail as HealthCode;
    }
    void send(m);
  }

  function skipReason(url: URL): SkipReason | null {
    if (sw.pausedUntil !== null && Date.now() < sw.pausedUntil) return 'paused';
    if (sw.denyHosts.includes(url.hostname)) return 'denied-host';
    if (sw.never.includes(`${a.site}:${conv}`)) return 'never-conversation';
    return sw.skipTemporary ? a.privateChat(url, document, tracker?.root() ?? root) : null;
  }

  /** 'accepted': the background took it as new; 'known': it had it (or refused it); 'failed': no answer. */
  async function post(
    ex: Exchange,
    conversationId: string,
    replaces?: string,
    manual?: boolean,
    generic?: boolean,
  ): Promise<'accepted' | 'known' | 'failed'> {
    const messages = sw.content === 'exchange' ? ex.messages : ex.messages.filter((m) => m.role === sw.content);
    if (!messages.length) return 'known';
    const m: ChatTurnMessage = {
      type: 'page:chat-turn',
      site: a.site,
      conversationId,
      turnKey: ex.key,
      messages,
      stopped: ex.stopped,
    };
    const title = a.title(document);
    if (title) m.title = title;
    if (replaces) m.replaces = replaces;
    if (manual) m.manual = true;
    if (generic) m.generic = true;
    const reply = await ask(m);
    if (reply === null) return 'failed';
    return reply?.ok !== false && reply?.value?.accepted !== false ? 'accepted' : 'known';
  }

  /** Live capture: a turn whose message got no answer (the worker failed to start) is tried again, a few times. */
  async function postWithRetry(ex: Exchange, conversationId: string, replaces?: string) {
    for (const wait of [1_000, 4_000, 15_000]) {
      if ((await post(ex, conversationId, replaces)) !== 'failed' || ctl.signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, wait));
      if (ctl.signal.aborted) return;
    }
    await post(ex, conversationId, replaces);
  }

  function deliver(ex: Exchange) {
    if (!conv || !sw.on) return;
    const reason = skipReason(new URL(location.href));
    if (reason) {
      if (!reported.has(`${conv}:${reason}`)) {
        reported.add(`${conv}:${reason}`);
        void send({ type: 'page:chat-skipped', site: a.site, reason });
      }
      return;
    }
    const claim = sentTurns.claim(conv, ex);
    if (claim) void postWithRetry(ex, conv, claim.replaces);
  }

  function attach() {
    page?.abort();
    page = null;
    tracker = null;
    root = null;
    conv = session ? a.conversationId(new URL(location.href)) : null;
    if (!conv) return;
    const current = conv;
    const { signal } = (page = new AbortController());
    const later = (fn: () => void, ms: number) => {
      const t = setTimeout(fn, ms);
      signal.addEventListener('abort', () => clearTimeout(t));
    };
    let healthy = false;
    let seen: TurnsSeen | null = null;
    const look = (attempt: number) => {
      root = a.container(document);
      if (root) {
        tracker = track({
          adapter: a,
          doc: document,
          root,
          signal,
          onAnswer: (list, i, stopped) =>
            void Promise.resolve(read(a, current, list, i, stopped)).then((ex) => ex && !signal.aborted && deliver(ex)),
          onBaseline: (list, i) =>
            void Promise.resolve(read(a, current, list, i, false, true)).then(
              (ex) => ex && sentTurns.seen(current, ex),
            ),
          onTurns(s) {
            seen = s;
            // "working" only when the page yields both roles and the completion signal the adapter expects
            if (!s.user || !s.assistant || !s.signal) return;
            healthy = true;
            setHealth('ok', `${s.count} turns`);
          },
        });
      } else if (attempt < RETRY_MS.length) later(() => look(attempt + 1), RETRY_MS[attempt]!);
    };
    look(0);
    // The canary: a conversation page where the selectors find nothing means the site changed, not "no chat".
    later(() => {
      tracker?.baseline();
      if (healthy) return;
      const s = seen as TurnsSeen | null;
      setHealth(
        'degraded',
        !root
          ? 'no-thread'
          : !s?.count
            ? 'no-turns'
            : !s.user && !s.assistant
              ? 'no-roles'
              : !s.assistant
                ? 'no-answers'
                : !s.user
                  ? 'no-questions'
                  : 'no-signal',
      );
    }, CANARY_MS);
  }

  const onNav = () => {
    const thread = tracker?.root() ?? root;
    if (a.conversationId(new URL(location.href)) !== conv || (thread && !thread.isConnected)) attach();
  };
  const onClick = (e: Event) => {
    if ((e.target as Element | null)?.closest?.(a.stop)) tracker?.stopClicked();
  };

  function apply(raw: unknown) {
    sw = readSwitches(raw, a.site);
    if (sw.on && !session) {
      const { signal } = (session = new AbortController());
      // SPA navigation: the Navigation API's navigatesuccess (Chromium fires it for pushState, replaceState and
      // back/forward too, checked 2026-09), plus popstate where that API is missing.
      (globalThis as { navigation?: EventTarget }).navigation?.addEventListener('navigatesuccess', onNav, { signal });
      addEventListener('popstate', onNav, { signal });
      document.addEventListener('click', onClick, { capture: true, signal });
      attach();
    } else if (!sw.on && session) {
      session.abort();
      session = null;
      attach();
    }
  }

  const onStorage = (changes: Record<string, chrome.storage.StorageChange>, area: string) => {
    if (area !== 'local' || !changes[SETTINGS_KEY]) return;
    settingsSeen = true;
    apply(changes[SETTINGS_KEY].newValue);
  };
  const host: ChatHost = {
    adapter: a,
    health: () => ({
      state: health.endsWith(':degraded') ? 'degraded' : health.endsWith(':ok') ? 'ok' : 'unknown',
      reason,
    }),
    skipTemporary: () => sw.skipTemporary,
    async send(ex, id, generic) {
      sentTurns.claim(id, ex);
      return (await post(ex, id, undefined, true, generic)) === 'accepted';
    },
  };
  const g = globalThis as unknown as Record<string, ChatHost | undefined>;
  g[CHAT_HOST_GLOBAL] = host;

  chrome.storage.onChanged.addListener(onStorage);
  ctl.signal.addEventListener('abort', () => {
    session?.abort();
    page?.abort();
    if (g[CHAT_HOST_GLOBAL] === host) delete g[CHAT_HOST_GLOBAL];
    try {
      chrome.storage.onChanged.removeListener(onStorage);
    } catch {
      // orphaned after an extension reload: nothing left to remove
    }
  });
  chrome.storage.local.get(SETTINGS_KEY).then(
    (v) => {
      if (!settingsSeen && !ctl.signal.aborted) apply(v[SETTINGS_KEY]);
    },
    () => {},
  );
  return ctl;
}
