/**
 * An in-memory fake of the `browser.*` surface the extension uses, for unit tests (vitest aliases
 * `webextension-polyfill` to this file). Behaviour follows Chrome's where tests depend on it: storage change
 * events, alarms that fire only when the test says so, messages delivered to registered listeners.
 */

type Listener<A extends unknown[]> = (...args: A) => unknown;

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
    this.changed.fire(changes, this.areaName);
  }
  async remove(keys: string | string[]): Promise<void> {
    const changes: Record<string, { oldValue?: unknown; newValue?: unknown }> = {};
    for (const k of typeof keys === 'string' ? [keys] : keys) {
      if (this.data.has(k)) changes[k] = { oldValue: this.data.get(k) };
      this.data.delete(k);
    }
    this.changed.fire(changes, this.areaName);
  }
  async clear(): Promise<void> {
    this.data.clear();
  }
  async setAccessLevel(_opts: { accessLevel: string }): Promise<void> {}
}

export type FakeAlarm = { name: string; scheduledTime: number; periodInMinutes?: number };

function createFakeBrowser() {
  const storageChanged = new FakeEvent<[Record<string, { oldValue?: unknown; newValue?: unknown }>, string]>();
  const alarms = new Map<string, FakeAlarm>();
  const menus = new Map<string, Record<string, unknown>>();
  const badge = { text: '', color: '', title: '' };
  const onMessage = new FakeEvent<[unknown, unknown]>();
  const executed: Array<{ target: unknown; func?: unknown; args?: unknown[]; files?: string[] }> = [];
  let executeScriptImpl: (details: {
    target: unknown;
    func?: unknown;
    args?: unknown[];
    files?: string[];
  }) => Promise<unknown[]> = async () => [];
  const tabMessages: Array<{ tabId: number; message: unknown }> = [];
  let tabMessageImpl: (tabId: number, message: unknown) => Promise<unknown> = async () => undefined;
  const openedOptions: number[] = [];
  let manifest: Record<string, unknown> = { version: '0.0.0-test', name: 'Mnueron' };
  let tabsQueryImpl: (query: Record<string, unknown>) => Promise<Array<Record<string, unknown>>> = async () => [];
  const createdTabs: Array<{ url?: string }> = [];
  type RegisteredScript = {
    id: string;
    matches?: string[];
    js?: string[];
    runAt?: string;
    persistAcrossSessions?: boolean;
  };
  const registeredScripts = new Map<string, RegisteredScript>();

  return {
    runtime: {
      id: 'fakeextensionid',
      getURL: (path: string) => `chrome-extension://fakeextensionid/${path.replace(/^\//, '')}`,
      getManifest: () => structuredClone(manifest),
      onInstalled: new FakeEvent<[{ reason: string }]>(),
      onStartup: new FakeEvent<[]>(),
      onMessage,
      /** Delivers to onMessage listeners as if from an extension page; resolves with the first answer. */
      async sendMessage(message: unknown): Promise<unknown> {
        const sender = { id: 'fakeextensionid', url: 'chrome-extension://fakeextensionid/src/popup/index.html' };
        for (const result of onMessage.fire(message, sender)) {
          if (result !== undefined) return await result;
        }
        return undefined;
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
      async create(name: string, info: { when?: number; delayInMinutes?: number; periodInMinutes?: number }) {
        const when = info.when ?? Date.now() + (info.delayInMinutes ?? 0) * 60_000;
        alarms.set(name, {
          name,
          scheduledTime: when,
          ...(info.periodInMinutes !== undefined ? { periodInMinutes: info.periodInMinutes } : {}),
        });
      },
      async get(name: string) {
        return alarms.get(name);
      },
      async getAll() {
        return [...alarms.values()];
      },
      async clear(name: string) {
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
        return tabsQueryImpl(q);
      },
      async get(id: number) {
        return { id, url: 'https://example.com/', title: 'Example' };
      },
      async create(props: { url?: string }) {
        createdTabs.push(props);
        return { id: 999, ...props };
      },
      async sendMessage(tabId: number, message: unknown) {
        tabMessages.push({ tabId, message });
        return tabMessageImpl(tabId, message);
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
      setTabsQuery(fn: typeof tabsQueryImpl) {
        tabsQueryImpl = fn;
      },
      /** Fires every alarm due at or before `now`. */
      async fireDueAlarms(now = Date.now()) {
        for (const alarm of [...alarms.values()]) {
          if (alarm.scheduledTime <= now) {
            alarms.delete(alarm.name);
            await Promise.all(fakeBrowser.alarms.onAlarm.fire(alarm));
          }
        }
      },
    },
  };
}

export type FakeBrowser = ReturnType<typeof createFakeBrowser>;

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
