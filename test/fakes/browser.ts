/**
 * The one in-memory fake of the browser, for every unit test. It is reached two ways, both over the same state:
 * - `browser.*` (background, via `webextension-polyfill`, which vitest aliases to this file);
 * - the global `chrome` (content scripts and pages, which do not load the polyfill: `__fake.installChrome`, which
 *   test/setup-unit.ts calls for a page; content tests call it with a tab).
 * It behaves like Chrome where code can tell the difference: storage.onChanged fires in a later task (never inside
 * the set/remove/clear call, and clear() reports every removed key); alarms are clamped to 30 s; tabs.query and
 * tabs.get answer from a tab table the test sets (an unknown id rejects); a tab message reaches the content script
 * listening in that tab, and with nobody listening it rejects as Chrome does. Alarms fire only when the test says.
 */

type Listener<A extends unknown[]> = (...args: A) => unknown;

// Taken at load (before any test installs fake timers): events are real tasks, as in the browser.
const realSetTimeout = globalThis.setTimeout;

class FakeEvent<A extends unknown[]> {
  listeners: Array<Listener<A>> = [];
  addListener(fn: Listener<A>): void {
    this.listeners.push(fn);
  }
  removeListener(fn: Listener<A>): void {
    this.listeners = this.listeners.filter((l) => l !== fn);
  }
  hasListener(fn: Listener<A>): boolean {
    return this.listeners.includes(fn);
  }
  /** Calls every listener; returns their results. */
  fire(...args: A): unknown[] {
    return this.listeners.map((l) => l(...args));
  }
}

/** Events the browser dispatches in a later task (storage.onChanged): not yet delivered ones. */
const pendingEvents = new Set<Promise<void>>();

/** Fires `event` in a later task, as Chrome does for storage changes (the caller's promise resolves first). */
function dispatchLater<A extends unknown[]>(event: FakeEvent<A>, ...args: A): void {
  const delivered = new Promise<void>((resolve) => {
    realSetTimeout(() => {
      try {
        event.fire(...args);
      } finally {
        resolve();
      }
    }, 0);
  });
  pendingEvents.add(delivered);
  void delivered.then(() => pendingEvents.delete(delivered));
}

/** Resolves once every event dispatched so far (and any those listeners caused) has been delivered. */
async function eventsDelivered(): Promise<void> {
  while (pendingEvents.size) await Promise.all([...pendingEvents]);
}

type MessageSender = { id: string; url?: string; tab?: FakeTab; frameId?: number };
type SendResponse = (response: unknown) => void;

/**
 * Chrome's message delivery: each listener gets (message, sender, sendResponse). The answer is the first of: a
 * promise a listener returns (the polyfill's style), a sendResponse called at once, or one called later by a
 * listener that returned true. No answer: undefined. Nobody listening rejects, as in Chrome.
 */
async function deliverMessage(
  listeners: ReadonlyArray<Listener<[unknown, MessageSender, SendResponse]>>,
  message: unknown,
  sender: MessageSender,
): Promise<unknown> {
  if (!listeners.length) throw new Error('Could not establish connection. Receiving end does not exist.');
  for (const listener of [...listeners]) {
    let answered = false;
    let answer: unknown;
    let late: SendResponse | null = null;
    const sendResponse: SendResponse = (response) => {
      if (late) return late(response);
      answered = true;
      answer = response;
    };
    const result = listener(message, sender, sendResponse);
    if (result && typeof (result as PromiseLike<unknown>).then === 'function') {
      const value = await result;
      if (value !== undefined) return value;
      continue;
    }
    if (answered) return answer;
    if (result === true) return new Promise((resolve) => (late = resolve));
  }
  return undefined;
}

class FakeStorageArea {
  data = new Map<string, unknown>();
  constructor(
    private readonly areaName: string,
    private readonly changed: FakeEvent<[Record<string, { oldValue?: unknown; newValue?: unknown }>, string]>,
  ) {}
  async get(keys?: string | string[] | Record<string, unknown> | null): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    if (keys == null) {
      for (const [k, v] of this.data) out[k] = structuredClone(v);
      return out;
    }
    const list = typeof keys === 'string' ? [keys] : Array.isArray(keys) ? keys : Object.keys(keys);
    for (const k of list) {
      if (this.data.has(k)) out[k] = structuredClone(this.data.get(k));
      else if (keys && typeof keys === 'object' && !Array.isArray(keys)) out[k] = (keys as Record<string, unknown>)[k];
    }
    return out;
  }
  async set(items: Record<string, unknown>): Promise<void> {
    const changes: Record<string, { oldValue?: unknown; newValue?: unknown }> = {};
    for (const [k, v] of Object.entries(items)) {
      changes[k] = { oldValue: this.data.get(k), newValue: structuredClone(v) };
      this.data.set(k, structuredClone(v));
    }
    dispatchLater(this.changed, changes, this.areaName);
  }
  async remove(keys: string | string[]): Promise<void> {
    const changes: Record<string, { oldValue?: unknown; newValue?: unknown }> = {};
    for (const k of typeof keys === 'string' ? [keys] : keys) {
      if (this.data.has(k)) changes[k] = { oldValue: this.data.get(k) };
      this.data.delete(k);
    }
    if (Object.keys(changes).length) dispatchLater(this.changed, changes, this.areaName);
  }
  /** Empties the area; like Chrome, onChanged reports every key that was there. */
  async clear(): Promise<void> {
    const changes: Record<string, { oldValue?: unknown; newValue?: unknown }> = {};
    for (const [k, v] of this.data) changes[k] = { oldValue: v };
    this.data.clear();
    if (Object.keys(changes).length) dispatchLater(this.changed, changes, this.areaName);
  }
  async setAccessLevel(_opts: { accessLevel: string }): Promise<void> {}
}

type AlarmInfo = { when?: number; delayInMinutes?: number; periodInMinutes?: number };
export type FakeAlarm = { name: string; scheduledTime: number; periodInMinutes?: number };

/** A tab in the fake's tab table (the fields the extension reads). */
export type FakeTab = {
  id: number;
  url?: string;
  title?: string;
  active?: boolean;
  windowId?: number;
  discarded?: boolean;
  status?: string;
  incognito?: boolean;
};

/** Chrome's shortest alarm (Chrome 120+): earlier `when`, `delayInMinutes` and `periodInMinutes` are raised to it. */
export const MIN_ALARM_MS = 30_000;

/** A match pattern (`https://host/*`, `*://*.host/*`) as a test of a URL, as tabs.query's `url` filter reads it. */
function matchesPattern(url: string, pattern: string): boolean {
  if (pattern === '<all_urls>') return /^(https?|file|ftp):/.test(url);
  const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return re.test(url);
}

const FOCUSED_WINDOW = 1;

/** tabs.query over the tab table: the filters the extension uses; any other one is a test's mistake. */
function queryTabs(tabs: Iterable<FakeTab>, q: Record<string, unknown>): FakeTab[] {
  const known = ['active', 'currentWindow', 'lastFocusedWindow', 'windowId', 'url', 'discarded', 'status', 'title'];
  for (const key of Object.keys(q)) if (!known.includes(key)) throw new Error(`fake tabs.query: no filter ${key}`);
  return [...tabs].filter((tab) => {
    const windowId = tab.windowId ?? FOCUSED_WINDOW;
    if (q.active !== undefined && (tab.active ?? false) !== q.active) return false;
    if (q.currentWindow !== undefined && (windowId === FOCUSED_WINDOW) !== q.currentWindow) return false;
    if (q.lastFocusedWindow !== undefined && (windowId === FOCUSED_WINDOW) !== q.lastFocusedWindow) return false;
    if (q.windowId !== undefined && windowId !== q.windowId) return false;
    if (q.discarded !== undefined && (tab.discarded ?? false) !== q.discarded) return false;
    if (q.status !== undefined && (tab.status ?? 'complete') !== q.status) return false;
    if (q.title !== undefined && !matchesPattern(tab.title ?? '', String(q.title))) return false;
    if (q.url !== undefined) {
      const patterns = ([] as string[]).concat(q.url as string | string[]);
      if (!tab.url || !patterns.some((p) => matchesPattern(tab.url!, p))) return false;
    }
    return true;
  });
}

function createFakeBrowser() {
  const storageChanged = new FakeEvent<[Record<string, { oldValue?: unknown; newValue?: unknown }>, string]>();
  const alarms = new Map<string, FakeAlarm>();
  /** What the code asked for, before Chrome's clamping (tests assert on the code's intent here). */
  const alarmsAsked = new Map<string, AlarmInfo>();
  let clockNow: () => number = () => Date.now();
  const menus = new Map<string, Record<string, unknown>>();
  const badge = { text: '', color: '', title: '' };
  const onMessage = new FakeEvent<[unknown, MessageSender, SendResponse]>();
  /** runtime.onMessage as each tab's content scripts see it (tabs.sendMessage delivers there). */
  const tabOnMessage = new Map<number, FakeEvent<[unknown, MessageSender, SendResponse]>>();
  const tabEvent = (tabId: number) => {
    let event = tabOnMessage.get(tabId);
    if (!event) tabOnMessage.set(tabId, (event = new FakeEvent()));
    return event;
  };
  const tabTable = new Map<number, FakeTab>();
  let nextTabId = 1000;
  const executed: Array<{ target: unknown; func?: unknown; args?: unknown[]; files?: string[] }> = [];
  let executeScriptImpl: (details: {
    target: unknown;
    func?: unknown;
    args?: unknown[];
    files?: string[];
  }) => Promise<unknown[]> = async () => [];
  const tabMessages: Array<{ tabId: number; message: unknown }> = [];
  let tabMessageImpl: ((tabId: number, message: unknown) => Promise<unknown>) | null = null;
  const openedOptions: number[] = [];
  let manifest: Record<string, unknown> = { version: '0.0.0-test', name: 'Mnueron' };
  const createdTabs: Array<{ url?: string }> = [];
  type RegisteredScript = {
    id: string;
    matches?: string[];
    js?: string[];
    runAt?: string;
    persistAcrossSessions?: boolean;
  };
  const registeredScripts = new Map<string, RegisteredScript>();

  /** The global `chrome` of a page (no tab) or of a content script in a tab: see `__fake.installChrome`. */
  function chromeView(tabId?: number) {
    const sender = (): MessageSender => {
      if (tabId === undefined) return { id: api.runtime.id, url: POPUP_URL };
      const tab = tabTable.get(tabId) ?? { id: tabId };
      return { id: api.runtime.id, tab: structuredClone(tab), frameId: 0, ...(tab.url ? { url: tab.url } : {}) };
    };
    const runtime = {
      ...api.runtime,
      onMessage: tabId === undefined ? new FakeEvent<[unknown, MessageSender, SendResponse]>() : tabEvent(tabId),
      sendMessage: (message: unknown) => deliverMessage(onMessage.listeners, message, sender()),
    };
    if (tabId !== undefined) {
      // What Chrome gives a content script: runtime messaging, storage (i18n is added by installChrome).
      const { id, getURL, getManifest, onMessage: tabMessages, sendMessage } = runtime;
      return { runtime: { id, getURL, getManifest, onMessage: tabMessages, sendMessage }, storage: api.storage };
    }
    const { __fake: _, ...apis } = api;
    return { ...apis, runtime };
  }

  const api = {
    runtime: {
      id: 'fakeextensionid',
      getURL: (path: string) => `chrome-extension://fakeextensionid/${path.replace(/^\//, '')}`,
      getManifest: () => structuredClone(manifest),
      onInstalled: new FakeEvent<[{ reason: string }]>(),
      onStartup: new FakeEvent<[]>(),
      onMessage,
      onConnect: new FakeEvent<[unknown]>(),
      /** Delivers to onMessage listeners as if from an extension page; resolves with the first answer. */
      async sendMessage(message: unknown): Promise<unknown> {
        return deliverMessage(onMessage.listeners, message, { id: 'fakeextensionid', url: POPUP_URL });
      },
      async openOptionsPage(): Promise<void> {
        openedOptions.push(Date.now());
      },
    },
    storage: {
      local: new FakeStorageArea('local', storageChanged),
      session: new FakeStorageArea('session', storageChanged),
      sync: new FakeStorageArea('sync', storageChanged),
      onChanged: storageChanged,
    },
    alarms: {
      /** Like Chrome: nothing fires sooner than 30 s from now, nor repeats more often than every 30 s. */
      async create(name: string, info: AlarmInfo) {
        const now = clockNow();
        alarmsAsked.set(name, { ...info });
        const minutes = (m: number) => Math.max(m * 60_000, MIN_ALARM_MS);
        const first =
          info.when !== undefined ? info.when : now + minutes(info.delayInMinutes ?? info.periodInMinutes ?? 0);
        const period = info.periodInMinutes === undefined ? undefined : minutes(info.periodInMinutes) / 60_000;
        alarms.set(name, {
          name,
          scheduledTime: Math.max(first, now + MIN_ALARM_MS),
          ...(period === undefined ? {} : { periodInMinutes: period }),
        });
      },
      async get(name: string) {
        return alarms.get(name);
      },
      async getAll() {
        return [...alarms.values()];
      },
      async clear(name: string) {
        alarmsAsked.delete(name);
        return alarms.delete(name);
      },
      onAlarm: new FakeEvent<[FakeAlarm]>(),
    },
    contextMenus: {
      create(props: Record<string, unknown>, cb?: () => void) {
        menus.set(String(props.id), props);
        cb?.();
        return props.id;
      },
      async removeAll() {
        menus.clear();
      },
      onClicked: new FakeEvent<[Record<string, unknown>, Record<string, unknown> | undefined]>(),
    },
    omnibox: {
      onInputChanged: new FakeEvent<[string, (suggestions: unknown[]) => void]>(),
      onInputEntered: new FakeEvent<[string, string]>(),
    },
    commands: { onCommand: new FakeEvent<[string, Record<string, unknown> | undefined]>() },
    action: {
      async setBadgeText({ text }: { text: string }) {
        badge.text = text;
      },
      async setBadgeBackgroundColor({ color }: { color: string }) {
        badge.color = color;
      },
      async setTitle({ title }: { title: string }) {
        badge.title = title;
      },
      async openPopup() {},
    },
    tabs: {
      onActivated: new FakeEvent<[{ tabId: number; windowId: number }]>(),
      onUpdated: new FakeEvent<[number, Record<string, unknown>, Record<string, unknown>]>(),
      async query(q: Record<string, unknown>) {
        return queryTabs(tabTable.values(), q).map((tab) => structuredClone(tab));
      },
      async get(id: number) {
        const tab = tabTable.get(id);
        if (!tab) throw new Error(`No tab with id: ${id}.`);
        return structuredClone(tab);
      },
      async create(props: { url?: string; active?: boolean }) {
        createdTabs.push(props);
        const tab: FakeTab = { id: nextTabId++, windowId: FOCUSED_WINDOW, active: props.active ?? true, ...props };
        tabTable.set(tab.id, tab);
        return structuredClone(tab);
      },
      async update(props: { url?: string }) {
        const tab = [...tabTable.values()].find((t) => t.active && (t.windowId ?? FOCUSED_WINDOW) === FOCUSED_WINDOW);
        if (!tab) throw new Error('No current tab.');
        Object.assign(tab, props);
        return structuredClone(tab);
      },
      /** To the content scripts listening in that tab (or the test's handler); nobody there rejects like Chrome. */
      async sendMessage(tabId: number, message: unknown) {
        tabMessages.push({ tabId, message });
        if (tabMessageImpl) return tabMessageImpl(tabId, message);
        return deliverMessage(tabOnMessage.get(tabId)?.listeners ?? [], message, { id: 'fakeextensionid' });
      },
    },
    scripting: {
      async executeScript(details: { target: unknown; func?: unknown; args?: unknown[]; files?: string[] }) {
        executed.push(details);
        return executeScriptImpl(details);
      },
      async getRegisteredContentScripts(filter?: { ids?: string[] }) {
        return [...registeredScripts.values()]
          .filter((script) => !filter?.ids || filter.ids.includes(script.id))
          .map((script) => structuredClone(script));
      },
      async registerContentScripts(scripts: RegisteredScript[]) {
        for (const script of scripts) {
          if (registeredScripts.has(script.id)) throw new Error(`Duplicate script ID '${script.id}'`);
          registeredScripts.set(script.id, structuredClone(script));
        }
      },
      async unregisterContentScripts(filter?: { ids?: string[] }) {
        for (const id of filter?.ids ?? [...registeredScripts.keys()]) registeredScripts.delete(id);
      },
    },
    permissions: {
      async contains() {
        return true;
      },
      async request() {
        return true;
      },
    },
    extension: { inIncognitoContext: false },
    /** Test-only controls and records. */
    __fake: {
      alarms,
      alarmsAsked,
      /** The browser's clock for alarms (tests that move an injected clock pass it here). */
      setNow(now: () => number) {
        clockNow = now;
      },
      menus,
      badge,
      executed,
      registeredScripts,
      tabMessages,
      openedOptions,
      createdTabs,
      setExecuteScript(fn: typeof executeScriptImpl) {
        executeScriptImpl = fn;
      },
      setTabMessageHandler(fn: typeof tabMessageImpl) {
        tabMessageImpl = fn;
      },
      /** Extra manifest fields (e.g. content_scripts) that runtime.getManifest() returns. */
      setManifest(extra: Record<string, unknown>) {
        manifest = { ...manifest, ...extra };
      },
      /** The open tabs that tabs.query and tabs.get answer from (replaces the table). */
      setTabs(list: FakeTab[]) {
        tabTable.clear();
        for (const tab of list) tabTable.set(tab.id, structuredClone(tab));
      },
      tabs: tabTable,
      /** Resolves once every storage.onChanged dispatched so far has reached its listeners. */
      eventsDelivered,
      /**
       * Puts this fake on the global `chrome`, as a page sees it (no tab) or as a content script in `tabId` sees it:
       * same storage, its own runtime.onMessage (what tabs.sendMessage delivers to), sendMessage to the extension's
       * listeners with that tab as sender. Keeps `chrome.i18n` (test/fakes/i18n.ts).
       */
      installChrome(context: { tabId?: number } = {}) {
        const g = globalThis as { chrome?: Record<string, unknown> };
        const view = chromeView(context.tabId);
        g.chrome = { ...view, ...(g.chrome?.i18n ? { i18n: g.chrome.i18n } : {}) };
        return view;
      },
      /** Fires every alarm due at or before `now` (a periodic one is scheduled again, as in Chrome). */
      async fireDueAlarms(now = clockNow()) {
        for (const alarm of [...alarms.values()]) {
          if (alarm.scheduledTime <= now) {
            if (alarm.periodInMinutes) {
              alarms.set(alarm.name, { ...alarm, scheduledTime: now + alarm.periodInMinutes * 60_000 });
            } else alarms.delete(alarm.name);
            await Promise.all(fakeBrowser.alarms.onAlarm.fire(alarm));
          }
        }
      },
    },
  };
  return api;
}

export type FakeBrowser = ReturnType<typeof createFakeBrowser>;

const POPUP_URL = 'chrome-extension://fakeextensionid/src/popup/index.html';

// eslint-disable-next-line prefer-const
export let fakeBrowser: FakeBrowser = createFakeBrowser();

/** A fresh fake for each test (test/setup-unit.ts calls it). The default export keeps its identity. */
export function resetFakeBrowser(): void {
  const next = createFakeBrowser();
  for (const key of Object.keys(next) as Array<keyof FakeBrowser>) {
    (fakeBrowser as Record<string, unknown>)[key] = next[key];
  }
}

export default fakeBrowser;
