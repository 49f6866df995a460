/**
 * The toolbar popup. It must open instantly, so the first paint waits for one message (`ui:status`); the tab's
 * selection (`ui:active-tab`), settings (for the site switch and default tags) and namespaces are asked for at
 * the same time and fill in when they arrive, without blocking anything.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { send } from '../shared/ui-client';
import type { ActiveTabInfo, Reply, StatusView, UiMessage } from '../shared/messages';
import type { Settings } from '../shared/settings';
import { CHAT_SITES, type ChatSiteId } from '../shared/chat-sites';
import { openOptionsPage } from '../ui/chrome-api';
import { WINDOW_ID_CURRENT, openPanel } from '../shared/open-panel';
import { modeLabel, connectionStateLabel } from '../ui/connection-text';
import { errorText, hostOf } from '../ui/format';
import { Brand } from '../ui/Brand';
import { LiveStatus, type Notice } from '../ui/LiveStatus';
import { lazyComponent } from '../ui/lazy';
import { FirstRun } from './components/FirstRun';
import { QuickSave } from './components/QuickSave';
import { QuotaMeter } from './components/QuotaMeter';
import { StatusAlerts } from './components/StatusAlerts';
import { t } from '../shared/i18n';

// Loaded after the first frame (main.tsx preloads them right after the first render): the first chunk holds the
// header, the alerts and the quick-save form, what the popup is opened for. These show only in some states (a chat
// site, a missing host permission, queued items, recent saves) and fill in a moment later.
export const AccessAlert = lazyComponent(() => import('./components/AccessAlert').then((m) => m.AccessAlert));
export const ThisSite = lazyComponent(() => import('./components/ThisSite').then((m) => m.ThisSite));
export const OutboxPanel = lazyComponent(() => import('./components/OutboxPanel').then((m) => m.OutboxPanel));
export const RecentList = lazyComponent(() => import('./components/RecentList').then((m) => m.RecentList));

/** Starts loading the code the first frame left out; settles when it is all there. */
export async function preloadRest(): Promise<void> {
  await Promise.all([AccessAlert, ThisSite, OutboxPanel, RecentList].map((component) => component.preload()));
}

export type AppProps = {
  /** From `?tab=<id>`; absent → the background uses the active tab. */
  tabId?: number | undefined;
  /** The status request main.tsx started before the first render (used by the first load only). */
  initialStatus?: Promise<Reply<StatusView>>;
};

/** While something is waiting to be sent, refresh the status this often so the counts do not go stale. */
const REFRESH_MS = 4_000;

/** Nothing set up and nothing ever saved or queued: the welcome screen instead of the main view. */
export function isFirstRun(status: StatusView): boolean {
  return (
    status.connection.lastResult === null &&
    status.pending === 0 &&
    status.items.length === 0 &&
    status.recent.length === 0
  );
}

type StatusMessage = Extract<
  UiMessage,
  { type: 'ui:outbox-retry' | 'ui:outbox-discard' | 'ui:outbox-edit' | 'ui:outbox-split' | 'ui:recent-undo' }
>;

export function App({ tabId, initialStatus }: AppProps) {
  const [status, setStatus] = useState<StatusView | null>(null);
  const [tab, setTab] = useState<ActiveTabInfo | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [namespaces, setNamespaces] = useState<string[]>([]);
  const [welcomeDone, setWelcomeDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);

  const refresh = useCallback(async () => {
    const reply = await send<'ui:status'>({ type: 'ui:status' });
    if (reply.ok) setStatus(reply.value);
  }, []);

  const firstStatus = useRef(initialStatus);
  const load = useCallback(async () => {
    setLoadError(null);
    const pending = firstStatus.current ?? send<'ui:status'>({ type: 'ui:status' });
    firstStatus.current = undefined;
    // The status alone gates the first full paint; the rest is asked for right after it, so the background answers
    // the status first. The tab's selection needs a script run in the page (the slow part) and fills the field in
    // when it arrives, unless the user has started typing.
    const statusReply = await pending;
    if (statusReply.ok) setStatus(statusReply.value);
    else setLoadError(errorText(statusReply.error));
    void send<'ui:active-tab'>({ type: 'ui:active-tab', ...(tabId !== undefined ? { tabId } : {}) }).then(
      // Without the tab the popup still works (no selection, no site section); without the status it cannot.
      (tabReply) => setTab(tabReply.ok ? tabReply.value : null),
    );
    void send<'ui:settings-get'>({ type: 'ui:settings-get' }).then((r) => r.ok && setSettings(r.value));
    void send<'ui:namespaces'>({ type: 'ui:namespaces' }).then((r) => r.ok && setNamespaces(r.value));
  }, [tabId]);

  useEffect(() => {
    void load();
  }, [load]);

  const waiting = status ? status.pending + status.inFlight : 0;
  useEffect(() => {
    if (waiting === 0) return;
    const timer = setTimeout(() => void refresh(), REFRESH_MS);
    return () => clearTimeout(timer);
  }, [status, waiting, refresh]);

  /** Sends an outbox/recent action; its reply is the new status. */
  const act = async (message: StatusMessage, done?: string) => {
    setBusy(true);
    setNotice(null);
    const reply = (await send(message)) as Reply<StatusView>;
    setBusy(false);
    if (reply.ok) {
      setStatus(reply.value);
      if (done) setNotice({ tone: 'ok', text: done });
    } else setNotice({ tone: 'error', text: errorText(reply.error) });
  };

  const pauseCapture = async (until: null) => {
    setBusy(true);
    const reply = await send<'ui:capture-pause'>({ type: 'ui:capture-pause', until });
    setBusy(false);
    if (reply.ok) {
      setSettings(reply.value);
      await refresh();
    } else setNotice({ tone: 'error', text: errorText(reply.error) });
  };

  const site = CHAT_SITES.find((s) => s.id === tab?.site);
  const toggleSite = async (siteId: ChatSiteId, enabled: boolean) => {
    if (!settings) return;
    const sites = { ...settings.capture.sites, [siteId]: { ...settings.capture.sites[siteId], enabled } };
    // Show the new state at once; the reply (or the old settings, on failure) settles it.
    const previous = settings;
    setSettings({ ...settings, capture: { ...settings.capture, sites } });
    const reply = await send<'ui:settings-update'>({
      type: 'ui:settings-update',
      patch: { capture: { sites: { [siteId]: sites[siteId] } } },
    });
    if (reply.ok) setSettings(reply.value);
    else {
      setSettings(previous);
      setNotice({ tone: 'error', text: t('popup_change_capture_failed', errorText(reply.error)) });
    }
  };

  const setNeverCapture = async (never: boolean) => {
    const conversation = tab?.conversation;
    if (!conversation) return;
    const reply = await send<'ui:never-capture'>({ type: 'ui:never-capture', conversation, never });
    if (reply.ok) {
      setSettings(reply.value);
      setNotice({ tone: 'ok', text: t(never ? 'popup_never_capture_on' : 'popup_never_capture_off') });
    } else setNotice({ tone: 'error', text: t('popup_change_failed', errorText(reply.error)) });
  };

  if (loadError) {
    return (
      <main class="popup popup-error">
        <Brand />
        <div class="notice tone-error">
          <p class="notice-title">{t('popup_load_failed')}</p>
          <p class="small">{loadError}</p>
        </div>
        <button type="button" class="primary" onClick={() => void load()}>
          {t('popup_try_again')}
        </button>
      </main>
    );
  }
  if (!status) {
    return (
      <main class="popup popup-loading" aria-busy="true">
        <Brand />
        <p class="muted small">{t('popup_loading')}</p>
      </main>
    );
  }
  if (!welcomeDone && isFirstRun(status)) {
    return (
      <>
        <AccessAlert apiUrl={status.connection.apiUrl} settings={settings} firstRun />
        <FirstRun
          connection={status.connection}
          onOpenSettings={openOptionsPage}
          onConnected={() => {
            setWelcomeDone(true);
            void refresh();
          }}
          onSkip={() => setWelcomeDone(true)}
        />
      </>
    );
  }

  const { connection } = status;
  // What the outbox meets now outranks the last explicit test: a green "Connected" under a "Server
  // unreachable" alert would contradict itself.
  const [dotTone, stateLabel] =
    status.paused?.kind === 'auth'
      ? ['error', t('ui_state_token_rejected')]
      : status.retryAt
        ? ['warn', t('ui_state_retrying')]
        : connection.lastResult === 'connected'
          ? ['ok', t('ui_state_connected')]
          : [connection.lastResult === null ? '' : 'error', connectionStateLabel(connection.lastResult)];
  const degraded = !!site && (tab?.siteHealth === 'degraded' || status.degradedSites.includes(site.id));
  const tagSuggestions = [...(settings?.defaults.tags ?? []), ...status.recent.flatMap((r) => r.tags)];

  return (
    <main class="popup">
      <header class="popup-header">
        <div class="popup-header-row">
          <Brand size={24} />
          <div class="popup-header-actions">
            <button type="button" class="small" onClick={() => openPanel(tabId, WINDOW_ID_CURRENT)}>
              {t('sidepanel_open')}
            </button>
            <button type="button" class="small" onClick={openOptionsPage}>
              {t('popup_settings')}
            </button>
          </div>
        </div>
        <p class="connection-line small">
          <span class={`dot ${dotTone}`} aria-hidden="true" />
          <span>
            {modeLabel(connection.mode)} · {stateLabel}
          </span>
          <span class="connection-host" title={connection.apiUrl}>
            {hostOf(connection.apiUrl)}
          </span>
        </p>
      </header>

      <StatusAlerts
        status={status}
        busy={busy}
        onOpenSettings={openOptionsPage}
        onRetryAll={() => void act({ type: 'ui:outbox-retry' })}
        onResumeCapture={() => void pauseCapture(null)}
      />
      <AccessAlert apiUrl={connection.apiUrl} settings={settings} />
      <LiveStatus tone={notice?.tone} label={t('popup_action_status')}>
        {notice?.text}
      </LiveStatus>

      {site && (
        <ThisSite
          siteLabel={site.label}
          enabled={settings ? settings.capture.sites[site.id].enabled : null}
          health={degraded ? 'degraded' : (tab?.siteHealth ?? null)}
          reason={tab?.siteHealthReason ?? null}
          tabId={tabId}
          onToggle={(enabled) => void toggleSite(site.id, enabled)}
          conversation={tab?.conversation ?? null}
          neverCapture={
            settings && tab?.conversation ? settings.capture.neverConversations.includes(tab.conversation) : null
          }
          onNeverCapture={(never) => void setNeverCapture(never)}
        />
      )}

      <QuickSave
        tabId={tabId}
        initialText={tab?.selection ?? ''}
        defaultNamespace={settings?.defaults.namespace ?? 'default'}
        namespaces={namespaces}
        tagSuggestions={tagSuggestions}
        onSaved={() => void refresh()}
      />

      {status.quota && status.paused?.kind !== 'quota' && (
        <section class="panel" aria-label={t('popup_plan_usage')}>
          <QuotaMeter quota={status.quota} />
        </section>
      )}

      <OutboxPanel
        status={status}
        busy={busy}
        onRetry={(id) => void act({ type: 'ui:outbox-retry', id })}
        onEdit={(id, content) => void act({ type: 'ui:outbox-edit', id, content }, t('popup_done_edited'))}
        onDiscard={(id) => void act({ type: 'ui:outbox-discard', id }, t('popup_done_discarded'))}
        onSplit={(id) => void act({ type: 'ui:outbox-split', id }, t('popup_done_split'))}
      />

      <RecentList
        recent={status.recent}
        busy={busy}
        onUndo={(id) => void act({ type: 'ui:recent-undo', id }, t('popup_done_undone'))}
      />
    </main>
  );
}
