// @vitest-environment happy-dom
/**
 * The 2026 layouts of each site (fixture pages reproducing the structures of the live pages, see docs/sites.md):
 * what "Save this chat" reads from each, how many nodes each selector the adapter relies on matches there (a
 * failing test names the selector), and live capture on the layouts with new completion rules.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatSiteId } from '../../shared/chat-sites';
import type { PageMessage } from '../../shared/messages';
import { startChatCapture } from './capture';
import { ADAPTERS } from './sites/index';
import {
  collectFixture,
  fakeContentScript,
  fixture,
  loadPage,
  readerOf,
  settingsWith,
  useChatTimers,
} from './test-kit';
import { QUIET_MS, STABLE_MS } from './tracker';

const LAYOUTS: [ChatSiteId, string][] = [
  ['chatgpt', 'sections-2026-07'],
  ['chatgpt', 'turn-key-2026-09'],
  ['claude', 'rows-2026-07'],
  ['claude', 'hub-2026-10'],
  ['gemini', 'gem-2026-07'],
  ['perplexity', 'one-question'],
  ['perplexity', 'user-bubble-2026-09'],
];

describe.each(LAYOUTS)('%s %s', (site, name) => {
  const a = ADAPTERS[site];

  it('"Save this chat" reads the expected captures', async () => {
    const { expected, captures, conversationId, root } = await collectFixture(a, site, name);
    expect(conversationId).toBe(expected.conversationId);
    expect(a.title(document) ?? null).toBe(expected.title);
    expect(captures).toEqual(expected.captures);
    // both roles, and every answer shows the finished signal the adapter expects
    const turns = a.turns(root!);
    expect(new Set(turns.map((t) => a.role(t)))).toEqual(new Set(['user', 'assistant']));
    const answers = turns.filter((t) => a.role(t) === 'assistant');
    expect(answers.map((t) => a.finished(t) && !a.streaming(t))).toEqual(answers.map(() => true));
  });

  it('each selector the adapter relies on matches as on the live page', () => {
    const { html, expected } = fixture(site, name);
    loadPage(html, expected.url);
    const selectors = (expected as { selectors?: Record<string, number> }).selectors ?? {};
    expect(Object.keys(selectors).length).toBeGreaterThan(0);
    for (const [selector, count] of Object.entries(selectors))
      expect(document.querySelectorAll(selector).length, selector).toBe(count);
  });

  it('the thread is the nearest common ancestor of the turns, not a turn or its wrapper', async () => {
    const { root } = await collectFixture(a, site, name);
    const turns = a.turns(root!);
    for (const t of turns) expect(root!.contains(t) && root !== t).toBe(true);
    // no child of the thread holds every turn (else the thread would be that child); a thread of one exchange is
    // that exchange's parent, where the next exchange will go
    const holder = [...root!.children].filter((c) => turns.every((t) => c.contains(t)));
    const questions = turns.filter((t) => a.role(t) === 'user').length;
    expect(holder.length).toBe(questions > 1 ? 0 : 1);
  });
});

describe('turns of the 2026 layouts', () => {
  it('ChatGPT turn-key: each exchange splits into its user unit and its answer unit; mutations map to them', async () => {
    const a = ADAPTERS.chatgpt;
    const { root } = await collectFixture(a, 'chatgpt', 'turn-key-2026-09');
    const turns = a.turns(root!);
    expect(turns.map((t) => a.role(t))).toEqual(['user', 'assistant', 'user', 'assistant', 'user', 'assistant']);
    expect(turns.map((t) => a.messageId!(t))).toEqual([
      '5a1e0c3d-1111-4c2b-9a0e-0000000000a1',
      '9b2f1d4e-2222-4d3c-8b1f-0000000000b1',
      '5a1e0c3d-1111-4c2b-9a0e-0000000000a2',
      '9b2f1d4e-2222-4d3c-8b1f-0000000000b2',
      '5a1e0c3d-1111-4c2b-9a0e-0000000000a3',
      '9b2f1d4e-2222-4d3c-8b1f-0000000000b3',
    ]);
    expect(a.turnOf(turns[1]!.querySelector('.cm-line')!)).toBe(turns[1]);
    expect(a.turnOf(turns[0]!.querySelector('.whitespace-pre-wrap')!)).toBe(turns[0]);
    // the action bars beside the units belong to no turn
    expect(a.turnOf(document.querySelector('[aria-label="Response actions"] button')!)).toBeNull();
    // without the bar beside it, the answer is not finished
    document.querySelector('[data-fixture="bar-3"]')!.remove();
    expect(a.finished(turns[5]!)).toBe(false);
    expect(a.finished(turns[3]!)).toBe(true);
  });

  it('Gemini: an answer whose Markdown is aria-busy is streaming, whatever the UI language', async () => {
    const a = ADAPTERS.gemini;
    const { root } = await collectFixture(a, 'gemini', 'gem-2026-07');
    const last = a.turns(root!).at(-1)!;
    expect(a.streaming(last)).toBe(false);
    last.querySelector('.markdown')!.setAttribute('aria-busy', 'true');
    expect(a.streaming(last)).toBe(true);
  });

  it('Perplexity 2026-09: the question text is the renderer node inside the bubble, not the answer renderer', async () => {
    const a = ADAPTERS.perplexity;
    const { root } = await collectFixture(a, 'perplexity', 'user-bubble-2026-09');
    const [q] = a.turns(root!);
    expect(a.content(q!).map((e) => e.textContent)).toEqual(['Which sort is best for nearly sorted arrays?']);
    expect(a.turnOf(q!.querySelector('p')!)).toBe(q);
  });

  it('Claude: thinking ([data-timeline-text]) and screen-reader headings are not part of the answer', async () => {
    const a = ADAPTERS.claude;
    const { captures } = await collectFixture(a, 'claude', 'hub-2026-10');
    const text = captures.map((c) => c.messages.map((m) => m.text).join('\n')).join('\n');
    expect(text).not.toContain('dangling reference');
    expect(text).not.toContain('Claude responded');
    expect(text).not.toContain('Thought for');
  });
});

describe('conversation ids', () => {
  it('Gemini: /app/<id> and Gem chats /gem/<gem>/<id>, also for a second account', () => {
    const id = (u: string) => ADAPTERS.gemini.conversationId(new URL(u));
    expect(id('https://gemini.google.com/gem/3fa9c0d1e2b4/7c1d2e3f4a5b6c7d')).toBe('7c1d2e3f4a5b6c7d');
    expect(id('https://gemini.google.com/u/1/gem/coding-partner/7c1d2e3f4a5b6c7d?hl=ko')).toBe('7c1d2e3f4a5b6c7d');
    expect(id('https://gemini.google.com/gem/3fa9c0d1e2b4')).toBeNull();
    expect(id('https://gemini.google.com/gems/view')).toBeNull();
  });
});

describe('live capture on the 2026 layouts', () => {
  let fake: Awaited<ReturnType<typeof fakeContentScript>>;
  let ctl: AbortController | null = null;
  const tick = (ms: number) => vi.advanceTimersByTimeAsync(ms);
  const turnsSent = () =>
    fake.sent.filter((m): m is Extract<PageMessage, { type: 'page:chat-turn' }> => m.type === 'page:chat-turn');
  const template = (name: string) =>
    document.querySelector<HTMLTemplateElement>(`template[data-fixture="${name}"]`)!.content.cloneNode(true);

  useChatTimers();
  afterEach(() => {
    ctl?.abort();
    ctl = null;
  });

  /** Loads the page, lets `prepare` put it into its live state, then starts capture. */
  async function open(site: ChatSiteId, name: string, prepare: () => void = () => {}) {
    const { html, expected } = fixture(site, name);
    loadPage(html, expected.url);
    prepare();
    fake = await fakeContentScript(settingsWith(site));
    ctl = startChatCapture(ADAPTERS[site], readerOf(site));
    await tick(100);
    return expected;
  }
  const stream = async (text: string) => {
    for (const piece of text.match(/.{1,8}/g) ?? []) {
      document.querySelector('[data-fixture-stream]')!.append(piece);
      await tick(40);
    }
  };

  it.each([
    ['chatgpt', 'temporary', 'temporary chat'],
    ['claude', 'incognito', 'incognito chat'],
  ] as const)('"Save this chat" refuses a %s %s chat while private chats are skipped', async (site, name, what) => {
    const { html, expected } = fixture(site, name);
    loadPage(html, expected.url);
    fake = await fakeContentScript({ version: 1, capture: {} });
    ctl = startChatCapture(ADAPTERS[site], readerOf(site));
    await tick(100);
    const reply = (await fake.collectChat()) as { ok: boolean; error?: string };
    expect(reply.ok).toBe(false);
    expect(reply.error).toContain(what);
    expect(turnsSent()).toEqual([]);
    // with the setting off, it saves
    await fake.setSettings({ version: 1, capture: { skipTemporary: false } });
    const saved = (await fake.collectChat()) as { ok: boolean; sent?: number };
    expect(saved.ok).toBe(true);
    expect(turnsSent().length).toBeGreaterThan(0);
  });

  const health = () => fake.sent.filter((m) => m.type === 'page:chat-health');

  it.each([
    ['both roles and the completion signal', () => {}, 'ok', '4 turns', undefined],
    [
      "only questions (the answers' markers changed)",
      () => document.querySelectorAll('section[data-turn="assistant"]').forEach((e) => e.remove()),
      'degraded',
      undefined,
      'no-answers',
    ],
    [
      'answers without any completion signal',
      () => document.querySelectorAll('[data-testid="copy-turn-action-button"]').forEach((e) => e.remove()),
      'degraded',
      undefined,
      'no-signal',
    ],
    [
      'no role markers at all',
      () =>
        document
          .querySelectorAll('[data-message-author-role]')
          .forEach((e) => e.removeAttribute('data-message-author-role')),
      'degraded',
      undefined,
      'no-roles',
    ],
  ])('canary: %s → %s', async (_, prepare, state, detail, code) => {
    await open('chatgpt', 'sections-2026-07', () => {
      prepare();
      if (state !== 'ok') document.querySelectorAll('[data-turn]').forEach((e) => e.removeAttribute('data-turn'));
    });
    await tick(5_000);
    expect(health()).toEqual([
      {
        type: 'page:chat-health',
        site: 'chatgpt',
        state,
        // degraded: the code only (the background words it for the debug info)
        ...(state === 'degraded' ? { code } : { detail }),
      },
    ]);
  });

  it('ChatGPT turn-key: finished when the stop button is gone and the action bar shows beside the answer, once', async () => {
    const expected = await open('chatgpt', 'turn-key-2026-09', () => {
      document.querySelector('[data-fixture="bar-3"]')!.remove();
      document.querySelector('[data-fixture="send"]')!.replaceWith(template('stop-button'));
      const p = document.querySelector('[data-fixture-stream]')!;
      p.textContent = 'Sure: a throttle runs at most once';
    });
    await stream(' per interval, at the start of it.');
    await tick(20_000);
    expect(turnsSent()).toEqual([]);
    // the stop button goes; the action bar renders a moment later, within the quiet period
    document.querySelector('form button[aria-label="Stop"]')!.remove();
    await tick(200);
    expect(turnsSent()).toEqual([]);
    const unit = document.querySelectorAll('[data-chatgpt-search-unit-key$=":assistant"]')[2]!;
    unit.after(template('bar'));
    await tick(QUIET_MS + 4_500);
    expect(turnsSent().map((m) => [m.turnKey, m.stopped, m.messages])).toEqual([
      [expected.captures[2]!.turnKey, false, expected.captures[2]!.messages],
    ]);
    await tick(60_000);
    expect(turnsSent()).toHaveLength(1);
  });

  it('Claude hub: the answer carries data-is-streaming itself; "false" finishes it, once', async () => {
    const expected = await open('claude', 'hub-2026-10', () => {
      const last = document.querySelectorAll('[data-testid="assistant-message"]')[1]!;
      last.setAttribute('data-is-streaming', 'true');
      last.querySelector('[data-testid="message-actions"]')!.remove();
      document.querySelector('[data-fixture-stream]')!.textContent = 'Tie the output';
    });
    await stream(' to an input with a named lifetime.');
    await tick(10_000);
    expect(turnsSent()).toEqual([]);
    document.querySelectorAll('[data-testid="assistant-message"]')[1]!.setAttribute('data-is-streaming', 'false');
    await tick(QUIET_MS + 500);
    expect(turnsSent().map((m) => [m.messages[0]!.text, m.messages[1]!.text, m.stopped])).toEqual([
      [expected.captures[1]!.messages[0]!.text, 'Tie the output to an input with a named lifetime.', false],
    ]);
  });

  it('the thread re-rendered as new elements mid-answer: the container is found again and the answer sent once', async () => {
    await open('claude', 'hub-2026-10', () => {
      const last = document.querySelectorAll('[data-testid="assistant-message"]')[1]!;
      last.setAttribute('data-is-streaming', 'true');
      document.querySelector('[data-fixture-stream]')!.textContent = 'Tie the output';
    });
    await stream(' to an input');
    // the app remounts the whole transcript: every node is new, the old container is gone
    const old = document.querySelector('[data-testid="transcript-sizer"]')!;
    old.replaceWith(old.cloneNode(true));
    await tick(500);
    await stream(' with a named lifetime.');
    expect(turnsSent()).toEqual([]);
    document.querySelectorAll('[data-testid="assistant-message"]')[1]!.setAttribute('data-is-streaming', 'false');
    await tick(QUIET_MS + 500);
    expect(turnsSent().map((m) => m.messages[1]!.text)).toEqual(['Tie the output to an input with a named lifetime.']);
    await tick(60_000);
    expect(turnsSent()).toHaveLength(1);
  });

  it('Claude without data-is-streaming: a new answer that looks done at once is sent only once its text is stable', async () => {
    await open('claude', 'rows-2026-07');
    const list = document.querySelector('[data-autoscroll-container]')!;
    const user = list.children[2]!.cloneNode(true) as Element;
    user.setAttribute('data-index', '4');
    user.setAttribute('data-rs-index', '4');
    user.querySelector('p')!.textContent = 'Every 15 minutes?';
    const answer = list.children[1]!.cloneNode(true) as Element;
    answer.setAttribute('data-index', '5');
    answer.setAttribute('data-rs-index', '5');
    answer.querySelector('.standard-markdown')!.innerHTML = '<p data-fixture-stream="">Use</p>';
    list.append(user, answer);
    await tick(STABLE_MS - 1_000);
    await stream(' */15 in the minute field.'); // a pause, then more text: not cut
    await tick(STABLE_MS - 500);
    expect(turnsSent()).toEqual([]);
    await tick(2_000);
    expect(turnsSent().map((m) => m.messages.map((x) => x.text))).toEqual([
      ['Every 15 minutes?', 'Use */15 in the minute field.'],
    ]);
    await tick(60_000);
    expect(turnsSent()).toHaveLength(1);
  });

  it('Perplexity one-question thread: the follow-up lands outside the first container and is still captured once', async () => {
    await open('perplexity', 'one-question');
    const list = document.querySelector('[data-fixture="list"]')!;
    list.append(template('exchange-2'));
    await tick(STABLE_MS - 500);
    expect(turnsSent()).toEqual([]);
    await tick(1_500);
    expect(turnsSent().map((m) => m.messages.map((x) => x.text))).toEqual([
      ['Is it climbable in winter?', 'Only for experienced climbers: the official season is July to September.'],
    ]);
    // the baseline exchange was never sent, and nothing is sent twice
    await tick(60_000);
    expect(turnsSent()).toHaveLength(1);
  });
});
