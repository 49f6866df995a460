// @vitest-environment happy-dom
/**
 * ChatGPT's content script reads finished exchanges with the reader the background injects on first use
 * (late-reader.ts): asked for once, only when needed, again after a refusal, and giving the same keys and text as
 * the reader built into the other sites' scripts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatTurnMessage, PageMessage } from '../../shared/messages';
import { startChatCapture } from './capture';
import { exchangeAt } from './exchange';
import { lateReader } from './late-reader';
import { chatgptSite } from './sites/chatgpt';
import { withReadingParts } from './sites/reading-parts';
import { fakeContentScript, fixture, loadPage, readerOf, settingsWith, useChatTimers } from './test-kit';

let fake: Awaited<ReturnType<typeof fakeContentScript>>;
let ctl: AbortController | null = null;
const tick = (ms: number) => vi.advanceTimersByTimeAsync(ms);
const turnsSent = () => fake.sent.filter((m): m is ChatTurnMessage => m.type === 'page:chat-turn');

useChatTimers();
afterEach(() => {
  ctl?.abort();
  ctl = null;
});

async function openStreaming(refuseReader?: () => boolean) {
  const { html, expected } = fixture('chatgpt', 'streaming');
  loadPage(html, expected.url);
  fake = await fakeContentScript(settingsWith('chatgpt'), refuseReader ? { refuseReader } : {});
  ctl = startChatCapture(chatgptSite, readerOf('chatgpt'));
  await tick(100);
}

/** The streaming fixture's documented completion (see its header comment). */
async function finishAnswer() {
  document.querySelector('[data-fixture-stream]')!.append(' jitter to each delay, so that clients do not retry.');
  await tick(100);
  document.querySelector('.result-streaming')!.classList.remove('result-streaming');
  const last = chatgptSite.turns(chatgptSite.container(document)!).at(-1)!;
  const actions = document.querySelector<HTMLTemplateElement>('template[data-fixture="finish-actions"]')!;
  last.querySelector('[class~="group/turn-messages"]')!.append(actions.content.cloneNode(true));
  const send = document.querySelector<HTMLTemplateElement>('template[data-fixture="send-button"]')!;
  document.querySelector(chatgptSite.stop)!.closest('button')!.replaceWith(send.content.cloneNode(true));
}

describe('ChatGPT: the reader injected on first use', () => {
  it('is asked for only when an answer finishes (not at load, not for the baseline), and the capture goes out', async () => {
    await openStreaming();
    await tick(10_000); // load, canary and baseline (the answers carry message ids)
    expect(fake.readerRequests).toEqual([]);
    await finishAnswer();
    await tick(2_000);
    expect(fake.readerRequests).toHaveLength(1);
    expect(turnsSent()).toHaveLength(1);
    expect(turnsSent()[0]!.messages.at(-1)!.text).toContain('jitter to each delay');
  });

  it('refused once (the tab could not be scripted), it is asked for again a second later and the capture arrives', async () => {
    let refusals = 1;
    await openStreaming(() => refusals-- > 0);
    await finishAnswer();
    await tick(1_200); // the quiet period, then the first request

    expect(fake.readerRequests).toHaveLength(1);
    expect(turnsSent()).toEqual([]);
    await tick(1_000);
    expect(fake.readerRequests).toHaveLength(2);
    expect(turnsSent()).toHaveLength(1);
  });

  it('never provided: four requests over about 20 s, then nothing more is sent and no timer is left', async () => {
    await openStreaming(() => true);
    await finishAnswer();
    await tick(60_000);
    expect(fake.readerRequests).toHaveLength(4);
    expect(turnsSent()).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a baseline key from the message id is the key the full reader gives, with no request', async () => {
    const { html, expected } = fixture('chatgpt', 'conversation');
    loadPage(html, expected.url);
    fake = await fakeContentScript(settingsWith('chatgpt'));
    const list = chatgptSite.turns(chatgptSite.container(document)!);
    const id = expected.conversationId!;
    let answers = 0;
    for (let i = 0; i < list.length; i++) {
      if (chatgptSite.role(list[i]!) !== 'assistant') continue;
      answers++;
      const full = exchangeAt(withReadingParts(chatgptSite), id, list, i, false);
      const baseline = await lateReader(chatgptSite, id, list, i, false, true);
      expect(baseline?.key).toBe(full?.key);
      expect(baseline?.ordinal).toBe(full?.ordinal);
    }
    expect(answers).toBeGreaterThan(1);
    expect(fake.readerRequests).toEqual([]);
    // …and a full read through it asks once and gives the same exchange
    const last = list.length - 1;
    expect(await lateReader(chatgptSite, id, list, last, false)).toEqual(
      exchangeAt(withReadingParts(chatgptSite), id, list, last, false),
    );
    expect(fake.readerRequests).toHaveLength(1);
    expect(fake.sent.filter((m: PageMessage) => m.type === 'page:chat-turn')).toEqual([]);
  });
});
