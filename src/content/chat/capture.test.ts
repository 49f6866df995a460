// @vitest-environment happy-dom
/**
 * The content script end to end inside happy-dom: fixture pages, a fake `chrome.*`, fake timers. Streaming is
 * driven exactly as each streaming fixture's header comment says.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatSiteId } from '../../shared/chat-sites';
import type { ChatTurnMessage, PageMessage } from '../../shared/messages';
import type { SiteAdapter } from './adapter';
import { startChatCapture } from './capture';
import { chatgptSite } from './sites/chatgpt';
import { claudeSite } from './sites/claude';
import { geminiSite } from './sites/gemini';
import { perplexitySite } from './sites/perplexity';
import { PROBES } from './sites/probes';
import { probeCountsInTab } from './tab-scripts';
import {
  fakeContentScript,
  fixture,
  loadPage,
  readerOf,
  settingsWith,
  useChatTimers,
  type ExpectedCapture,
} from './test-kit';
import { QUIET_MS } from './tracker';

const SITES: Record<ChatSiteId, SiteAdapter> = {
  chatgpt: chatgptSite,
  claude: claudeSite,
  gemini: geminiSite,
  perplexity: perplexitySite,
};
/** The text each streaming fixture documents as "append this to complete the answer". */
const REST: Record<ChatSiteId, string> = {
  chatgpt: ' jitter to each delay, so that clients do not retry in lockstep.',
  claude: ' after the date, then an optional zone.',
  gemini: ' quiet roofs',
  perplexity: ' the boiling point by a fraction of a degree.',
};

let fake: Awaited<ReturnType<typeof fakeContentScript>>;
let ctl: AbortController | null = null;
const g = globalThis as unknown as { navigation?: EventTarget };

useChatTimers();
afterEach(() => {
  ctl?.abort();
  ctl = null;
  delete g.navigation;
});

async function open(site: ChatSiteId, name: string, settings: unknown = settingsWith(site)) {
  const { html, expected } = fixture(site, name);
  loadPage(html, expected.url);
  fake = await fakeContentScript(settings);
  ctl = startChatCapture(SITES[site], readerOf(site));
  await vi.advanceTimersByTimeAsync(100);
  return expected;
}

const ofType = <T extends PageMessage['type']>(t: T) =>
  fake.sent.filter((m): m is Extract<PageMessage, { type: T }> => m.type === t);
const turnsSent = () => ofType('page:chat-turn');
const asCapture = (m: ChatTurnMessage): ExpectedCapture => ({
  turnKey: m.turnKey,
  stopped: m.stopped,
  messages: m.messages,
});
const tick = (ms: number) => vi.advanceTimersByTimeAsync(ms);

function template(name: string): DocumentFragment {
  const t = document.querySelector<HTMLTemplateElement>(`template[data-fixture="${name}"]`)!;
  return t.content.cloneNode(true) as DocumentFragment;
}

async function streamText(text: string, pieces = 5) {
  const target = document.querySelector('[data-fixture-stream]')!;
  const size = Math.ceil(text.length / pieces);
  for (let i = 0; i < text.length; i += size) {
    target.append(text.slice(i, i + size));
    await tick(40);
  }
}

function stopButton(site: ChatSiteId): HTMLElement {
  return document.querySelector(SITES[site].stop)!.closest('button')!;
}

/** What each site does when an answer is done (see the streaming fixtures' header comments). */
async function complete(site: ChatSiteId) {
  const a = SITES[site];
  const last = a.turns(a.container(document)!).at(-1)!;
  if (site === 'chatgpt') {
    document.querySelector('.result-streaming')!.classList.remove('result-streaming');
    last.querySelector('[class~="group/turn-messages"]')!.append(template('finish-actions'));
  } else if (site === 'claude') {
    document.querySelector('[data-is-streaming="true"]')!.setAttribute('data-is-streaming', 'false');
  } else if (site === 'gemini') {
    last.firstElementChild!.append(template('finish-actions'));
  } else {
    document.querySelector('.animate-spin')!.parentElement!.remove();
  }
  stopButton(site).replaceWith(template('send-button'));
  if (site === 'perplexity') {
    // citations hydrate after the text (2026-08), well inside the quiet period
    await tick(300);
    document.querySelector('[data-fixture-stream]')!.append(template('citation'));
  }
}

describe('delivery', () => {
  it('a finished turn whose message got no answer is sent again, and only once it is taken', async () => {
    await open('claude', 'streaming');
    const deliver = fake.chrome.runtime.sendMessage;
    let failures = 2;
    fake.chrome.runtime.sendMessage = async (m: unknown) => {
      // The worker failing to start: the message is lost, the extension itself is still there.
      if ((m as PageMessage).type === 'page:chat-turn' && failures-- > 0)
        throw new Error('Could not establish connection');
      return deliver(m);
    };
    await streamText(REST.claude);
    await complete('claude');
    await tick(QUIET_MS + 500);
    expect(turnsSent()).toEqual([]);
    await tick(1_000); // first retry: fails again
    expect(turnsSent()).toEqual([]);
    await tick(4_000); // second retry: delivered
    expect(turnsSent()).toHaveLength(1);
    await tick(60_000);
    expect(turnsSent()).toHaveLength(1);
  });
});

describe.each(['chatgpt', 'claude', 'gemini', 'perplexity'] as const)('%s live capture', (site) => {
  it('streaming sends nothing; completion plus the quiet period sends exactly the finished exchange, once', async () => {
    await open(site, 'streaming');
    expect(ofType('page:chat-health')).toEqual([expect.objectContaining({ site, state: 'ok' })]);
    await streamText(REST[site]);
    await tick(20_000); // a long pause mid-answer (thinking, slow network): still nothing
    expect(turnsSent()).toEqual([]);
    await complete(site);
    await tick(QUIET_MS - 100);
    expect(turnsSent()).toEqual([]);
    await tick(2_000);
    const finished = fixture(site, 'finished').expected;
    expect(turnsSent().map(asCapture)).toEqual([finished.captures.at(-1)]);
    expect(turnsSent()[0]).toMatchObject({
      site,
      conversationId: finished.conversationId,
      title: finished.title ?? undefined,
    });
    expect(turnsSent()[0]!.manual).toBeUndefined();
    expect(turnsSent()[0]!.replaces).toBeUndefined();
    // idle again: no timer left behind, and re-renders of the finished turn send nothing
    expect(vi.getTimerCount()).toBe(0);
    const a = SITES[site];
    for (const t of a.turns(a.container(document)!)) t.replaceWith(t.cloneNode(true));
    await tick(60_000);
    expect(turnsSent()).toHaveLength(1);
    expect(ofType('page:chat-health')).toHaveLength(1);
  });

  it('a stopped generation is sent with stopped: true and the text that was shown', async () => {
    await open(site, 'streaming');
    await streamText('');
    stopButton(site).click();
    await tick(50);
    stopButton(site).remove();
    if (site === 'perplexity') document.querySelector('.animate-spin')!.parentElement!.remove();
    await tick(QUIET_MS + 500);
    const stopped = fixture(site, 'stopped').expected.captures.at(-1)!;
    expect(turnsSent().map(asCapture)).toEqual([{ ...stopped, stopped: true }]);
  });

  it('baseline turns on a finished page are never sent; the canary says ok once', async () => {
    await open(site, 'conversation');
    await tick(60_000);
    expect(turnsSent()).toEqual([]);
    expect(ofType('page:chat-health')).toEqual([
      { type: 'page:chat-health', site, state: 'ok', detail: expect.any(String) },
    ]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('the canary reports a degraded page once, after about 4 s', async () => {
    await open(site, 'degraded');
    await tick(3_000);
    expect(ofType('page:chat-health')).toEqual([]);
    await tick(1_500);
    expect(ofType('page:chat-health')).toEqual([
      {
        type: 'page:chat-health',
        site,
        state: 'degraded',
        code: 'no-thread',
      },
    ]);
    // "this site" in the popup asks the page, which names the reason by its code
    expect(await fake.siteInfo()).toMatchObject({ health: 'degraded', reason: 'no-thread' });
    // With the reason, the background asks how many nodes each selector the adapter relies on matched (for "Copy
    // debug info"), running this next to the page: the content script carries neither the list nor the count.
    const counts = probeCountsInTab([...PROBES[site]]);
    expect(counts.map(([selector]) => selector)).toEqual([...PROBES[site]]);
    for (const [selector, count] of counts) expect(count, selector).toBe(document.querySelectorAll(selector).length);
    await tick(60_000);
    expect(ofType('page:chat-health')).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('"Save this chat" on a degraded page falls back to the generic reader and says what it found', async () => {
    const expected = await open(site, 'degraded');
    await tick(4_500);
    const reply = (await fake.collectChat()) as Record<string, unknown>;
    const sent = turnsSent();
    expect(sent.length).toBeGreaterThan(0);
    expect(reply).toMatchObject({
      ok: true,
      site,
      conversationId: expected.conversationId,
      turns: sent.length,
      sent: sent.length,
      generic: { found: 2, unattributed: site === 'claude' ? 1 : 0 },
    });
    expect(sent.every((m) => m.manual === true && m.generic === true)).toBe(true);
    expect(sent.every((m) => m.turnKey.startsWith(`${site}:${expected.conversationId}:`))).toBe(true);
    // both sides of the exchange, the unattributed answer placed after the question
    expect(sent[0]!.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
  });

  it('"Save this chat" sends every finished exchange with manual: true and replies with counts', async () => {
    const expected = await open(site, 'conversation', {}); // works while automatic capture is off
    const reply = await fake.collectChat();
    expect(reply).toEqual({
      ok: true,
      site,
      conversationId: expected.conversationId,
      turns: expected.captures.length,
      sent: expected.captures.length,
      ...(expected.title ? { title: expected.title } : {}),
    });
    expect(turnsSent().map(asCapture)).toEqual(expected.captures);
    expect(turnsSent().every((m) => m.manual === true)).toBe(true);
  });
});

describe('stop detection', () => {
  it('the stop button going away without the finished signal means stopped, even without a click we saw', async () => {
    await open('chatgpt', 'streaming');
    await streamText(' jitter');
    stopButton('chatgpt').replaceWith(template('send-button'));
    await tick(QUIET_MS + 500);
    expect(turnsSent().map((m) => [m.stopped, m.messages[1]!.text])).toEqual([[true, 'Sure — add random jitter']]);
  });

  it('Claude flipping data-is-streaming to "false" after a Stop click is still a stopped answer', async () => {
    await open('claude', 'streaming');
    stopButton('claude').click();
    document.querySelector('[data-is-streaming="true"]')!.setAttribute('data-is-streaming', 'false');
    stopButton('claude').remove();
    await tick(QUIET_MS + 500);
    expect(turnsSent().map((m) => m.stopped)).toEqual([true]);
  });

  it('while the stop button shows, a turn-local "done" marker alone does not finish the answer', async () => {
    await open('claude', 'streaming');
    document.querySelector('[data-is-streaming="true"]')!.setAttribute('data-is-streaming', 'false');
    await tick(30_000);
    expect(turnsSent()).toEqual([]);
    stopButton('claude').remove();
    await tick(QUIET_MS + 4_500);
    expect(turnsSent().map((m) => m.stopped)).toEqual([false]);
  });
});

describe('busy check', () => {
  it('while the stop button shows but nothing moves, the check slows down (a few looks in 4 s, not ten)', async () => {
    await open('chatgpt', 'streaming');
    const looks = vi.spyOn(Element.prototype, 'checkVisibility');
    await tick(4_000);
    expect(looks.mock.calls.length).toBeGreaterThan(0);
    expect(looks.mock.calls.length).toBeLessThanOrEqual(4);
    // the end is still seen within the same bound as after any long pause ("streaming sends nothing…")
    await streamText(REST.chatgpt);
    await complete('chatgpt');
    await tick(QUIET_MS - 100);
    expect(turnsSent()).toEqual([]);
    await tick(2_000);
    expect(turnsSent().map((m) => m.stopped)).toEqual([false]);
    looks.mockRestore();
  });
});

describe('attaching', () => {
  it.each([
    ['chatgpt', 1],
    ['gemini', 1],
  ] as const)(
    '%s: a finished page is attached without reading every turn’s position (that is only for unmarked answers)',
    async (site, most) => {
      const { html, expected } = fixture(site, 'conversation');
      loadPage(html, expected.url);
      fake = await fakeContentScript(settingsWith(site));
      let reads = 0;
      const own = SITES[site];
      const a: SiteAdapter = { ...own, ordinal: (el) => (reads++, own.ordinal?.(el) ?? null) };
      const answers = own.turns(own.container(document)!).filter((t) => own.role(t) === 'assistant').length;
      expect(answers).toBeGreaterThan(most);
      ctl = startChatCapture(a, readerOf(site));
      await tick(1_000);
      expect(reads).toBeLessThanOrEqual(most);
    },
  );
});

describe('end of generating', () => {
  it.each(['chatgpt', 'claude'] as const)(
    '%s: the container is looked for again only when the answer left it, and the capture arrives either way',
    async (site) => {
      const { html, expected } = fixture(site, 'streaming');
      loadPage(html, expected.url);
      fake = await fakeContentScript(settingsWith(site));
      let lookups = 0;
      const a: SiteAdapter = { ...SITES[site], container: (doc) => (lookups++, SITES[site].container(doc)) };
      ctl = startChatCapture(a, readerOf(site));
      await tick(100);
      const atStart = lookups;
      await streamText(REST[site]);
      await complete(site);
      await tick(QUIET_MS + 1_500);
      expect(turnsSent()).toHaveLength(1);
      expect(lookups - atStart).toBe(0);
    },
  );

  it('a thread replaced while the answer streamed is found again, and the answer is captured from it', async () => {
    await open('claude', 'streaming');
    await streamText(REST.claude.slice(0, 10));
    // the app re-renders the whole thread into a new element while it streams
    const thread = SITES.claude.container(document)!;
    const copy = thread.cloneNode(true) as Element;
    thread.replaceWith(copy);
    copy.querySelector('[data-fixture-stream]')!.append(REST.claude.slice(10));
    await tick(200);
    await complete('claude');
    await tick(QUIET_MS + 1_500);
    expect(turnsSent().map(asCapture)).toEqual([fixture('claude', 'finished').expected.captures.at(-1)]);
  });
});

describe('virtualized thread (Claude)', () => {
  it('an answer scrolled out of view while streaming is captured when its row mounts again', async () => {
    const { html, expected } = fixture('claude', 'long');
    loadPage(html, expected.url);
    // the last row is being written: streaming marker, stop button
    const lastRow = () => document.querySelector('[data-rs-index="63"]')!;
    const wrapper = lastRow().querySelector('[data-is-streaming]')!;
    wrapper.setAttribute('data-is-streaming', 'true');
    const p = wrapper.querySelector('.standard-markdown p')!;
    p.textContent = 'Animal #32 has';
    document.querySelector('button[aria-label="Send message"]')!.replaceWith(stopButtonFrom('claude', 'streaming'));
    fake = await fakeContentScript(settingsWith('claude'));
    ctl = startChatCapture(claudeSite, readerOf('claude'));
    await tick(100);
    p.append(' **8');
    await tick(500);
    // the user scrolls up: the virtualizer unmounts the row; the answer finishes off-screen
    const row = lastRow();
    row.remove();
    await tick(1_000);
    stopButton('claude').remove();
    await tick(10_000);
    expect(turnsSent()).toEqual([]);
    // back down: the row mounts again, as a new element, finished
    const again = row.cloneNode(true) as Element;
    again.querySelector('[data-is-streaming]')!.setAttribute('data-is-streaming', 'false');
    again.querySelector('.standard-markdown p')!.textContent = 'Animal #32 has 8 legs.';
    document.querySelector('[aria-setsize]')!.append(again);
    await tick(2_000);
    expect(turnsSent().map((m) => [m.turnKey.split(':')[2], m.messages[1]!.text])).toEqual([
      ['63', 'Animal #32 has 8 legs.'],
    ]);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('dedupe, regeneration, navigation', () => {
  it('a regenerated answer (new message id at the same position) is a new turn that replaces the old key', async () => {
    await open('chatgpt', 'streaming');
    const a = chatgptSite;
    const pristine = a.turns(a.container(document)!).at(-1)!.cloneNode(true) as Element;
    await streamText(REST.chatgpt);
    await complete('chatgpt');
    await tick(2_000);
    const first = turnsSent()[0]!;
    // "Try again": ChatGPT swaps in a new streaming turn at the same conversation-turn-6, with a new message id
    const again = pristine.cloneNode(true) as Element;
    again.querySelector('[data-message-id]')!.setAttribute('data-message-id', 'ccc6c0de-0006-v2');
    again.querySelector('[data-fixture-stream]')!.textContent = 'Yes: multiply each delay by';
    a.turns(a.container(document)!).at(-1)!.replaceWith(again);
    document.querySelector('[data-testid="send-button"]')!.replaceWith(stopButtonFrom('chatgpt', 'streaming'));
    await streamText(' a random factor between 0.5 and 1.5.');
    await complete('chatgpt');
    await tick(2_000);
    expect(turnsSent()).toHaveLength(2);
    expect(turnsSent()[1]).toMatchObject({
      turnKey: `chatgpt:${first.conversationId}:ccc6c0de-0006-v2`,
      replaces: first.turnKey,
      stopped: false,
      messages: [
        { role: 'user', text: 'Add jitter please.' },
        { role: 'assistant', text: 'Yes: multiply each delay by a random factor between 0.5 and 1.5.' },
      ],
    });
  });

  it('regenerating an answer that was already on the page replaces its (baseline) key', async () => {
    const expected = await open('claude', 'conversation');
    await tick(5_000); // the baseline key is read when idle, after the canary's time
    const wrapper = document.querySelectorAll('[data-is-streaming]')[1]!;
    wrapper.setAttribute('data-is-streaming', 'true');
    const md = wrapper.querySelector('.standard-markdown')!;
    md.replaceChildren(Object.assign(document.createElement('p'), { textContent: 'Use re.fullmatch with' }));
    document.querySelector('button[aria-label="Send message"]')!.replaceWith(stopButtonFrom('claude', 'streaming'));
    await tick(500);
    md.firstElementChild!.append(' an anchored pattern.');
    await tick(500);
    wrapper.setAttribute('data-is-streaming', 'false');
    stopButton('claude').remove();
    await tick(2_000);
    expect(turnsSent()).toHaveLength(1);
    expect(turnsSent()[0]!.replaces).toBe(expected.captures[1]!.turnKey);
    expect(turnsSent()[0]!.turnKey).toMatch(/^claude:[\w-]+:3:[0-9a-f]{8}$/);
    expect(turnsSent()[0]!.turnKey).not.toBe(expected.captures[1]!.turnKey);
  });

  it('SPA navigation re-attaches with a new baseline and never resends', async () => {
    g.navigation = new EventTarget();
    const expected = await open('chatgpt', 'streaming');
    await streamText(REST.chatgpt);
    await complete('chatgpt');
    await tick(2_000);
    expect(turnsSent()).toHaveLength(1);
    const other = 'https://chatgpt.com/c/6721aa00-1111-8000-aaaa-000000000001';
    (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(other);
    g.navigation.dispatchEvent(new Event('navigatesuccess'));
    await tick(5_000);
    (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(expected.url);
    window.dispatchEvent(new Event('popstate'));
    await tick(5_000);
    expect(turnsSent()).toHaveLength(1);
    // one ok per conversation attached
    expect(ofType('page:chat-health').map((m) => m.state)).toEqual(['ok', 'ok', 'ok']);
  });

  it('a new chat gets its id mid-answer (/ → /c/<id>): the answer being written is still captured', async () => {
    const { html, expected } = fixture('chatgpt', 'streaming');
    loadPage(html, 'https://chatgpt.com/');
    fake = await fakeContentScript(settingsWith('chatgpt'));
    g.navigation = new EventTarget();
    ctl = startChatCapture(chatgptSite, readerOf('chatgpt'));
    await tick(5_000);
    expect(fake.sent).toEqual([]); // no conversation id: nothing at all, no canary
    (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(expected.url);
    g.navigation.dispatchEvent(new Event('navigatesuccess'));
    await tick(100);
    await streamText(REST.chatgpt);
    await complete('chatgpt');
    await tick(2_000);
    expect(turnsSent().map(asCapture)).toEqual([fixture('chatgpt', 'finished').expected.captures.at(-1)]);
  });

  it('injected twice: the second copy aborts the first, so one capture, one set of listeners', async () => {
    const { html, expected } = fixture('claude', 'streaming');
    loadPage(html, expected.url);
    fake = await fakeContentScript(settingsWith('claude'));
    vi.resetModules();
    await import('./entries/claude');
    vi.resetModules();
    await import('./entries/claude');
    await tick(100);
    expect(fake.listenerCounts()).toEqual({ storage: 1, message: 0 });
    // nothing listens for tab messages: what the background asks, it runs next to the published host
    expect(await fake.siteInfo()).toMatchObject({ site: 'claude', url: expected.url });
    await streamText(REST.claude);
    await complete('claude');
    await tick(2_000);
    expect(turnsSent()).toHaveLength(1);
    (globalThis as unknown as Record<string, AbortController>).__mnueronChatCapture!.abort();
    // aborted, the copy takes its host away: the page no longer answers as a chat tab
    expect(fake.siteInfo()).toBeNull();
  });
});

describe('switches', () => {
  let created = 0;
  const Original = globalThis.MutationObserver;
  beforeEach(() => {
    created = 0;
    globalThis.MutationObserver = class extends Original {
      constructor(cb: MutationCallback) {
        super(cb);
        created++;
      }
    };
  });
  afterEach(() => {
    globalThis.MutationObserver = Original;
  });

  it('off by default: no observer, no timer, no message; enabling takes effect at once, disabling too', async () => {
    await open('gemini', 'streaming', null);
    await tick(10_000);
    expect(created).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(fake.sent).toEqual([]);

    await fake.setSettings(settingsWith('gemini'));
    await tick(100);
    expect(created).toBe(1);
    expect(ofType('page:chat-health')).toHaveLength(1);

    await fake.setSettings(settingsWith('chatgpt')); // gemini off again
    await streamText(REST.gemini);
    await complete('gemini');
    await tick(10_000);
    expect(turnsSent()).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('enabling mid-answer captures that answer when it finishes (it finishes while capture is on)', async () => {
    await open('claude', 'streaming', {});
    await fake.setSettings(settingsWith('claude'));
    await tick(100);
    await streamText(REST.claude);
    await complete('claude');
    await tick(2_000);
    expect(turnsSent()).toHaveLength(1);
  });

  it.each([
    ['paused', { pausedUntil: Date.UTC(2100, 0, 1) }, 'claude', 'streaming'],
    [
      'never-conversation',
      { neverConversations: ['claude:0c5e7a2b-41d3-4f6e-9a8b-2d1c3e4f5a6b'] },
      'claude',
      'streaming',
    ],
    ['denied-host', { denyHosts: ['claude.ai'] }, 'claude', 'streaming'],
    ['incognito-chat', {}, 'claude', 'incognito'],
    ['temporary-chat', {}, 'chatgpt', 'temporary'],
  ] as const)(
    'skips (%s): nothing sent, the reason reported once per conversation',
    async (reason, capture, site, page) => {
      await open(site, page, settingsWith(site, capture));
      await streamText(' more');
      await complete(site);
      await tick(2_000);
      // a second finished answer in the same conversation is not reported again
      const a = SITES[site];
      const last = a.turns(a.container(document)!).at(-1)!;
      if (site === 'claude') last.setAttribute('data-is-streaming', 'true');
      else last.querySelector('[data-testid="copy-turn-action-button"]')!.remove();
      await tick(500);
      last.querySelector('[data-fixture-stream]')!.append(' again');
      if (site === 'claude') last.setAttribute('data-is-streaming', 'false');
      else last.querySelector('[class~="group/turn-messages"]')!.append(template('finish-actions'));
      await tick(2_000);
      expect(turnsSent()).toEqual([]);
      expect(ofType('page:chat-skipped')).toEqual([{ type: 'page:chat-skipped', site, reason }]);
    },
  );

  it('temporary and incognito chats are captured when skipTemporary is off', async () => {
    await open('chatgpt', 'temporary', settingsWith('chatgpt', { skipTemporary: false }));
    await streamText(' and create a new key.');
    await complete('chatgpt');
    await tick(2_000);
    expect(turnsSent()).toHaveLength(1);
    expect(ofType('page:chat-skipped')).toEqual([]);
  });

  it.each([
    ['user', ['user']],
    ['assistant', ['assistant']],
    ['exchange', ['user', 'assistant']],
  ] as const)('capture.content = %s sends those messages', async (content, roles) => {
    await open('perplexity', 'streaming', settingsWith('perplexity', { content }));
    await streamText(REST.perplexity);
    await complete('perplexity');
    await tick(2_000);
    expect(turnsSent().map((m) => m.messages.map((x) => x.role))).toEqual([roles]);
  });
});

describe('"Save this chat" on a virtualized Claude thread', () => {
  it('scrolls through the list to mount every row, sends all 32 exchanges, restores the scroll position', async () => {
    const expected = await open('claude', 'long');
    const ROW = 120;
    const VIEW = 1_000;
    const list = document.querySelector('[aria-setsize]')!;
    const rows = [...template('all-rows').children];
    const scroller = document.querySelector('[data-autoscroll-container]') as HTMLElement;
    let top = rows.length * ROW - VIEW;
    const render = () => {
      const first = Math.max(0, Math.floor(top / ROW) - 2);
      const last = Math.min(rows.length - 1, Math.ceil((top + VIEW) / ROW) + 2);
      list.replaceChildren(...rows.slice(first, last + 1).map((r) => r.cloneNode(true)));
    };
    Object.defineProperty(scroller, 'clientHeight', { get: () => VIEW });
    Object.defineProperty(scroller, 'scrollHeight', { get: () => rows.length * ROW });
    Object.defineProperty(scroller, 'scrollTop', {
      get: () => top,
      set: (v: number) => {
        top = Math.max(0, Math.min(v, rows.length * ROW - VIEW));
        render();
      },
    });
    const before = top;
    const reply = fake.collectChat();
    await tick(30_000);
    expect(await reply).toMatchObject({ ok: true, turns: 32, sent: 32, title: 'Animal legs quiz' });
    expect(turnsSent().map(asCapture)).toEqual(expected.captures);
    expect(top).toBe(before);
  });
});

function stopButtonFrom(site: ChatSiteId, name: string): Element {
  const doc = new DOMParser().parseFromString(fixture(site, name).html, 'text/html');
  return document.importNode(doc.querySelector(SITES[site].stop)!.closest('button')!, true);
}

describe('"Save this chat" on a long, windowed ChatGPT turn-key thread', () => {
  /** One 2026-09 exchange as the fixture writes it; `slot` is the per-window fallback-turn-N ChatGPT renumbers. */
  const exchangeHtml = (n: number, slot: number) =>
    `<div data-turn-key="tk-${n}"><div data-content-search-turn-key="fallback-turn-${slot}">` +
    `<div data-chatgpt-search-unit-key="fallback-turn-${slot}:0:user" data-chatgpt-search-message-ids="u-${n}">` +
    `<div data-user-message-bubble="true"><div class="whitespace-pre-wrap">Question ${n}</div></div></div>` +
    `<div data-chatgpt-search-unit-key="fallback-turn-${slot}:1:assistant" data-chatgpt-search-message-ids="a-${n}">` +
    `<h4 class="sr-only" data-conversation-role="assistant">ChatGPT said:</h4>` +
    `<div data-markdown-text-style="assistant-message"><p>Answer ${n}.</p></div></div>` +
    `<div role="group" aria-label="Response actions"><button aria-label="Copy"></button>` +
    `<button aria-label="Regenerate response"></button></div></div></div>`;

  it('scrolls its column-reverse scroller from the oldest exchange down, saves all 24 in order, restores the position', async () => {
    const expected = await open('chatgpt', 'turn-key-2026-09');
    const TOTAL = 24;
    const ROW = 150;
    const VIEW = 600;
    const scroller = document.querySelector('.thread-scroll-container') as HTMLElement;
    const thread = scroller.firstElementChild as HTMLElement;
    const max = TOTAL * ROW - VIEW;
    // column-reverse: 0 is the bottom (newest), -max the top (oldest).
    let top = 0;
    const render = () => {
      const fromTop = top + max;
      const first = Math.max(0, Math.floor(fromTop / ROW) - 1);
      const last = Math.min(TOTAL - 1, Math.ceil((fromTop + VIEW) / ROW) + 1);
      let html = '';
      for (let n = first; n <= last; n++) html += exchangeHtml(n, n - first);
      thread.innerHTML = html;
    };
    render();
    Object.defineProperty(scroller, 'clientHeight', { get: () => VIEW });
    Object.defineProperty(scroller, 'scrollHeight', { get: () => TOTAL * ROW });
    Object.defineProperty(scroller, 'scrollTop', {
      get: () => top,
      set: (v: number) => {
        top = Math.max(-max, Math.min(v, 0));
        render();
      },
    });
    const reply = fake.collectChat();
    await tick(30_000);
    expect(await reply).toMatchObject({ ok: true, turns: TOTAL, sent: TOTAL });
    const id = expected.conversationId;
    expect(turnsSent().map(asCapture)).toEqual(
      Array.from({ length: TOTAL }, (_, n) => ({
        turnKey: `chatgpt:${id}:a-${n}`,
        stopped: false,
        messages: [
          { role: 'user', text: `Question ${n}` },
          { role: 'assistant', text: `Answer ${n}.` },
        ],
      })),
    );
    expect(top).toBe(0);
  });

  it('a long thread whose rows are all mounted is read as it is, without scrolling', async () => {
    await open('chatgpt', 'turn-key-2026-09');
    const TOTAL = 24;
    const ROW = 150;
    const VIEW = 600;
    const scroller = document.querySelector('.thread-scroll-container') as HTMLElement;
    const thread = scroller.firstElementChild as HTMLElement;
    thread.innerHTML = Array.from({ length: TOTAL }, (_, n) => exchangeHtml(n, n)).join('');
    const max = TOTAL * ROW - VIEW;
    let moves = 0;
    Object.defineProperty(scroller, 'clientHeight', { get: () => VIEW });
    Object.defineProperty(scroller, 'scrollHeight', { get: () => TOTAL * ROW });
    Object.defineProperty(scroller, 'scrollTop', {
      get: () => 0,
      set: () => void moves++,
    });
    scroller.getBoundingClientRect = () => new DOMRect(0, 0, 800, VIEW);
    // At the bottom of a column-reverse box: exchange n sits at content offset n * ROW, seen from offset max.
    thread.querySelectorAll<HTMLElement>('[data-turn-key]').forEach((row, n) => {
      row.querySelectorAll<HTMLElement>('*').forEach((el) => {
        el.getBoundingClientRect = () => new DOMRect(0, n * ROW - max, 800, ROW);
      });
    });
    const reply = fake.collectChat();
    await tick(30_000);
    expect(await reply).toMatchObject({ ok: true, turns: TOTAL, sent: TOTAL });
    expect(moves).toBe(1); // only the restore of the position
  });
});
