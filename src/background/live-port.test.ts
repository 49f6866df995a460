/** The side panel's live port: outbox changes and tab switches pushed to our own pages only, tab listeners only while one is open. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser, resetFakeBrowser } from '../../test/fakes/browser';

const outboxListeners = new Set<() => void>();
vi.mock('./outbox/sender', () => ({
  onOutboxChange(listener: () => void) {
    outboxListeners.add(listener);
    return () => outboxListeners.delete(listener);
  },
}));
const { serveLivePort } = await import('./live-port');

type FakePort = {
  name: string;
  sender: { id?: string; url?: string };
  posted: unknown[];
  disconnected: boolean;
  postMessage(m: unknown): void;
  disconnect(): void;
  onDisconnect: { addListener(fn: () => void): void; fire(): void };
};

function port(name = 'memories-live', url = 'chrome-extension://fakeextensionid/src/sidepanel/index.html'): FakePort {
  const onGone: Array<() => void> = [];
  return {
    name,
    sender: { id: 'fakeextensionid', url },
    posted: [],
    disconnected: false,
    postMessage(m) {
      this.posted.push(m);
    },
    disconnect() {
      this.disconnected = true;
    },
    onDisconnect: { addListener: (fn) => void onGone.push(fn), fire: () => onGone.forEach((fn) => fn()) },
  };
}

const serve = (p: FakePort) => serveLivePort(p as unknown as Parameters<typeof serveLivePort>[0]);
const tabs = () =>
  fakeBrowser.tabs as unknown as {
    onActivated: { listeners: unknown[]; fire(info: unknown): void };
    onUpdated: { listeners: unknown[]; fire(id: number, change: unknown, tab: unknown): void };
  };

beforeEach(() => {
  resetFakeBrowser();
  outboxListeners.clear();
});

describe('live port', () => {
  it('pushes one "changed" per burst of outbox changes, and "tab" on a switch or a new page in the active tab', async () => {
    const p = port();
    serve(p);
    outboxListeners.forEach((l) => (l(), l(), l()));
    await Promise.resolve();
    expect(p.posted).toEqual([{ type: 'bg:changed' }]);
    tabs().onActivated.fire({ tabId: 3, windowId: 1 });
    tabs().onUpdated.fire(3, { url: 'https://example.org/next' }, { id: 3, active: true });
    tabs().onUpdated.fire(4, { url: 'https://example.org/bg' }, { id: 4, active: false });
    tabs().onUpdated.fire(3, { status: 'complete' }, { id: 3, active: true });
    expect(p.posted).toEqual([{ type: 'bg:changed' }, { type: 'bg:tab' }, { type: 'bg:tab' }]);
    p.onDisconnect.fire();
  });

  it('listens to tabs only while a panel is connected', () => {
    expect(tabs().onActivated.listeners).toHaveLength(0);
    const a = port();
    const b = port();
    serve(a);
    serve(b);
    expect(tabs().onActivated.listeners).toHaveLength(1);
    a.onDisconnect.fire();
    expect(tabs().onActivated.listeners).toHaveLength(1);
    b.onDisconnect.fire();
    expect(tabs().onActivated.listeners).toHaveLength(0);
    expect(tabs().onUpdated.listeners).toHaveLength(0);
    expect(outboxListeners.size).toBe(0);
  });

  it('refuses a port from a web page and ignores other port names', () => {
    const page = port('memories-live', 'https://chatgpt.com/c/1');
    serve(page);
    expect(page.disconnected).toBe(true);
    const other = port('something-else');
    serve(other);
    expect(other.disconnected).toBe(false);
    expect(tabs().onActivated.listeners).toHaveLength(0);
  });
});
